/**
 * Block and delete. Deleting tells the other side (FRIEND_REMOVED), so it
 * cannot be undone honestly: it asks first instead of offering Undo.
 * Blocking sends nothing and is reversible, so it acts at once.
 */
import { useSignal } from '@preact/signals';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { removeFriend, setBlocked, type FriendView } from '../models/friends';
import { navigate } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';

export function FriendActions({ person }: { person: FriendView }) {
  const confirming = useSignal(false);
  const busy = useSignal(false);

  const toggleBlock = async () => {
    busy.value = true;
    try {
      await setBlocked(person.id, !person.blocked);
      push({
        kind: 'success',
        message: t(person.blocked ? 'friend.unblocked' : 'friend.blockedDone', {
          name: person.title,
        }),
      });
    } catch (err) {
      push({ kind: 'error', message: t('friend.saveFailed', { reason: errorText(err) }) });
    } finally {
      busy.value = false;
    }
  };

  const remove = async () => {
    busy.value = true;
    try {
      await removeFriend(person.id);
      confirming.value = false;
      navigate({ name: 'friends' }, { replace: true });
      push({ kind: 'success', message: t('friend.deleted', { name: person.title }) });
    } catch (err) {
      push({ kind: 'error', message: t('friend.deleteFailed', { reason: errorText(err) }) });
    } finally {
      busy.value = false;
    }
  };

  const isFriend = person.state === 'friend';
  return (
    <section class="card card--stack" aria-labelledby="friend-actions">
      <h2 class="card__title" id="friend-actions">
        {t('friend.actions')}
      </h2>
      <div class="action-row">
        <p class="facts__hint">
          {person.blocked ? t('friend.blockedExplain') : t('friend.blockExplain')}
        </p>
        <button
          type="button"
          class="button button--secondary"
          data-testid="friend-block"
          data-blocked={String(person.blocked)}
          disabled={busy.value}
          onClick={() => void toggleBlock()}
        >
          {person.blocked ? t('friend.unblock') : t('friend.block')}
        </button>
      </div>
      <div class="action-row">
        <p class="facts__hint">
          {isFriend ? t('friend.deleteExplain') : t('friend.deleteRequestExplain')}
        </p>
        <button
          type="button"
          class="button button--danger-text"
          data-testid="friend-delete"
          disabled={busy.value}
          onClick={() => {
            confirming.value = true;
          }}
        >
          {isFriend ? t('friend.delete') : t('friend.deleteRequest')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming.value}
        title={t('friend.deleteTitle', { name: person.title })}
        confirmLabel={t('friend.delete')}
        danger
        busy={busy.value}
        onConfirm={() => void remove()}
        onCancel={() => {
          confirming.value = false;
        }}
      >
        <p>{t('friend.deleteConfirm', { name: person.title })}</p>
      </ConfirmDialog>
    </section>
  );
}
