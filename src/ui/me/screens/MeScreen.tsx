/** Me: profile (editable) with My code, connection, backup and settings. */
import { Screen } from '../../components/Screen';
import { t } from '../../i18n';
import { BackupCard } from './BackupCard';
import { ConnectionCard } from './ConnectionCard';
import { ProfileCard } from './ProfileCard';
import { SettingsCard } from './SettingsCard';
import '../me.css';

export function MeScreen() {
  return (
    <Screen title={t('me.title')}>
      <div class="cards">
        <ProfileCard />
        <ConnectionCard />
        <BackupCard />
        <SettingsCard />
      </div>
    </Screen>
  );
}
