/**
 * The tokens of group codes that open me: as an admin or the owner of a group I answer for its
 * codes, so I register the reach token of each of its links until a day after it expires
 * (revoked or not), and a joiner with a stale code hears why instead of reaching nobody. [GRP-42]
 * Spec: docs/protocol.md, Group codes.
 */
import { groupCodeReachToken } from '../../lib/groupCode';
import type { GroupFold } from '../../lib/group/types';
import type { PeerId } from '../../lib/ids';
import type { ReachToken } from '../../lib/reach';

/** How long after its expiry a code's token still opens its hosts. */
export const CODE_REFUSAL_GRACE_MS = 24 * 60 * 60 * 1000;

/** The code tokens that open `me` at `now`. */
export async function codeReach(
  folds: readonly GroupFold[],
  me: PeerId,
  now: number,
): Promise<ReachToken[]> {
  const links: string[] = [];
  for (const fold of folds) {
    const role = fold.members[me]?.role;
    if (fold.dissolved || (role !== 'owner' && role !== 'admin')) continue;
    for (const [id, link] of Object.entries(fold.links)) {
      if (now < link.expires + CODE_REFUSAL_GRACE_MS) links.push(id);
    }
  }
  const tokens = await Promise.all(links.map(groupCodeReachToken));
  return tokens.filter((token): token is ReachToken => token !== null);
}
