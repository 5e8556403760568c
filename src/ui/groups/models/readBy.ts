/**
 * "Read by N" under my message in a group: the members whose read mark has reached it. A read
 * mark is the highest lamport a member has read in the conversation ([SYNC-8], `READ {conv,
 * upto}`), so a message is read by everyone whose mark is at or above its lamport.
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
