/**
 * A handshake mismatch on this friend, shown so it cannot be missed. There is
 * deliberately no "accept the new key": a changed key is a hard error. The
 * way out is to check with the person and, if they really have a new
 * identity, delete and re-add them by scanning their new code.
 */
import { useSignal } from '@preact/signals';
import { WarningIcon } from '../../components/FeatureIcons';
import { language, t, type MessageKey } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/time';
import { dismissNotice, type FriendView, type SecurityNotice } from '../models/friends';
import { push } from '../../shell/models/toasts';

const BODY: Readonly<Record<string, MessageKey>> = {
  'key-changed': 'notice.keyChanged',
  'key-hash': 'notice.keyHash',
  fingerprint: 'notice.fingerprint',
  signature: 'notice.signature',
  replay: 'notice.replay',
  timeout: 'notice.timeout',
};

export function noticeBody(notice: SecurityNotice, name: string): string {
  return t(BODY[notice.reason] ?? 'notice.other', { name, reason: notice.reason });
}

export function SecurityNoticeBanner({ person }: { person: FriendView }) {
  const busy = useSignal(false);
  const notice = person.notice;
  if (!notice) return null;
  const hard = notice.reason === 'key-changed';

  const acknowledge = async () => {
    busy.value = true;
    try {
      await dismissNotice(person.id);
    } catch (err) {
      push({ kind: 'error', message: errorText(err) });
    } finally {
      busy.value = false;
    }
  };

  return (
    <section
      class={`notice ${hard ? 'notice--hard' : ''}`}
      role="alert"
      aria-labelledby="notice-title"
      data-testid="security-notice"
      data-reason={notice.reason}
    >
      <WarningIcon class="notice__icon" width="28" height="28" />
      <div class="notice__content">
        <h2 class="notice__title" id="notice-title">
          {t(hard ? 'notice.titleKeyChanged' : 'notice.title', { name: person.title })}
        </h2>
        <p>{noticeBody(notice, person.title)}</p>
        {hard && <p>{t('notice.keyChangedWhatToDo', { name: person.title })}</p>}
        <p class="notice__when">
          {t('notice.when', { time: formatDateTime(notice.at, language.value) })}
        </p>
        <button
          type="button"
          class="button button--secondary"
          data-testid="notice-dismiss"
          disabled={busy.value}
          onClick={() => void acknowledge()}
        >
          {t('notice.dismiss')}
        </button>
      </div>
    </section>
  );
}
