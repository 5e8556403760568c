/**
 * Messages waiting for a peer that is not connected, in the recipient's own SQLite storage.
 * Every call is synchronous (the SQL API is), so queueing can never reorder messages.
 * Spec: docs/protocol.md [SIG-QUEUE-*].
 */

/** At most this many messages wait for one peer… */
export const MAX_QUEUED_MESSAGES = 1_000;
/** …and at most this many characters of frames. */
export const MAX_QUEUED_CHARS = 1024 * 1024;

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

/** The pending-message queue of one peer object. */
export class PendingQueue {
  readonly #sql: SqlStorage;
  #ready = false;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Queue `frame` from `src` to `dst` until `expires` (ms). */
  push(src: string, dst: string, frame: string, expires: number): PushResult {
    this.#ensureTable();
    const stats = this.#sql
      .exec<{ n: number; chars: number }>(
        `SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(frame)), 0) AS chars FROM ${TABLE}`,
      )
      .one();
    const wasEmpty = stats.n === 0;
    if (stats.n >= MAX_QUEUED_MESSAGES || stats.chars + frame.length > MAX_QUEUED_CHARS) {
      return { queued: false, wasEmpty };
    }
    this.#sql.exec(
      `INSERT INTO ${TABLE} (src, dst, frame, expires) VALUES (?, ?, ?, ?)`,
      src,
      dst,
      frame,
      expires,
    );
    return { queued: true, wasEmpty };
  }

  /** Remove and return every queued frame, oldest first. */
  drain(): string[] {
    if (!this.#exists()) return [];
    const frames = this.#sql
      .exec<{ frame: string }>(`SELECT frame FROM ${TABLE} ORDER BY seq`)
      .toArray()
      .map((row) => row.frame);
    if (frames.length > 0) this.#sql.exec(`DELETE FROM ${TABLE}`);
    return frames;
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
