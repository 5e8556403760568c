/**
 * The persistent signaling status in the header. The state is in the text
 * (and the dot's shape), never in colour alone; changes are announced politely.
 */
import type { ConnectionStatus } from '../../peers/transport';
import { t, type MessageKey } from '../i18n';
import { connectionStatus } from '../shell/models/runtime';

const LABEL: Readonly<Record<ConnectionStatus, MessageKey>> = {
  connecting: 'status.connecting',
  online: 'status.online',
  offline: 'status.offline',
  error: 'status.error',
};

export function ConnectionIndicator() {
  const status = connectionStatus.value;
  return (
    <div
      class="status"
      data-testid="connection-status"
      data-status={status}
      role="status"
      aria-live="polite"
    >
      <span class="status__dot" aria-hidden="true" />
      <span class="visually-hidden">{t('status.label')}: </span>
      <span class="status__text">{t(LABEL[status])}</span>
    </div>
  );
}
