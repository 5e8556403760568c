/**
 * The search index: postings `[token+ts+id]` (all chats, newest first) and
 * `[token+conv+ts]` (one chat). A query walks the postings of its rarest
 * token newest-first and checks each candidate's folded text for every term,
 * so it never scans messages and stops at `limit`. Spec: docs/protocol.md [CHAT-SEARCH-*].
 */
import type { ConversationId, EventId } from '../lib/ids';
import { foldText, indexTokens, matchesAll, type SearchQuery } from '../lib/search/tokenize';
import type { MessageRow, PostingRow } from './chatRows';
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
 * Received backlog is indexed later (see storeEvents' `deferIndex`): each such
 * message gets one marker posting under this token instead of its ~12 real
 * ones. Tokens are letters and digits only, so no text ever produces it.
 */
export const PENDING_TOKEN = '\u0000pending';
/** Pending messages indexed before a search answers (newest first): bounds its delay. */
export const MAX_PENDING_BEFORE_SEARCH = 5_000;
/** Pending messages indexed per transaction. */
const PENDING_CHUNK = 250;
/** Quiet time after the last deferred store before idle indexing starts. */
const IDLE_DELAY_MS = 1_000;

/** The marker posting of a message waiting to be indexed. */
export function pendingPosting(message: MessageRow): PostingRow {
  return { t: PENDING_TOKEN, c: message.conv, ts: message.ts, id: message.id };
}

/** Postings of a message as the store writes them (none when recalled or hidden). */
export function postingsOf(message: MessageRow): PostingRow[] {
  if (message.recalled || message.hidden || !message.text) return [];
  return indexTokens(message.text).map((t) => ({
    t,
    c: message.conv,
    ts: message.ts,
    id: message.id,
  }));
}

/**
 * Index up to `max` pending messages, newest first, in one transaction (their
 * current folded text); resolves to how many markers were cleared.
 */
export function indexPending(db: PlumeDatabase, max: number): Promise<number> {
  return withStorage(db, (d) =>
    d.transaction('rw', [d.messages, d.postings], async () => {
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
    }),
  );
}

/** Index pending messages before a search, at most MAX_PENDING_BEFORE_SEARCH. */
async function indexPendingBounded(db: PlumeDatabase): Promise<void> {
  for (let done = 0; done < MAX_PENDING_BEFORE_SEARCH;) {
    const n = await indexPending(db, Math.min(PENDING_CHUNK * 4, MAX_PENDING_BEFORE_SEARCH - done));
    if (n === 0) return;
    done += n;
  }
}

const idleTimers = new WeakMap<PlumeDatabase, ReturnType<typeof setTimeout>>();

/**
 * Index pending messages once the database has been quiet for a while, in
 * small transactions so the UI and further syncs interleave. Never rejects:
 * a failure (e.g. the database closed) leaves the markers for the next run or
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

/** Remove a message's postings, given the text it was indexed with. */
export async function deindexMessage(db: PlumeDatabase, message: MessageRow): Promise<void> {
  if (!message.text) return;
  const keys = indexTokens(message.text).map((t): [string, number, string] => [
    t,
    message.ts,
    message.id,
  ]);
  await db.postings.bulkDelete(keys);
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
    await indexPendingBounded(d);
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
        if (!message || message.hidden || message.recalled) continue;
        if (matchesAll(foldText(message.text), query.terms)) hits.push(message);
        if (hits.length >= limit) break;
      }
    }
    return hits;
  });
}
