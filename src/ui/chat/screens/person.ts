/** Who a chat is with, as shown in lists and headers (title = remark ?? name). */
import type { PeerId } from '../../../lib/ids';
import { people, type FriendView } from '../../friends/models/friends';

export interface ChatPerson {
  id: PeerId;
  title: string;
  avatar: string | null;
  online: boolean;
  view: FriendView | null;
}

/** The person for `peer`; someone no longer known shows as the start of their PeerId. */
export function personOf(peer: PeerId): ChatPerson {
  const view = people.value.find((p) => p.id === peer) ?? null;
  return {
    id: peer,
    title: view?.title ?? `${peer.slice(0, 8)}…`,
    avatar: view?.avatar ?? null,
    online: view?.online ?? false,
    view,
  };
}
