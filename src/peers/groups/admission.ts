/**
 * Bringing a member who lacks their own admission into a group: the control events go first,
 * whatever the length of the history, and the invited side takes frames as an invitation once
 * the control events it holds and was sent fold to a group where both ends are members.
 * Spec: docs/protocol.md [GRP-20], [GRP-72], [GRP-73].
 */
import type { ChatEvent } from '../../lib/chatEvent';
import { parseEventId } from '../../lib/convId';
import { isControlEvent } from '../../lib/group/control';
import { foldGroup } from '../../lib/group/fold';
import type { GroupFold } from '../../lib/group/types';
import type { ConversationId, PeerId } from '../../lib/ids';
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from '../sync/constants';

/**
 * [GRP-73] Most control events an invited device keeps in memory while an invitation is not
 * complete; beyond it the partial invitation is dropped (the sender's next pass sends it again).
 */
export const MAX_INVITATION_EVENTS = 4000;

/**
 * [GRP-73] The control events kept for an invitation, with those of `events` not kept yet; empty
 * again past MAX_INVITATION_EVENTS.
 */
export function addPending(
  pending: readonly ChatEvent[],
  events: readonly ChatEvent[],
): ChatEvent[] {
  const held = new Set(pending.map((e) => `${e.author}:${e.seq}:${e.sig}`));
  const added = events.filter(
    (e) => isControlEvent(e) && !held.has(`${e.author}:${e.seq}:${e.sig}`),
  );
  const next = [...pending, ...added];
  return next.length > MAX_INVITATION_EVENTS ? [] : next;
}

/** [GRP-20] `events` fold to a standing group where both `me` and `peer` are members. */
export function isInvitation(
  conv: ConversationId,
  events: readonly ChatEvent[],
  me: PeerId,
  peer: PeerId,
): boolean {
  const fold = foldGroup(conv, events);
  return !fold.dissolved && fold.members[me] !== undefined && fold.members[peer] !== undefined;
}

/**
 * [GRP-72] Whether a HAVE `theirs` lacks the event that admitted `member`, a member in `fold`.
 */
export function lacksAdmission(
  fold: GroupFold,
  member: PeerId,
  theirs: Readonly<Record<string, number>>,
): boolean {
  const held = fold.members[member];
  if (!held || fold.dissolved) return false;
  const at = parseEventId(held.since);
  return at !== null && (theirs[at.author] ?? 0) < at.seq;
}

const utf8 = new TextEncoder();

/**
 * [GRP-72] The admission frames for `peer`: when their HAVE lacks the admission of either of us,
 * every held control event beyond it, in (lamport, author, seq) order, cut to the frame limits;
 * else none.
 */
export function admissionFrames(
  fold: GroupFold,
  me: PeerId,
  peer: PeerId,
  theirs: Readonly<Record<string, number>>,
  control: readonly ChatEvent[],
): ChatEvent[][] {
  if (!lacksAdmission(fold, peer, theirs) && !lacksAdmission(fold, me, theirs)) return [];
  const lacking = control
    .filter((e) => isControlEvent(e) && e.seq > (theirs[e.author] ?? 0))
    .sort(
      (a, b) =>
        a.lamport - b.lamport ||
        (a.author < b.author ? -1 : a.author > b.author ? 1 : a.seq - b.seq),
    );
  const frames: ChatEvent[][] = [];
  let batch: ChatEvent[] = [];
  let bytes = 0;
  for (const event of lacking) {
    const size = utf8.encode(JSON.stringify(event)).byteLength;
    if (
      batch.length >= MAX_EVENTS_PER_BATCH ||
      (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)
    ) {
      frames.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) frames.push(batch);
  return frames;
}
