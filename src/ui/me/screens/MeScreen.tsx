/** Me: profile (editable) with My code, connection, backup, wake and installing, and settings. */
import { Screen } from '../../components/Screen';
import { t } from '../../i18n';
import { BackupCard } from './BackupCard';
import { ConnectionCard } from './ConnectionCard';
import { ProfileCard } from './ProfileCard';
import { SettingsCard } from './SettingsCard';
import { WakeCard } from '../../wake/screens/WakeCard';
import '../me.css';

export function MeScreen() {
  return (
    <Screen title={t('me.title')}>
      <div class="cards">
        <ProfileCard />
        <ConnectionCard />
        <BackupCard />
        <WakeCard />
        <SettingsCard />
      </div>
    </Screen>
  );
}
