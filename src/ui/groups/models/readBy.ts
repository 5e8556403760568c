/**
 * "Read by N" under my message in a group: the members whose read mark has reached it. A read
 * mark is the highest lamport a member has read in the group ([GRP-50]), so a message is read by
 * everyone whose mark is at or above its lamport ([GRP-54]).
 */
import type { PeerId } from '../../../lib/ids';

/** Who has read a message: members other than its author whose mark reaches its lamport. */
export function readBy(
  message: { author: PeerId; lamport: number },
  marks: ReadonlyMap<PeerId, number>,
  members: readonly PeerId[],
): PeerId[] {
  return members.filter((m) => m !== message.author && (marks.get(m) ?? 0) >= message.lamport);
}

/** The members other than the author, split into who has read the message and who has not. */
export function readSplit<M extends { id: PeerId }>(
  message: { author: PeerId; lamport: number },
  marks: ReadonlyMap<PeerId, number>,
  members: readonly M[],
): { read: M[]; unread: M[] } {
  const readers = new Set(
    readBy(
      message,
      marks,
      members.map((m) => m.id),
    ),
  );
  const others = members.filter((m) => m.id !== message.author);
  return {
    read: others.filter((m) => readers.has(m.id)),
    unread: others.filter((m) => !readers.has(m.id)),
  };
}
