/**
 * Me: profile, connection and settings. Later issues add "My code" (invite QR),
 * profile editing and identity backup here.
 */
import { Screen } from '../components/Screen';
import { t } from '../i18n';
import { ConnectionCard } from './me/ConnectionCard';
import { ProfileCard } from './me/ProfileCard';
import { SettingsCard } from './me/SettingsCard';

export function MeScreen() {
  return (
    <Screen title={t('me.title')}>
      <div class="cards">
        <ProfileCard />
        <ConnectionCard />
        <SettingsCard />
      </div>
    </Screen>
  );
}
