/**
 * [SYNC-8] The status marks of my messages, per conversation: how far my log
 * was pushed (sent), how far the peer holds it (delivered, from its HAVE) and
 * how far it has read (its READ). Views are told of a mark the moment it
 * moves, and the conversation row is written behind, so no frame of a session
 * waits on that write and the write never waits on a view. A failed write
 * tells the views the stored marks again: a message shown as delivered shows
 * as sent until the next HAVE raises the mark (and writes it) once more.
 */
import type { ConvRow } from '../../db/chatRows';
import { getConv, updateConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import type { ConversationId } from '../../lib/ids';
import { mark } from '../../lib/marks';

/** The marks a message's status is derived from. [SYNC-8] */
export interface StatusMarks {
  /** My highest seq pushed to the peer at least once. */
  readonly sentSeq: number;
  /** My highest seq the peer holds (its HAVE). */
  readonly deliveredSeq: number;
  /** The lamport up to which the peer has read (its READ). */
  readonly peerReadUpto: number;
}

type MarkName = keyof StatusMarks;
const NAMES: readonly MarkName[] = ['sentSeq', 'deliveredSeq', 'peerReadUpto'];

/** What one conversation's marks are: shown to views, and last known stored. */
interface Entry {
  shown: StatusMarks;
  stored: StatusMarks;
  writing: boolean;
}

/** The marks of a row. */
export function marksOf(row: StatusMarks): StatusMarks {
  return { sentSeq: row.sentSeq, deliveredSeq: row.deliveredSeq, peerReadUpto: row.peerReadUpto };
}

/** Each mark the higher of the two; `b` may name only some. */
function higher(a: StatusMarks, b: Partial<StatusMarks>): StatusMarks {
  return {
    sentSeq: Math.max(a.sentSeq, b.sentSeq ?? 0),
    deliveredSeq: Math.max(a.deliveredSeq, b.deliveredSeq ?? 0),
    peerReadUpto: Math.max(a.peerReadUpto, b.peerReadUpto ?? 0),
  };
}

function same(a: StatusMarks, b: StatusMarks): boolean {
  return NAMES.every((name) => a[name] === b[name]);
}

const ZERO: StatusMarks = { sentSeq: 0, deliveredSeq: 0, peerReadUpto: 0 };

/** What the book needs from its engine. */
export interface StatusBookOptions {
  db: PlumeDatabase;
  /** The marks views should show for `conv` now. */
  emit: (conv: ConversationId, marks: StatusMarks) => void;
  /** A write or read failed (logged at the engine's level). */
  fail: (what: string, err: unknown) => void;
}

/** The status marks of every conversation this engine has touched. */
export class StatusBook {
  readonly #db: PlumeDatabase;
  readonly #emit: StatusBookOptions['emit'];
  readonly #fail: StatusBookOptions['fail'];
  readonly #entries = new Map<ConversationId, Entry>();
  /** Raises waiting for a conversation's row to be read first. */
  readonly #loading = new Map<ConversationId, Partial<StatusMarks>>();
  #closed = false;

  constructor(options: StatusBookOptions) {
    this.#db = options.db;
    this.#emit = options.emit;
    this.#fail = options.fail;
  }

  /** The marks views show for `conv`, or null before the book has read them. */
  peek(conv: ConversationId): StatusMarks | null {
    return this.#entries.get(conv)?.shown ?? null;
  }

  /** A row read elsewhere: what it holds is stored (another writer may have raised it). */
  seed(row: ConvRow): void {
    const entry = this.#entries.get(row.conv);
    if (!entry) {
      const marks = marksOf(row);
      this.#entries.set(row.conv, { shown: marks, stored: marks, writing: false });
      return;
    }
    entry.stored = higher(entry.stored, row);
    this.#show(row.conv, entry, higher(entry.shown, entry.stored));
  }

  /** Raise marks of `conv` (never lowers one): shown at once, written behind. */
  raise(conv: ConversationId, change: Partial<StatusMarks>): void {
    if (this.#closed) return;
    const entry = this.#entries.get(conv);
    if (!entry) return this.#load(conv, change);
    if (!this.#show(conv, entry, higher(entry.shown, change))) return;
    this.#write(conv, entry);
  }

  /** No more events or writes. */
  close(): void {
    this.#closed = true;
  }

  /** Tell views `marks` when they differ from what they show; true when they did. */
  #show(conv: ConversationId, entry: Entry, marks: StatusMarks): boolean {
    const moved = NAMES.filter((name) => marks[name] !== entry.shown[name]);
    if (moved.length === 0) return false;
    entry.shown = marks;
    mark('status', { conv, mark: moved.join(' '), seq: marks.deliveredSeq });
    if (!this.#closed) this.#emit(conv, marks);
    return true;
  }

  /** The row is not known yet: read it once, then apply every raise that came meanwhile. */
  #load(conv: ConversationId, change: Partial<StatusMarks>): void {
    const waiting = this.#loading.get(conv);
    if (waiting) return void this.#loading.set(conv, higher(higher(ZERO, waiting), change));
    this.#loading.set(conv, change);
    getConv(this.#db, conv).then(
      (row) => {
        const raised = this.#loading.get(conv) ?? {};
        this.#loading.delete(conv);
        if (!row) return;
        if (!this.#entries.has(conv)) this.seed(row);
        this.raise(conv, raised);
      },
      (err: unknown) => {
        this.#loading.delete(conv);
        this.#fail('could not read the status of my messages', err);
      },
    );
  }

  /**
   * Write what is shown, one write at a time per conversation; marks raised
   * while it runs are written by the next one. A failure shows the stored
   * marks again.
   */
  #write(conv: ConversationId, entry: Entry): void {
    if (entry.writing || this.#closed) return;
    entry.writing = true;
    const target = entry.shown;
    updateConv(this.#db, conv, (row) => {
      let moved = false;
      for (const name of NAMES) {
        if (target[name] > row[name]) {
          row[name] = target[name];
          moved = true;
        }
      }
      return moved;
    }).then(
      (row) => {
        entry.writing = false;
        // The conversation is gone: nothing to show or write for it.
        if (!row) return void this.#entries.delete(conv);
        entry.stored = marksOf(row);
        mark('status-written', { conv, mark: 'all', seq: row.deliveredSeq });
        this.#show(conv, entry, higher(entry.shown, entry.stored));
        if (!same(entry.shown, entry.stored)) this.#write(conv, entry);
      },
      (err: unknown) => {
        entry.writing = false;
        this.#fail('could not record the status of my messages', err);
        this.#show(conv, entry, entry.stored);
      },
    );
  }
}
