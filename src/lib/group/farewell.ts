/**
 * What a removed member is still sent: the removal that took them out and its causal past, so
 * their device folds the removal and shows it, and nothing written after it. [GRP-60]
 * Spec: docs/protocol.md, Removed members, and members who are no friends.
 */
import type { ChatEvent } from '../chatEvent';
import { parseEventId } from '../convId';
import type { EventId, PeerId } from '../ids';
import type { GroupFold } from './types';

/** Per author, the highest seq a removed member may still be sent. */
export type FarewellCap = Readonly<Record<string, number>>;

/**
 * The removal that took `peer` out of the group, when they are out because of one (not a leave,
 * not a dissolution, not never admitted); null otherwise.
 */
export function removalOf(fold: GroupFold, peer: PeerId): EventId | null {
  if (fold.members[peer] !== undefined) return null;
  const last = fold.timelines[peer]?.at(-1);
  if (!last || last.role !== null) return null;
  const outcome = fold.outcomes.find((o) => o.event === last.event);
  return outcome?.type === 'group.remove' && outcome.status === 'applied' ? last.event : null;
}

/**
 * [GRP-60] The cap of what `peer`, removed from the group, may still be sent by `me`: the
 * removal's own context plus the remover's log up to the removal. Null when `peer` is not out
 * by a removal (a member, someone who left, never admitted), when I am out myself, when the
 * group is dissolved, or when the removal is not among `controls`.
 */
export function farewellCap(
  fold: GroupFold,
  controls: readonly ChatEvent[],
  me: PeerId,
  peer: PeerId,
): FarewellCap | null {
  if (fold.dissolved || fold.members[me] === undefined) return null;
  const event = removalOf(fold, peer);
  const ref = event && parseEventId(event);
  const removal = ref && controls.find((e) => e.author === ref.author && e.seq === ref.seq);
  if (!removal) return null;
  const { ctx } = removal.body as { ctx: Record<string, number> };
  return { ...ctx, [removal.author]: Math.max(ctx[removal.author] ?? 0, removal.seq) };
}
