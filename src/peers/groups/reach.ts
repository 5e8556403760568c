/**
 * Reach tokens in groups, read from the folded rosters: each member publishes a token for each
 * group in its own create, add, join or `group.reach` event ([GRP-3]), so only members can put an
 * OFFER in front of each other ([SIG-REACH-3]). Pure, so the rules are tested without storage.
 * [GRP-35]
 * Spec: docs/protocol.md, Sessions between members.
 */
import type { GroupFold } from '../../lib/group/types';
import type { PeerId } from '../../lib/ids';
import { isReachText, type ReachToken } from '../../lib/reach';

/** What the groups add to the reach state. */
export interface GroupReachState {
  /** My current token in each group I am a member of: their hashes open me. */
  mine: ReachToken[];
  /** The token to present to each member I share a group with. */
  present: Map<PeerId, ReachToken>;
}

/** The reach state the live groups in `folds` give `me`. */
export function groupReach(folds: readonly GroupFold[], me: PeerId): GroupReachState {
  const mine = new Set<ReachToken>();
  const present = new Map<PeerId, ReachToken>();
  // In conv order, so a member in several groups is always shown the same token.
  const live = folds
    .filter((fold) => !fold.dissolved && fold.members[me] !== undefined)
    .sort((a, b) => (a.conv < b.conv ? -1 : 1));
  for (const fold of live) {
    for (const [id, member] of Object.entries(fold.members)) {
      const peer = id as PeerId;
      if (!isReachText(member.reach)) continue;
      if (peer === me) mine.add(member.reach);
      else if (!present.has(peer)) present.set(peer, member.reach);
    }
  }
  return { mine: [...mine], present };
}

/**
 * Whether I must publish a fresh token for a group after a fold: someone who was a member in
 * `before` has been removed in `after` and I am still in it, so the token they saw must stop
 * opening me. Nothing is due for the first fold, a leave, or a group I am not in.
 */
export function rotationDue(before: GroupFold | null, after: GroupFold, me: PeerId): boolean {
  if (!before || after.dissolved || after.members[me] === undefined) return false;
  return Object.keys(before.members).some(
    (id) => after.members[id as PeerId] === undefined && id in after.removedAt,
  );
}
