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

/** Index a message's text (inside the caller's transaction). */
export async function indexMessage(db: PlumeDatabase, message: MessageRow): Promise<void> {
  if (message.recalled || message.hidden || !message.text) return;
  const rows: PostingRow[] = indexTokens(message.text).map((t) => ({
    t,
    c: message.conv,
    ts: message.ts,
    id: message.id,
  }));
  await db.postings.bulkPut(rows);
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
