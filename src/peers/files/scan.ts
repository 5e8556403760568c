/**
 * Finding file events in the logs: each author's log in a conversation is
 * read from where the last search stopped up to its contiguous end (`vv`),
 * so events synced while no file engine ran (it is loaded lazily) are found
 * at start, and each event is looked at once. A found event gets its receive
 * record: waiting (auto-download) or asking. [FILE-10]
 */
import { getEvent, readLog } from '../../db/chatStore';
import { getConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { ensureFile, getScanned, setScanned, type FileRow } from '../../db/filesRepo';
import { isEventOf, type ChatEvent, type FileBody } from '../../lib/chatEvent';
import { parseEventId } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import type { ConversationId, EventId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { newStorageKey } from './prepare';
import { receiveRecord } from './records';
import { KeyedSerialQueue } from '../../lib/serialQueue';

const logger = log('peers:files:scan');

/** Events read per request while searching. */
const SCAN_BATCH = 500;

/** What the finder needs. */
export interface FinderContext {
  db: PlumeDatabase;
  me: PeerId;
  now: () => number;
  autoDownload: (file: FileBody) => boolean | Promise<boolean>;
  /** A record was created for a newly found file. */
  found: (row: FileRow) => void;
}

/** Finds my friends' file events and gives each a record. */
export class FileFinder {
  readonly #ctx: FinderContext;
  readonly #scans = new KeyedSerialQueue<ConversationId>();
  #stopped = false;

  constructor(ctx: FinderContext) {
    this.#ctx = ctx;
  }

  /**
   * Search `conv` (one search per conversation at a time, each going on from
   * the last). `pace`, awaited before each batch, makes a background search
   * (the catch-up at start) wait for idle time instead of competing with the
   * first screens.
   */
  scan(conv: ConversationId, pace?: () => Promise<void>): Promise<void> {
    return this.#scans.run(conv, () => (this.#stopped ? undefined : this.#scanNow(conv, pace)));
  }

  /** The record of a file event not searched yet (the UI asked first), or null. */
  async fromLog(id: EventId): Promise<FileRow | null> {
    const parts = parseEventId(id);
    if (!parts || parts.author === this.#ctx.me) return null;
    const event = await getEvent(this.#ctx.db, parts.conv, parts.author, parts.seq);
    return event && isEventOf(event, 'file') ? this.#record(event) : null;
  }

  /** No more searches. */
  stop(): void {
    this.#stopped = true;
  }

  async #scanNow(conv: ConversationId, pace?: () => Promise<void>): Promise<void> {
    const { db, me } = this.#ctx;
    const row = await getConv(db, conv);
    if (!row) return;
    for (const author of row.members) {
      if (author === me) continue;
      const held = row.vv[author] ?? 0;
      let from = (await getScanned(db, conv, author)) + 1;
      while (from <= held && !this.#stopped) {
        if (pace) await pace();
        if (this.#stopped) break;
        const events = await readLog(db, conv, author, from, held, SCAN_BATCH);
        const last = events[events.length - 1];
        if (!last) break;
        for (const event of events) if (isEventOf(event, 'file')) await this.#record(event);
        await setScanned(db, conv, author, last.seq);
        from = last.seq + 1;
      }
    }
  }

  async #record(event: ChatEvent<'file'>): Promise<FileRow> {
    const wanted = await this.#wants(event.body);
    const fresh = receiveRecord(event, newStorageKey(), wanted, this.#ctx.now());
    const row = await ensureFile(this.#ctx.db, fresh);
    if (row === fresh && !this.#stopped) this.#ctx.found(row);
    return row;
  }

  async #wants(body: FileBody): Promise<boolean> {
    try {
      return await this.#ctx.autoDownload(body);
    } catch (err) {
      logger.warn('autoDownload threw; asking instead', describeError(err));
      return false;
    }
  }
}
