/** Accept / Decline for an incoming friend request, in the list row and on the detail screen. */
import { useSignal } from '@preact/signals';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { acceptRequest, declineRequest, type FriendView } from '../models/friends';
import { push } from '../../shell/models/toasts';

/** `announce` confirms the choice in a toast (the list row, where the row then disappears). */
export function RequestButtons({
  person,
  announce = false,
}: {
  person: FriendView;
  announce?: boolean;
}) {
  const busy = useSignal(false);
  const act = async (accept: boolean) => {
    busy.value = true;
    try {
      await (accept ? acceptRequest(person.id) : declineRequest(person.id));
      if (announce) {
        push({
          kind: 'success',
          message: t(accept ? 'request.accepted' : 'request.declined', { name: person.title }),
        });
      }
    } catch (err) {
      push({ kind: 'error', message: t('request.failed', { reason: errorText(err) }) });
    } finally {
      busy.value = false;
    }
  };
  return (
    <>
      <button
        type="button"
        class="button button--primary"
        data-testid="request-accept"
        disabled={busy.value}
        onClick={() => void act(true)}
      >
        {t('request.accept')}
      </button>
      <button
        type="button"
        class="button button--secondary"
        data-testid="request-decline"
        disabled={busy.value}
        onClick={() => void act(false)}
      >
        {t('request.decline')}
      </button>
    </>
  );
}
