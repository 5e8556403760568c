/**
 * "Let friends wake Plume when it is closed?", in a chat with a friend: the moment that makes
 * sense, once there is a friend who might want to reach us. Shown once (until answered), never
 * together with the notification prompt; with an install button when the browser offers one,
 * and on iOS the Add to Home Screen guide instead ([WAKE-15]).
 */
import { useEffect } from 'preact/hooks';
import { t } from '../../i18n';
import { askNotifications } from '../../shell/models/notifyPrompt';
import { canInstall, promptInstall, showIosGuide } from '../models/install';
import {
  dismissWakeOffer,
  enableWake,
  startWakeModel,
  wakeOfferShown,
  wakeStatus,
} from '../models/wake';
import { IosInstallGuide } from './IosInstallGuide';
import '../wake.css';

export function WakeOffer({ name }: { name: string }) {
  useEffect(() => startWakeModel(), []);
  if (!wakeOfferShown.value || askNotifications.value) return null;
  if (showIosGuide.value) {
    return (
      <div
        class="notify-prompt"
        role="region"
        aria-label={t('wake.title')}
        data-testid="wake-offer"
      >
        <IosInstallGuide onClose={dismissWakeOffer} />
      </div>
    );
  }
  const busy = wakeStatus.value === 'working';
  return (
    <div class="notify-prompt" role="region" aria-label={t('wake.title')} data-testid="wake-offer">
      <p class="notify-prompt__text">
        <strong class="wake-offer__title">{t('wake.offerTitle')}</strong>{' '}
        {t('wake.offerText', { name })}
      </p>
      <div class="notify-prompt__actions">
        {canInstall.value && (
          <button
            type="button"
            class="button button--text"
            data-testid="wake-install"
            onClick={() => void promptInstall()}
          >
            {t('wake.install')}
          </button>
        )}
        <button
          type="button"
          class="button button--text"
          data-testid="wake-offer-dismiss"
          onClick={dismissWakeOffer}
        >
          {t('wake.notNow')}
        </button>
        <button
          type="button"
          class="button button--primary"
          data-testid="wake-offer-accept"
          aria-busy={busy ? 'true' : undefined}
          disabled={busy}
          onClick={() => void enableWake()}
        >
          {t('wake.turnOn')}
        </button>
      </div>
    </div>
  );
}
