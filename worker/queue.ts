/**
 * Messages waiting for a peer that is not connected, in the recipient's own SQLite storage.
 * Every call is synchronous (the SQL API is), so queueing can never reorder messages. The counts
 * per sender are kept in memory (rebuilt with one query after a restart), so a push reads no rows.
 * Spec: docs/protocol.md [SIG-QUEUE-*], [SIG-STORE-*].
 */

/** At most this many messages wait for one peer… */
export const MAX_QUEUED_MESSAGES = 1_000;
/** …and at most this many characters of frames. */
export const MAX_QUEUED_CHARS = 1024 * 1024;
/**
 * One sender's share. A handshake is an OFFER (at most 20 KiB) and at most 32 CANDIDATEs, about
 * 20 on a real device, so two fit (a data and a media connection); and at least fifteen full
 * shares fit in the whole queue, so one sender can never push another's message out
 * ([SIG-STORE-3]).
 */
export const MAX_QUEUED_PER_SENDER = 64;
/** One sender's share in characters. */
export const MAX_QUEUED_CHARS_PER_SENDER = 64 * 1024;

/** The result of queueing: whether it fit, and whether the queue was empty before. */
export interface PushResult {
  queued: boolean;
  wasEmpty: boolean;
}

/** A sender whose messages to `dst` expired unread. */
export interface ExpiredPair {
  src: string;
  dst: string;
}

const TABLE = 'pending';

/** Messages and characters queued, in all or from one sender. */
interface Count {
  n: number;
  chars: number;
}

/** The pending-message queue of one peer object. */
export class PendingQueue {
  readonly #sql: SqlStorage;
  #ready = false;
  /** Per sender; null until first needed after construction. */
  #bySender: Map<string, Count> | null = null;
  #total: Count = { n: 0, chars: 0 };

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Queue `frame` from `src` to `dst` until `expires` (ms), if it fits the caps. */
  push(src: string, dst: string, frame: string, expires: number): PushResult {
    const bySender = this.#counts();
    const total = this.#total;
    const mine = bySender.get(src) ?? { n: 0, chars: 0 };
    const wasEmpty = total.n === 0;
    const fits =
      total.n < MAX_QUEUED_MESSAGES &&
      total.chars + frame.length <= MAX_QUEUED_CHARS &&
      mine.n < MAX_QUEUED_PER_SENDER &&
      mine.chars + frame.length <= MAX_QUEUED_CHARS_PER_SENDER;
    if (!fits) return { queued: false, wasEmpty };
    this.#ensureTable();
    this.#sql.exec(
      `INSERT INTO ${TABLE} (src, dst, frame, expires) VALUES (?, ?, ?, ?)`,
      src,
      dst,
      frame,
      expires,
    );
    bySender.set(src, { n: mine.n + 1, chars: mine.chars + frame.length });
    this.#total = { n: total.n + 1, chars: total.chars + frame.length };
    return { queued: true, wasEmpty };
  }

  /** True when nothing waits. */
  get empty(): boolean {
    this.#counts();
    return this.#total.n === 0;
  }

  /**
   * Remove and return every queued frame, oldest first. The emptied table stays; the caller
   * wipes the storage with `deleteAll()` and calls {@link forget} ([SIG-STORE-2]).
   */
  drain(): string[] {
    if (!this.#exists()) return [];
    const frames = this.#sql
      .exec<{ frame: string }>(`SELECT frame FROM ${TABLE} ORDER BY seq`)
      .toArray()
      .map((row) => row.frame);
    if (frames.length > 0) this.#sql.exec(`DELETE FROM ${TABLE}`);
    this.#bySender = new Map();
    this.#total = { n: 0, chars: 0 };
    return frames;
  }

  /** The storage was wiped (`deleteAll`): the table is gone and nothing waits. */
  forget(): void {
    this.#ready = false;
    this.#bySender = new Map();
    this.#total = { n: 0, chars: 0 };
  }

  /**
   * Remove every message of each sender that has at least one expired message, and return
   * those senders once each (peerjs-server dedupes EXPIRE per src/dst the same way). Dropping
   * the sender's later messages too means one EXPIRE per failed attempt, not one per message.
   */
  takeExpired(now: number): ExpiredPair[] {
    if (!this.#exists()) return [];
    const pairs = this.#sql
      .exec<{ src: string; dst: string }>(
        `SELECT DISTINCT src, dst FROM ${TABLE} WHERE expires <= ? ORDER BY src`,
        now,
      )
      .toArray()
      .map((row) => ({ src: row.src, dst: row.dst }));
    for (const pair of pairs) {
      this.#sql.exec(`DELETE FROM ${TABLE} WHERE src = ? AND dst = ?`, pair.src, pair.dst);
    }
    if (pairs.length > 0) this.#bySender = null;
    return pairs;
  }

  /** When the next message expires, or null when the queue is empty. */
  nextExpiry(): number | null {
    if (!this.#exists()) return null;
    const row = this.#sql
      .exec<{ next: number | null }>(`SELECT MIN(expires) AS next FROM ${TABLE}`)
      .one();
    return row.next;
  }

  /** The per-sender counts, read with one query after a restart. */
  #counts(): Map<string, Count> {
    if (this.#bySender) return this.#bySender;
    const bySender = new Map<string, Count>();
    const total: Count = { n: 0, chars: 0 };
    if (this.#exists()) {
      const rows = this.#sql.exec<{ src: string; n: number; chars: number }>(
        `SELECT src, COUNT(*) AS n, SUM(LENGTH(frame)) AS chars FROM ${TABLE} GROUP BY src`,
      );
      for (const row of rows) {
        bySender.set(row.src, { n: row.n, chars: row.chars });
        total.n += row.n;
        total.chars += row.chars;
      }
    }
    this.#bySender = bySender;
    this.#total = total;
    return bySender;
  }

  #exists(): boolean {
    if (this.#ready) return true;
    // Most peers never have anything queued; look before creating, so they never write storage.
    const found = this.#sql
      .exec(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, TABLE)
      .toArray();
    this.#ready = found.length > 0;
    return this.#ready;
  }

  #ensureTable(): void {
    if (this.#ready) return;
    this.#sql.exec(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        src TEXT NOT NULL,
        dst TEXT NOT NULL,
        frame TEXT NOT NULL,
        expires INTEGER NOT NULL
      )`,
    );
    this.#ready = true;
  }
}
