/**
 * Appending my own events: the next seq of my log and lamport = max seen + 1,
 * signed, then stored through the same checks as received events. Works with
 * no network at all (the sync engine pushes later). Appends run one at a time
 * per database so two quick sends never take the same seq.
 *
 * The path from Enter to the stored event is a sign and one transaction: the
 * event is signed from the conversation's head as this page last stored it,
 * and the transaction checks that head, and that the peer is still a friend,
 * before it stores. Only the first append of a conversation in a page reads
 * the row first, and only a head moved by another writer (another tab) costs
 * a second sign. That second one is signed from the row the transaction read,
 * as an append always was: a peer's event stored while it is signed is
 * concurrent with it and may keep the higher lamport, but my log's seq must
 * still follow on, or nothing is stored.
 * Spec: docs/protocol.md [SYNC-4], [CHAT-3].
 */
import type { ConvRow, MessageRow } from '../../db/chatRows';
import { knownHead, storeOwnEvent, type ConvHead } from '../../db/chatStore';
import { getConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { scheduleIndexing } from '../../db/searchIndex';
import { signEvent, type ChatEvent, type EventBodies, type EventType } from '../../lib/chatEvent';
import type { IdentityKeys } from '../../lib/identity';
import type { ConversationId } from '../../lib/ids';
import { mark } from '../../lib/marks';
import { SerialQueue } from '../../lib/serialQueue';

/** Thrown when the conversation is unknown or its peer is not a friend (or is blocked). */
export class NotFriendError extends Error {
  override readonly name = 'NotFriendError';
}

/** Thrown when my message in a group would not count: I am no member, or it is dissolved. */
export class NotMemberError extends Error {
  override readonly name = 'NotMemberError';
}

/**
 * Makes a body from the head it is signed at (a group's control event carries the head's
 * version vector as its context, [GRP-2]); throws to append nothing.
 */
export type BodyBuilder<T extends EventType> = (
  head: ConvHead,
  next: { seq: number; lamport: number; ts: number },
) => EventBodies[T] | Promise<EventBodies[T]>;

/** My event as stored, the conversation row after it, and the message rows it wrote. */
export interface Appended<T extends EventType> {
  event: ChatEvent<T>;
  conv: ConvRow;
  /** Null: a roster change moved more rows than these (views read again). */
  messages: MessageRow[] | null;
}

/**
 * How often an append signs again from a head another writer moved (another
 * tab of the same install) before it gives up; the user then retries.
 */
const MAX_ATTEMPTS = 3;

const queues = new WeakMap<PlumeDatabase, SerialQueue>();

/** The one append queue of `db`. */
function queueOf(db: PlumeDatabase): SerialQueue {
  let queue = queues.get(db);
  if (!queue) {
    queue = new SerialQueue();
    queues.set(db, queue);
  }
  return queue;
}

/** Append one event of mine to `conv`. Rejects with NotFriendError or StorageError. */
export function appendEvent<T extends EventType>(
  db: PlumeDatabase,
  keys: IdentityKeys,
  conv: ConversationId,
  type: T,
  body: EventBodies[T],
  now: number,
): Promise<Appended<T>> {
  return queueOf(db).run(() => appendNow(db, keys, conv, type, body, now));
}

/** Append one event of mine whose body is made from the head it is signed at. */
export function appendBuilt<T extends EventType>(
  db: PlumeDatabase,
  keys: IdentityKeys,
  conv: ConversationId,
  type: T,
  build: BodyBuilder<T>,
  now: number,
): Promise<Appended<T>> {
  return queueOf(db).run(() => appendNow(db, keys, conv, type, null, now, build));
}

async function appendNow<T extends EventType>(
  db: PlumeDatabase,
  keys: IdentityKeys,
  conv: ConversationId,
  type: T,
  body: EventBodies[T] | null,
  now: number,
  build?: BodyBuilder<T>,
): Promise<Appended<T>> {
  const me = keys.id;
  let head: ConvHead | null = knownHead(db, conv) ?? (await getConv(db, conv));
  for (let attempt = 1; head; attempt++) {
    const seq = (head.vv[me] ?? 0) + 1;
    const lamport = head.maxLamport + 1;
    const made = build ? await build(head, { seq, lamport, ts: now }) : body!;
    const unsigned = { conv, author: me, seq, lamport, ts: now, type, body: made };
    const event = await signEvent(unsigned, keys.privateKey);
    mark('signed', { conv, author: me, seq: event.seq });
    const who = { conv, peer: head.peer, members: head.members };
    const outcome = await storeOwnEvent(db, who, event, now, { aboveAll: attempt === 1 });
    if ('stored' in outcome) {
      mark('appended', { conv, author: me, seq: event.seq });
      scheduleIndexing(db);
      return { event, conv: outcome.conv, messages: outcome.messages };
    }
    if (outcome.reason === 'not-member') throw new NotMemberError(conv);
    if (outcome.reason !== 'stale') break;
    // Only another tab writing the same log at once gets here.
    if (attempt >= MAX_ATTEMPTS) throw new Error('append raced with another writer');
    head = outcome.conv;
  }
  throw new NotFriendError(conv);
}
