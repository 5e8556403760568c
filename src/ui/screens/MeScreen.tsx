/** Me: profile (editable) with My code, connection, backup and settings. */
import { Screen } from '../components/Screen';
import { t } from '../i18n';
import { BackupCard } from './me/BackupCard';
import { ConnectionCard } from './me/ConnectionCard';
import { ProfileCard } from './me/ProfileCard';
import { SettingsCard } from './me/SettingsCard';

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
