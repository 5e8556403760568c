/** Invite friends to a group: the friend picker without the members, then invite. */
import { useSignal } from '@preact/signals';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { MenuSheet } from '../../components/MenuSheet';
import { t } from '../../i18n';
import { runGroupAction } from '../models/groupActions';
import { friendChoices, MAX_GROUP_MEMBERS } from '../models/newGroup';
import { people } from '../../friends/models/friends';
import { FriendPicker } from './FriendPicker';

interface InviteSheetProps {
  conv: ConversationId;
  members: ReadonlySet<PeerId>;
  needsApproval: boolean;
  onClose: () => void;
}

export function InviteSheet({ conv, members, needsApproval, onClose }: InviteSheetProps) {
  const chosen = useSignal<PeerId[]>([]);
  const busy = useSignal(false);
  const room = MAX_GROUP_MEMBERS - members.size;
  const none = friendChoices(people.value, '', members).length === 0;

  const invite = () => {
    if (chosen.value.length === 0 || busy.value) return;
    busy.value = true;
    void runGroupAction((api) => api.invite(conv, chosen.value), t('groups.invited')).then((ok) => {
      busy.value = false;
      if (ok) onClose();
    });
  };

  return (
    <MenuSheet open label={t('groups.invite')} onClose={onClose} testId="group-invite">
      <p class="sheet__title">{t('groups.invite')}</p>
      {needsApproval && <p class="list-note">{t('groups.inviteApproval')}</p>}
      {none ? (
        <p class="list-note">{t('groups.inviteNone')}</p>
      ) : room <= 0 ? (
        <p class="list-note">{t('groups.tooMany', { max: MAX_GROUP_MEMBERS })}</p>
      ) : (
        <FriendPicker
          chosen={chosen.value}
          onChange={(next) => {
            chosen.value = next;
          }}
          room={room}
          exclude={members}
          idPrefix="group-invite"
        />
      )}
      <div class="button-row">
        <button type="button" class="button button--text" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
        <button
          type="button"
          class="button button--primary"
          data-testid="group-invite-send"
          disabled={chosen.value.length === 0 || busy.value}
          aria-busy={busy.value}
          onClick={invite}
        >
          {t('groups.inviteSend')}
        </button>
      </div>
    </MenuSheet>
  );
}
