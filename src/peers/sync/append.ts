/**
 * Appending my own events: the next seq of my log and lamport = max seen + 1,
 * signed, then stored through the same checks as received events. Works with
 * no network at all (the sync engine pushes later). Appends run one at a time
 * per database so two quick sends never take the same seq.
 * Spec: docs/protocol.md [SYNC-4], [CHAT-3].
 */
import { storeEvents } from '../../db/chatStore';
import { getConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { getPerson } from '../../db/peopleRepo';
import { signEvent, type ChatEvent, type EventBodies, type EventType } from '../../lib/chatEvent';
import type { IdentityKeys } from '../../lib/identity';
import type { ConversationId } from '../../lib/ids';
import { mark } from '../../lib/marks';
import { SerialQueue } from '../../lib/serialQueue';

/** Thrown when the conversation is unknown or its peer is not a friend (or is blocked). */
export class NotFriendError extends Error {
  override readonly name = 'NotFriendError';
}

const queues = new WeakMap<PlumeDatabase, SerialQueue>();

/** Append one event of mine to `conv`. Rejects with NotFriendError or StorageError. */
export function appendEvent<T extends EventType>(
  db: PlumeDatabase,
  keys: IdentityKeys,
  conv: ConversationId,
  type: T,
  body: EventBodies[T],
  now: number,
): Promise<ChatEvent<T>> {
  let queue = queues.get(db);
  if (!queue) {
    queue = new SerialQueue();
    queues.set(db, queue);
  }
  return queue.run(() => appendNow(db, keys, conv, type, body, now));
}

async function appendNow<T extends EventType>(
  db: PlumeDatabase,
  keys: IdentityKeys,
  conv: ConversationId,
  type: T,
  body: EventBodies[T],
  now: number,
): Promise<ChatEvent<T>> {
  const row = await getConv(db, conv);
  const person = row ? await getPerson(db, row.peer) : null;
  if (!row || !person || person.state !== 'friend' || person.blocked)
    throw new NotFriendError(conv);
  const me = keys.id;
  const unsigned = {
    conv,
    author: me,
    seq: (row.vv[me] ?? 0) + 1,
    lamport: row.maxLamport + 1,
    ts: now,
    type,
    body,
  };
  const event = await signEvent(unsigned, keys.privateKey);
  const who = { conv, peer: row.peer, members: row.members };
  const result = await storeEvents(db, who, [event], me, now);
  // Only another tab writing the same log at once gets here; the user retries.
  if (result.stored.length === 0) throw new Error('append raced with another writer');
  mark('appended', { conv, author: me, seq: event.seq });
  return event;
}
