/**
 * The files of one conversation, newest first, for its Files page ([FILES-PAGE-2]). There is
 * no index of file messages: a page walks the conversation's messages through
 * `[conv+lamport+author]` from where the last page stopped, keeping the file messages the
 * caller's filter accepts. Each call reads at most `scanLimit` rows, so a long history of
 * texts costs a few bounded reads per "load more", never one read of the whole history.
 */
import type { ConversationId } from '../lib/ids';
import type { MessageRow } from './chatRows';
import type { PlumeDatabase } from './db';
import { MAX_NUM, MAX_STR, MIN_NUM, MIN_STR } from './keyBounds';
import type { Position } from './messagesRepo';
import { withStorage } from './storageErrors';

/** Rows read per request while walking the history. */
export const FILE_SCAN_BATCH = 200;

/** A file message as the Files page lists it. */
export type FileMessage = MessageRow & { kind: 'file'; file: NonNullable<MessageRow['file']> };

/** One page of a conversation's files. */
export interface FilesPage {
  /** Newest first. */
  files: FileMessage[];
  /** Where the next page starts (exclusive); null once the start of the chat was reached. */
  next: Position | null;
}

/** A file message still shown in the chat (not deleted for me, recalled or voided). */
export function isListedFile(row: MessageRow): row is FileMessage {
  return (
    row.kind === 'file' && row.file !== undefined && !row.hidden && !row.recalled && !row.voided
  );
}

/**
 * Up to `limit` listed file messages of `conv` that `keep` accepts, strictly before `before`
 * (null: from the newest), newest first, reading at most `scanLimit` rows.
 */
export async function filesBefore(
  db: PlumeDatabase,
  conv: ConversationId,
  before: Position | null,
  options: { limit: number; scanLimit: number; keep?: (file: FileMessage) => boolean },
): Promise<FilesPage> {
  const { limit, scanLimit, keep = () => true } = options;
  const lower = [conv, MIN_NUM, MIN_STR];
  let upper = before ? [conv, before.lamport, before.author] : [conv, MAX_NUM, MAX_STR];
  const files: FileMessage[] = [];
  let scanned = 0;
  while (scanned < scanLimit) {
    const want = Math.min(FILE_SCAN_BATCH, scanLimit - scanned);
    const rows = await withStorage(db, (d) =>
      d.messages
        .where('[conv+lamport+author]')
        .between(lower, upper, true, false)
        .reverse()
        .limit(want)
        .toArray(),
    );
    for (const row of rows) {
      scanned++;
      if (!isListedFile(row) || !keep(row)) continue;
      files.push(row);
      // Full: the next page starts right after this row, even mid-batch.
      if (files.length === limit)
        return { files, next: { lamport: row.lamport, author: row.author } };
    }
    const oldest = rows.at(-1);
    if (rows.length < want || !oldest) return { files, next: null };
    upper = [conv, oldest.lamport, oldest.author];
  }
  const last = upper as [string, number, string];
  return { files, next: { lamport: last[1], author: last[2] } };
}
