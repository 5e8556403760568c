/**
 * Storing events: one transaction checks that each event continues its
 * author's log with no gap, stores it, folds it into its message, updates the
 * search index and the conversation row. Verification of signatures happens
 * before (it is asynchronous crypto, which cannot run inside an IndexedDB
 * transaction). Spec: docs/protocol.md [SYNC-4], [CHAT-8..12].
 */
import type { ChatEvent } from '../lib/chatEvent';
import { isEventOf } from '../lib/chatEvent';
import { eventIdOf } from '../lib/convId';
import type { ConversationId, EventId, PeerId } from '../lib/ids';
import type { ConvRow, EventRow, MessageRow } from './chatRows';
import type { PlumeDatabase } from './db';
import { applyModifier, isAfter, lastOf, messageFromText } from './fold';
import { deindexMessage, indexMessage } from './searchIndex';
import { withStorage } from './storageErrors';

/** Who a conversation is with; used when its row does not exist yet. */
export interface ConvIdentity {
  conv: ConversationId;
  peer: PeerId;
  members: PeerId[];
}

/** What one store call did. */
export interface StoreResult {
  stored: ChatEvent[];
  duplicates: number;
  /** Events beyond a gap: dropped, the next HAVE asks again. [SYNC-5] */
  gaps: number;
  conv: ConvRow;
}

/** A conversation row with nothing in it yet. */
export function emptyConv(who: ConvIdentity, now: number): ConvRow {
  return {
    conv: who.conv,
    peer: who.peer,
    members: [...who.members].sort(),
    vv: {},
    maxLamport: 0,
    lastActivity: now,
    last: null,
    unread: 0,
    pinned: false,
    muted: false,
    readUpto: 0,
    peerReadUpto: 0,
    sentSeq: 0,
    deliveredSeq: 0,
  };
}

function toRow(event: ChatEvent): EventRow {
  const body = event.body as { target?: EventId };
  return body.target ? { ...event, target: body.target } : { ...event };
}

/** Strip local fields: the event exactly as signed and sent. */
export function fromRow(row: EventRow): ChatEvent {
  const { target: _target, ...event } = row;
  return event;
}

async function replaceText(db: PlumeDatabase, before: MessageRow, after: MessageRow) {
  await deindexMessage(db, before);
  await indexMessage(db, after);
}

async function foldText(db: PlumeDatabase, row: ConvRow, event: ChatEvent<'text'>, me: PeerId) {
  const id = eventIdOf(event.conv, event.author, event.seq);
  let message = messageFromText(event, id);
  // Edits, recalls or reactions may have arrived first (another author's log ran ahead).
  const early = await db.events.where('target').equals(id).toArray();
  early.sort((a, b) => a.lamport - b.lamport);
  for (const mod of early) message = applyModifier(message, fromRow(mod)).message;
  await db.messages.put(message);
  await indexMessage(db, message);
  if (!row.last || isAfter(message, row.last)) row.last = lastOf(message);
  if (event.author !== me && event.lamport > row.readUpto && !message.recalled) row.unread++;
}

async function foldModifier(db: PlumeDatabase, row: ConvRow, event: ChatEvent, target: EventId) {
  const message = await db.messages.get(target);
  if (!message) return;
  const result = applyModifier(message, event);
  if (!result.changed) return;
  if (result.textChanged) await replaceText(db, message, result.message);
  await db.messages.put(result.message);
  if (row.last?.id === target) row.last = lastOf(result.message);
}

/**
 * Store events of one conversation idempotently, in order. An event at or
 * below its author's version-vector entry is a duplicate; one beyond the next
 * seq is a gap and is dropped. Rejects with StorageError (e.g. 'quota').
 */
export function storeEvents(
  db: PlumeDatabase,
  who: ConvIdentity,
  events: readonly ChatEvent[],
  me: PeerId,
  now: number,
): Promise<StoreResult> {
  const tables = [db.events, db.messages, db.convs, db.postings];
  return withStorage(db, (d) =>
    d.transaction('rw', tables, async () => {
      const row = (await d.convs.get(who.conv)) ?? emptyConv(who, now);
      const result: StoreResult = { stored: [], duplicates: 0, gaps: 0, conv: row };
      for (const event of events) {
        const have = row.vv[event.author] ?? 0;
        if (event.seq <= have) result.duplicates++;
        else if (event.seq > have + 1) result.gaps++;
        else {
          await d.events.add(toRow(event));
          row.vv[event.author] = event.seq;
          row.maxLamport = Math.max(row.maxLamport, event.lamport);
          if (isEventOf(event, 'text')) {
            await foldText(d, row, event, me);
            // A peer's clock must not pin a chat to the top: never later than now.
            row.lastActivity = Math.max(row.lastActivity, Math.min(event.ts, now));
          } else {
            const target = (event.body as { target?: EventId }).target;
            if (target) await foldModifier(d, row, event, target);
          }
          result.stored.push(event);
        }
      }
      if (result.stored.length > 0) await d.convs.put(row);
      return result;
    }),
  );
}

/** Events of one author with seq in [from, to], at most `limit`, in seq order. [SYNC-2] */
export async function readLog(
  db: PlumeDatabase,
  conv: ConversationId,
  author: PeerId,
  from: number,
  to: number,
  limit: number,
): Promise<ChatEvent[]> {
  if (from > to) return [];
  const rows = await withStorage(db, (d) =>
    d.events
      .where('[conv+author+seq]')
      .between([conv, author, from], [conv, author, to], true, true)
      .limit(limit)
      .toArray(),
  );
  return rows.map(fromRow);
}

/** One stored event by id parts, or null. */
export async function getEvent(
  db: PlumeDatabase,
  conv: ConversationId,
  author: PeerId,
  seq: number,
): Promise<ChatEvent | null> {
  const row = await withStorage(db, (d) => d.events.get([conv, author, seq]));
  return row ? fromRow(row) : null;
}
