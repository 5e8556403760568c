/**
 * The search index: postings `[token+ts+id]` (all chats, newest first) and
 * `[token+conv+ts]` (one chat). A query walks the postings of its rarest
 * token newest-first and checks each candidate's folded text for every term,
 * so it never scans messages and stops at `limit`. Spec: docs/protocol.md [CHAT-SEARCH-*].
 */
import type { ConversationId, EventId } from '../lib/ids';
import { foldText, indexTokens, matchesAll, type SearchQuery } from '../lib/search/tokenize';
import type { ConvRow, MessageRow, PostingRow } from './chatRows';
import type { PlumeDatabase } from './db';
import { MAX_NUM, MAX_STR, MIN_NUM, MIN_STR } from './keyBounds';
import { withStorage } from './storageErrors';

/**
 * Most postings of the rarest token examined by one query: bounds the worst
 * case (a common token in a phrase that never occurs) at a few hundred ms.
 */
export const MAX_SCAN_POSTINGS = 20_000;
/** Messages read per bulkGet while verifying candidates. */
const VERIFY_BATCH = 200;

/**
 * Received backlog is indexed later (see storeEvents' `deferIndex`): its
 * conversation row records which messages wait, as a range of their
 * `[lamport, author]` keys ({@link PendingIndex}), so storing them writes no
 * search rows at all. The idle pass walks the range newest first and narrows
 * it in the same transaction as the postings it writes, so a crash resumes
 * where it stopped. [CHAT-SEARCH-4]
 */
export interface PendingIndex {
  /** Lowest lamport that may still be unindexed. */
  lo: number;
  /** Exclusive upper bound: messages with a key below it (and lamport ≥ lo) wait. */
  below: [number, string];
}

/** A conversation row with its pending-index range (a field of its own, not indexed). */
export type IndexedConvRow = ConvRow & { pendingIndex?: PendingIndex };

/**
 * The token of the marker postings an earlier version wrote, one per message
 * waiting to be indexed. Tokens are letters and digits only, so no text ever
 * produces it; markers left in a database are still drained.
 */
export const PENDING_TOKEN = '\u0000pending';
/** Pending messages indexed before a search answers (newest first): bounds its delay. */
export const MAX_PENDING_BEFORE_SEARCH = 5_000;
/** Pending messages indexed per transaction. */
const PENDING_CHUNK = 250;
/** Quiet time after the last deferred store before idle indexing starts. */
const IDLE_DELAY_MS = 1_000;

function keyBelow(x: [number, string], y: [number, string]): boolean {
  return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
}

/**
 * Widen `row`'s pending range to cover a message stored without its postings
 * (same transaction as the message). Re-indexing an indexed message in the
 * range only rewrites the same postings.
 */
export function deferIndexing(row: IndexedConvRow, message: MessageRow): void {
  const below: [number, string] = [message.lamport, MAX_STR];
  const range = row.pendingIndex;
  if (!range) row.pendingIndex = { lo: message.lamport, below };
  else {
    range.lo = Math.min(range.lo, message.lamport);
    if (keyBelow(range.below, below)) range.below = below;
  }
}

/** The text a message is indexed by, whatever its state: its text, or a file's name. */
function indexedText(message: MessageRow): string {
  if (message.text) return message.text;
  // A voice message's name is generated: it says nothing.
  const file = message.kind === 'file' ? message.file : undefined;
  return file && !file.voice ? file.name : '';
}

/**
 * What a message is found by: its text, or a file's name; nothing once
 * recalled or deleted for me. [CHAT-SEARCH-1]
 */
export function searchableText(message: MessageRow): string {
  return message.recalled || message.hidden || message.voided ? '' : indexedText(message);
}

/** Keys of the postings a message was indexed with (whatever its state now), to delete them. */
export function postingKeysOf(message: MessageRow): [string, number, EventId][] {
  const text = indexedText(message);
  if (!text) return [];
  return indexTokens(text).map((t) => [t, message.ts, message.id]);
}

/** Postings of a message as the store writes them (none when recalled or hidden). */
export function postingsOf(message: MessageRow): PostingRow[] {
  const text = searchableText(message);
  if (!text) return [];
  return indexTokens(text).map((t) => ({
    t,
    c: message.conv,
    ts: message.ts,
    id: message.id,
  }));
}

/** Drain up to `max` marker postings of an earlier version, newest first. */
async function indexMarkers(d: PlumeDatabase, max: number): Promise<number> {
  const keys = (await d.postings
    .where('[t+ts+id]')
    .between([PENDING_TOKEN, MIN_NUM, MIN_STR], [PENDING_TOKEN, MAX_NUM, MAX_STR])
    .reverse()
    .limit(max)
    .primaryKeys()) as unknown as [string, number, EventId][];
  if (keys.length === 0) return 0;
  const messages = await d.messages.bulkGet(keys.map((k) => k[2]));
  const rows = messages.flatMap((m) => (m ? postingsOf(m) : []));
  await d.postings.bulkDelete(keys);
  if (rows.length) await d.postings.bulkPut(rows);
  return keys.length;
}

/** Index up to `max` messages of `row`'s range, newest first, and narrow (or drop) it. */
async function indexRange(d: PlumeDatabase, row: IndexedConvRow, max: number): Promise<number> {
  const range = row.pendingIndex!;
  const messages = await d.messages
    .where('[conv+lamport+author]')
    .between([row.conv, range.lo, MIN_STR], [row.conv, ...range.below], true, false)
    .reverse()
    .limit(max)
    .toArray();
  const rows = messages.flatMap(postingsOf);
  if (rows.length) await d.postings.bulkPut(rows);
  const oldest = messages[messages.length - 1];
  if (messages.length < max || !oldest) delete row.pendingIndex;
  else range.below = [oldest.lamport, oldest.author];
  await d.convs.put(row);
  return messages.length;
}

/** Whether anything waits to be indexed: read-only, so it never holds up a reader. */
function hasPending(d: PlumeDatabase): Promise<boolean> {
  return d.transaction('r', [d.convs, d.postings], async () => {
    const rows: IndexedConvRow[] = await d.convs.toArray();
    if (rows.some((row) => row.pendingIndex)) return true;
    const marker = await d.postings
      .where('[t+ts+id]')
      .between([PENDING_TOKEN, MIN_NUM, MIN_STR], [PENDING_TOKEN, MAX_NUM, MAX_STR])
      .first();
    return marker !== undefined;
  });
}

/**
 * Index up to `max` pending messages in one transaction (their current folded
 * text): conversation `first`'s, then the most recently active ones', each
 * newest first. Resolves to how many were indexed; 0 means nothing is pending.
 */
export function indexPending(
  db: PlumeDatabase,
  max: number,
  first?: ConversationId,
): Promise<number> {
  return withStorage(db, async (d) => {
    if (!(await hasPending(d))) return 0;
    return d.transaction('rw', [d.messages, d.postings, d.convs], async () => {
      let done = await indexMarkers(d, max);
      const rows = ((await d.convs.toArray()) as IndexedConvRow[])
        .filter((row) => row.pendingIndex)
        .sort(
          (x, y) =>
            Number(y.conv === first) - Number(x.conv === first) || y.lastActivity - x.lastActivity,
        );
      for (const row of rows) {
        if (done >= max) break;
        done += await indexRange(d, row, max - done);
      }
      return done;
    });
  });
}

/** Index pending messages before a search, at most MAX_PENDING_BEFORE_SEARCH. */
async function indexPendingBounded(db: PlumeDatabase, conv: ConversationId | undefined) {
  for (let done = 0; done < MAX_PENDING_BEFORE_SEARCH;) {
    const n = await indexPending(
      db,
      Math.min(PENDING_CHUNK * 4, MAX_PENDING_BEFORE_SEARCH - done),
      conv,
    );
    if (n === 0) return;
    done += n;
  }
}

const idleTimers = new WeakMap<PlumeDatabase, ReturnType<typeof setTimeout>>();

/**
 * Index pending messages once the database has been quiet for a while, in
 * small transactions so the UI and further syncs interleave. Never rejects:
 * a failure (e.g. the database closed) leaves the range for the next run or
 * the next search.
 */
export function scheduleIndexing(db: PlumeDatabase): void {
  const previous = idleTimers.get(db);
  if (previous !== undefined) clearTimeout(previous);
  const step = (): void => {
    idleTimers.delete(db);
    indexPending(db, PENDING_CHUNK).then(
      (n) => {
        if (n > 0 && !idleTimers.has(db)) idleTimers.set(db, setTimeout(step, 0));
      },
      () => undefined,
    );
  };
  idleTimers.set(db, setTimeout(step, IDLE_DELAY_MS));
}

/** Remove a message's postings, given the row it was indexed as. */
export async function deindexMessage(db: PlumeDatabase, message: MessageRow): Promise<void> {
  const keys = postingKeysOf(message);
  if (keys.length > 0) await db.postings.bulkDelete(keys);
}

function range(db: PlumeDatabase, token: string, conv: ConversationId | undefined) {
  return conv
    ? db.postings.where('[t+c+ts]').between([token, conv, MIN_NUM], [token, conv, MAX_NUM])
    : db.postings.where('[t+ts+id]').between([token, MIN_NUM, MIN_STR], [token, MAX_NUM, MAX_STR]);
}

/** Messages matching `query`, newest first (by ts), at most `limit`. */
export function searchIndex(
  db: PlumeDatabase,
  query: SearchQuery,
  conv: ConversationId | undefined,
  limit: number,
): Promise<MessageRow[]> {
  return withStorage(db, async (d) => {
    await indexPendingBounded(d, conv);
    const counts = await Promise.all(query.tokens.map((t) => range(d, t, conv).count()));
    if (counts.some((n) => n === 0)) return [];
    const rarest = query.tokens[counts.indexOf(Math.min(...counts))]!;
    const keys = (await range(d, rarest, conv)
      .reverse()
      .limit(MAX_SCAN_POSTINGS)
      .primaryKeys()) as unknown as [string, number, EventId][];
    const hits: MessageRow[] = [];
    for (let i = 0; i < keys.length && hits.length < limit; i += VERIFY_BATCH) {
      const ids = keys.slice(i, i + VERIFY_BATCH).map((k) => k[2]);
      for (const message of await d.messages.bulkGet(ids)) {
        const text = message ? searchableText(message) : '';
        if (text && matchesAll(foldText(text), query.terms)) hits.push(message!);
        if (hits.length >= limit) break;
      }
    }
    return hits;
  });
}
