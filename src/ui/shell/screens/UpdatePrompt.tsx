/** "Update available — Reload": shown while a new service worker waits. */
import { t } from '../../i18n';
import { applyUpdate, dismissUpdate, updateAvailable } from '../models/pwa';

export function UpdatePrompt() {
  if (!updateAvailable.value) return null;
  return (
    <div class="update" data-testid="update-prompt" role="status" aria-live="polite">
      <p class="update__text">
        <strong>{t('update.available')}</strong> <span>{t('update.body')}</span>
      </p>
      <div class="update__actions">
        <button type="button" class="button button--text" onClick={dismissUpdate}>
          {t('update.later')}
        </button>
        <button
          type="button"
          class="button button--primary"
          data-testid="update-reload"
          onClick={applyUpdate}
        >
          {t('update.reload')}
        </button>
      </div>
    </div>
  );
}
