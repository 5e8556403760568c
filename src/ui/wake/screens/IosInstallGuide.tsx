/** iOS and iPadOS deliver Web Push only to installed apps: how to add Plume to the Home Screen. */
import { t } from '../../i18n';

export function IosInstallGuide({ onClose }: { onClose?: () => void }) {
  return (
    <div class="ios-guide" data-testid="wake-ios-guide">
      <p class="ios-guide__title" id="wake-ios-guide-title">
        {t('wake.iosTitle')}
      </p>
      <ol class="ios-guide__steps" aria-labelledby="wake-ios-guide-title">
        <li>{t('wake.iosStep1')}</li>
        <li>{t('wake.iosStep2')}</li>
        <li>{t('wake.iosStep3')}</li>
      </ol>
      {onClose && (
        <button type="button" class="button button--text" onClick={onClose}>
          {t('wake.dismiss')}
        </button>
      )}
    </div>
  );
}
