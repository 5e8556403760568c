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
 * returned oldest first. Each read is one `getAll` on the index range (no
 * cursor, no filter in the database); hidden rows are dropped here, and only
 * when they leave the page short is the range read further back.
 */
export async function pageBefore(
  db: PlumeDatabase,
  conv: ConversationId,
  before: Position | null,
  limit: number,
): Promise<MessageRow[]> {
  const lower = [conv, MIN_NUM, MIN_STR];
  let upper = before ? [conv, before.lamport, before.author] : [conv, MAX_NUM, MAX_STR];
  const visible: MessageRow[] = [];
  while (visible.length < limit) {
    const want = limit - visible.length;
    const rows = await withStorage(db, (d) =>
      d.messages
        .where('[conv+lamport+author]')
        .between(lower, upper, true, false)
        .reverse()
        .limit(want)
        .toArray(),
    );
    for (const row of rows) if (!row.hidden && !row.voided) visible.push(row);
    const oldest = rows.at(-1);
    if (rows.length < want || !oldest) break;
    upper = [conv, oldest.lamport, oldest.author];
  }
  return visible.reverse();
}

/** Visible messages from `from` (inclusive) to the newest, oldest first: one `getAll`. */
export async function pageFrom(
  db: PlumeDatabase,
  conv: ConversationId,
  from: Position,
): Promise<MessageRow[]> {
  const rows = await withStorage(db, (d) =>
    d.messages
      .where('[conv+lamport+author]')
      .between([conv, from.lamport, from.author], [conv, MAX_NUM, MAX_STR], true, true)
      .toArray(),
  );
  return rows.filter((m) => !m.hidden && !m.voided);
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
