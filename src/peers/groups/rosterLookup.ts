/**
 * The key a handshake expects: a stored person's pinned key, else the key a group roster gives a
 * member of a group we share. The person comes first and alone decides when there is one, so a
 * friend's handshake never waits on the groups, and a block always holds. [GRP-30]
 * Spec: docs/protocol.md, Sessions between members.
 */
import { base64urlDecode } from '../../lib/base64url';
import { PUBLIC_KEY_BYTES } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { PinnedPeer } from '../session/handshake';
import type { GroupDirectory } from './contract';

const logger = log('peers:groups');

/** How a session finds the key it expects for a peer (null: a stranger). */
export type PeerLookup = (peer: PeerId) => Promise<PinnedPeer | null>;

/** `lookup`, falling back to the rosters of `directory` for peers it does not know. */
export function withRosterKeys(
  lookup: PeerLookup,
  directory: Pick<GroupDirectory, 'rosterKey'> | undefined,
): PeerLookup {
  if (!directory) return lookup;
  return async (peer) => {
    const pinned = await lookup(peer);
    if (pinned) return pinned;
    const key = await directory.rosterKey(peer);
    if (key === null) return null;
    const pub = base64urlDecode(key);
    if (!pub || pub.length !== PUBLIC_KEY_BYTES) {
      logger.warn('a roster holds a malformed key for', peer);
      return null;
    }
    return { pub, blocked: false, roster: true };
  };
}
