/**
 * "Turn on notifications?" — shown only once a chat is under way (see
 * shell/models/notifyPrompt.ts), never on load, and dismissible.
 */
import { t } from '../i18n';
import {
  askNotifications,
  dismissNotificationPrompt,
  requestNotificationPermission,
} from '../shell/models/notifyPrompt';

export function NotificationPrompt() {
  if (!askNotifications.value) return null;
  return (
    <div
      class="notify-prompt"
      role="region"
      aria-label={t('notify.title')}
      data-testid="notify-prompt"
    >
      <p class="notify-prompt__text">{t('notify.prompt')}</p>
      <div class="notify-prompt__actions">
        <button
          type="button"
          class="button button--text"
          data-testid="notify-dismiss"
          onClick={dismissNotificationPrompt}
        >
          {t('notify.dismiss')}
        </button>
        <button
          type="button"
          class="button button--primary"
          data-testid="notify-allow"
          onClick={() => void requestNotificationPermission()}
        >
          {t('notify.allow')}
        </button>
      </div>
    </div>
  );
}
