/**
 * "Add friend" on a group member who is no friend: a friend request over the group session,
 * with the member's key from the roster. A failure becomes a toast, never a silent no-op.
 * Spec: docs/protocol.md [GRP-61].
 */
import { base64urlDecode } from '../../../lib/base64url';
import { describeError } from '../../../lib/errors';
import type { GroupFold } from '../../../lib/group/types';
import type { PeerId } from '../../../lib/ids';
import { requestFriendInGroup } from '../../../peers/friends/groupRequest';
import { actionDeps } from '../../friends/models/friendDeps';
import { refreshPeople } from '../../friends/models/friends';
import { t } from '../../i18n';
import { push } from '../../shell/models/toasts';

/** Ask `member` of `fold`'s group, shown as `name`, to be friends; true when it was stored. */
export async function befriendMember(
  fold: GroupFold,
  member: PeerId,
  name: string,
): Promise<boolean> {
  const pub = base64urlDecode(fold.members[member]?.pub ?? '');
  if (!pub) {
    push({ kind: 'error', message: t('groups.addFriendFailed') });
    return false;
  }
  try {
    const outcome = await requestFriendInGroup(
      actionDeps(),
      { id: member, pub, name },
      { conv: fold.conv, name: fold.name ?? '' },
    );
    await refreshPeople();
    if (!outcome.ok) throw new Error(outcome.reason);
    push({ kind: 'success', message: t('groups.addFriendSent', { name }) });
    return true;
  } catch (err) {
    push({ kind: 'error', message: `${t('groups.addFriendFailed')} ${describeError(err)}` });
    return false;
  }
}
