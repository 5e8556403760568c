/** Signaling status in words, the reason when it failed, and connecting again. */
import type { ConnectionStatus } from '../../../peers/transport';
import { t, type MessageKey } from '../../i18n';
import { connectionErrorText } from '../../i18n/errors';
import {
  connectionError,
  connectionErrorDetail,
  connectionStatus,
  identityTakenElsewhere,
  takeOver,
} from '../../shell/models/runtime';

const EXPLANATION: Readonly<Record<ConnectionStatus, MessageKey>> = {
  connecting: 'me.connectionConnecting',
  online: 'me.connectionOnline',
  offline: 'me.connectionOffline',
  error: 'me.connectionError',
};

function ErrorActions() {
  if (identityTakenElsewhere.value) {
    return (
      <div class="connection__actions">
        <p class="facts__hint">{t('me.takeOverHint')}</p>
        <button
          type="button"
          class="button button--primary"
          data-testid="take-over"
          onClick={takeOver}
        >
          {t('me.takeOver')}
        </button>
      </div>
    );
  }
  // Without WebRTC, trying again cannot help; the message says what to do instead.
  if (connectionError.value === 'unsupported') return null;
  return (
    <div class="connection__actions">
      <button
        type="button"
        class="button button--primary"
        data-testid="connection-retry"
        onClick={takeOver}
      >
        {t('me.retry')}
      </button>
    </div>
  );
}

export function ConnectionCard() {
  const status = connectionStatus.value;
  const error = connectionError.value;
  const detail = connectionErrorDetail.value;
  return (
    <section class="card" aria-labelledby="me-connection">
      <h2 class="card__title" id="me-connection">
        {t('me.connection')}
      </h2>
      <p class="connection" data-status={status}>
        <span class="status__dot" aria-hidden="true" />
        {t(EXPLANATION[status])}
      </p>
      {status === 'error' && (
        <>
          {error && <p class="connection__error">{connectionErrorText(error)}</p>}
          {detail && (
            <details class="connection__detail">
              <summary>{t('error.details')}</summary>
              <code>{detail}</code>
            </details>
          )}
          <ErrorActions />
        </>
      )}
    </section>
  );
}
