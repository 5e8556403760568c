/**
 * Folded messages: pages newest-first through `[conv+lamport+author]` (no
 * scan, whatever the history length), single lookups, delete-for-me.
 * Spec: docs/protocol.md [CHAT-8], [CHAT-12].
 */
import type { ConversationId, EventId } from '../lib/ids';
import type { MessageRow } from './chatRows';
import type { PlumeDatabase } from './db';
import { MAX_NUM, MAX_STR, MIN_NUM, MIN_STR } from './keyBounds';
import { deindexMessage } from './searchIndex';
import { withStorage } from './storageErrors';

/** A display position: (lamport, author). */
export interface Position {
  lamport: number;
  author: string;
}

/**
 * Up to `limit` visible messages strictly before `before` (null: the newest),
 * returned oldest first.
 */
export async function pageBefore(
  db: PlumeDatabase,
  conv: ConversationId,
  before: Position | null,
  limit: number,
): Promise<MessageRow[]> {
  const upper = before ? [conv, before.lamport, before.author] : [conv, MAX_NUM, MAX_STR];
  const rows = await withStorage(db, (d) =>
    d.messages
      .where('[conv+lamport+author]')
      .between([conv, MIN_NUM, MIN_STR], upper, true, false)
      .reverse()
      .filter((m) => !m.hidden)
      .limit(limit)
      .toArray(),
  );
  return rows.reverse();
}

/** Visible messages from `from` (inclusive) to the newest, oldest first. */
export async function pageFrom(
  db: PlumeDatabase,
  conv: ConversationId,
  from: Position,
): Promise<MessageRow[]> {
  return withStorage(db, (d) =>
    d.messages
      .where('[conv+lamport+author]')
      .between([conv, from.lamport, from.author], [conv, MAX_NUM, MAX_STR], true, true)
      .filter((m) => !m.hidden)
      .toArray(),
  );
}

/** One message, or null. */
export async function getMessage(db: PlumeDatabase, id: EventId): Promise<MessageRow | null> {
  return (await withStorage(db, (d) => d.messages.get(id))) ?? null;
}

/** Several messages by id (missing ones omitted). */
export async function getMessages(db: PlumeDatabase, ids: EventId[]): Promise<MessageRow[]> {
  const rows = await withStorage(db, (d) => d.messages.bulkGet(ids));
  return rows.filter((m): m is MessageRow => m !== undefined);
}

/** [CHAT-12] Delete for me: hidden locally and out of search; the log keeps the event. */
export function hideMessage(db: PlumeDatabase, id: EventId): Promise<boolean> {
  return withStorage(db, (d) =>
    d.transaction('rw', [d.messages, d.postings], async () => {
      const message = await d.messages.get(id);
      if (!message) return false;
      if (!message.hidden) {
        await deindexMessage(d, message);
        await d.messages.put({ ...message, hidden: true });
      }
      return true;
    }),
  );
}
