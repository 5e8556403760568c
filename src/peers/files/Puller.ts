/**
 * The receiver's queue: files in state `waiting` are pulled from their author
 * while its session is live, at most MAX_PULLS_PER_PEER at a time; the rest
 * wait their turn. A pull that ended for a reason that may pass is tried
 * again after a backoff, or at once when the author's session comes up again.
 * Before a pull starts, the device must have room for what is missing.
 * Spec: docs/protocol.md [FILE-10].
 */
import type { PlumeDatabase } from '../../db/db';
import { filesWith, storedBytes, type FileRow } from '../../db/filesRepo';
import { backoffDelay, type BackoffOptions } from '../../lib/backoff';
import { parseEventId } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import type { EventId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { SessionManager } from '../session/SessionManager';
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { Transport } from '../transport';
import { MAX_PULLS_PER_PEER, SPACE_MARGIN_BYTES, UNBOUND_RETRIES } from './constants';
import type { FileFpFrame, FileNoFrame } from './frames';
import { Pull, type PullOutcome } from './Pull';
import { KeyedSerialQueue } from '../../lib/serialQueue';
import type { TimerHandle } from '../../lib/clock';

const logger = log('peers:files:puller');

/** Storage estimate (navigator.storage.estimate). */
export type Estimate = () => Promise<{ quota?: number; usage?: number }>;

/** What the queue tells its engine. */
export interface PullerContext {
  db: PlumeDatabase;
  transport: Transport;
  manager: SessionManager;
  env: SignalingEnvironment;
  now: () => number;
  estimate: Estimate;
  retry: BackoffOptions;
  active: (row: FileRow) => void;
  stored: (row: FileRow, bytes: number) => void;
  /** Persist how a pull ended (resolves once stored). */
  settled: (row: FileRow, outcome: PullOutcome) => Promise<void>;
}

interface Retry {
  attempt: number;
  timer: TimerHandle | null;
}

/** Bytes the device can still take, or null when the browser does not say. */
export async function freeSpace(estimate: Estimate): Promise<number | null> {
  try {
    const { quota, usage } = await estimate();
    if (quota === undefined || usage === undefined) return null;
    return Math.max(0, quota - usage);
  } catch (err) {
    logger.debug('storage estimate failed', describeError(err));
    return null;
  }
}

/** Pulls of every wanted file, per author. */
export class Puller {
  readonly #ctx: PullerContext;
  readonly #active = new Map<EventId, Pull>();
  readonly #retries = new Map<EventId, Retry>();
  /** Pulls in a row whose channel did not bind ([FILE-4]), per file. */
  readonly #unbound = new Map<EventId, number>();
  readonly #queues = new KeyedSerialQueue<PeerId>();
  /** Bumped when the user asks for a file again: how an older pull ended no longer counts. */
  readonly #epochs = new Map<EventId, number>();
  #stopped = false;

  constructor(ctx: PullerContext) {
    this.#ctx = ctx;
  }

  /** Start what may start for `peer` (one pass at a time per peer). */
  schedule(peer: PeerId): void {
    if (this.#stopped) return;
    void this.#queues.push(
      peer,
      () => this.#fill(peer),
      (err) => logger.warn('could not schedule pulls', describeError(err)),
    );
  }

  /** The author's session came up: forget backoffs and go. */
  resume(peer: PeerId): void {
    for (const id of [...this.#retries.keys()]) {
      if (parseEventId(id)?.author === peer) this.clearRetry(id);
    }
    this.schedule(peer);
  }

  /** The user asked for `id` again: no backoff, and a pull still ending is not recorded. */
  restart(id: EventId): void {
    this.#epochs.set(id, (this.#epochs.get(id) ?? 0) + 1);
    this.#unbound.delete(id);
    this.clearRetry(id);
  }

  /** Forget a backoff. */
  clearRetry(id: EventId): void {
    const retry = this.#retries.get(id);
    if (retry && retry.timer !== null) this.#ctx.env.clearTimeout(retry.timer);
    this.#retries.delete(id);
  }

  /** FILE_FP or FILE_NO for one of our pulls; false when no pull of `peer` has that tag. */
  onControl(peer: PeerId, frame: FileFpFrame | FileNoFrame): boolean {
    for (const pull of this.#active.values()) {
      if (pull.ch === frame.ch && pull.peer === peer) {
        pull.onControl(frame);
        return true;
      }
    }
    return false;
  }

  /** True while `id` is being pulled. */
  pulling(id: EventId): boolean {
    return this.#active.has(id);
  }

  /** End the pull of `id`, if any. */
  cancel(id: EventId, by: 'me' | 'peer' | 'stopped'): void {
    this.#active.get(id)?.cancel(by);
  }

  /** Stop every pull (what is verified stays stored). */
  stop(): void {
    this.#stopped = true;
    for (const pull of this.#active.values()) pull.cancel('stopped');
    for (const retry of this.#retries.values()) {
      if (retry.timer !== null) this.#ctx.env.clearTimeout(retry.timer);
    }
    this.#retries.clear();
  }

  async #fill(peer: PeerId): Promise<void> {
    const session = this.#ctx.manager.session(peer);
    if (this.#stopped || !session) return;
    let running = 0;
    for (const pull of this.#active.values()) if (pull.peer === peer) running++;
    if (running >= MAX_PULLS_PER_PEER) return;
    const waiting = await filesWith(this.#ctx.db, peer, 'waiting');
    const ready = waiting
      .filter((row) => !this.#active.has(row.id) && !this.#waitingRetry(row.id))
      .sort((a, b) => a.updatedAt - b.updatedAt);
    for (const row of ready.slice(0, MAX_PULLS_PER_PEER - running)) {
      if (this.#stopped || !this.#ctx.manager.session(peer)) return;
      await this.#start(row);
    }
  }

  async #start(row: FileRow): Promise<void> {
    const session = this.#ctx.manager.session(row.peer);
    if (!session) return;
    // [FILE-10] Room for what is missing, or the record waits as noSpace.
    const free = await freeSpace(this.#ctx.estimate);
    const missing = row.body.size - storedBytes(row);
    if (free !== null && missing + SPACE_MARGIN_BYTES > free) {
      logger.info('no room for', row.id, `(${missing} bytes missing, ${free} free)`);
      return this.#ctx.settled(row, { kind: 'noSpace' });
    }
    const pull = new Pull(row, {
      db: this.#ctx.db,
      transport: this.#ctx.transport,
      session,
      env: this.#ctx.env,
      now: this.#ctx.now,
      stored: (bytes) => this.#ctx.stored(row, bytes),
      active: () => {
        this.#unbound.delete(row.id);
        this.#ctx.active(row);
      },
    });
    this.#active.set(row.id, pull);
    const epoch = this.#epochs.get(row.id) ?? 0;
    void pull.run().then((outcome) => this.#ended(row, pull, outcome, epoch));
  }

  async #ended(row: FileRow, pull: Pull, ended: PullOutcome, epoch: number): Promise<void> {
    if (this.#active.get(row.id) === pull) this.#active.delete(row.id);
    const outcome = this.#softened(row, ended);
    logger.debug('pull of', row.id, 'ended:', outcome);
    if ((this.#epochs.get(row.id) ?? 0) === epoch) {
      try {
        await this.#ctx.settled(row, outcome);
      } catch (err) {
        logger.warn('could not record how a pull ended', describeError(err));
      }
    }
    if (outcome.kind === 'retry' || outcome.kind === 'stopped') this.#backoff(row);
    else this.clearRetry(row.id);
    this.schedule(row.peer);
  }

  /**
   * A `network` failure becomes a retry while UNBOUND_RETRIES allow: counted
   * per file until a channel binds, a pull completes or the user restarts it
   * (not reset when the session comes up again).
   */
  #softened(row: FileRow, outcome: PullOutcome): PullOutcome {
    if (outcome.kind === 'ready') this.#unbound.delete(row.id);
    if (outcome.kind !== 'failed' || outcome.error !== 'network') return outcome;
    const failures = (this.#unbound.get(row.id) ?? 0) + 1;
    this.#unbound.set(row.id, failures);
    if (failures > UNBOUND_RETRIES) return outcome;
    return { kind: 'retry', why: 'channel not bound to the session' };
  }

  /** True while `id` waits out a backoff. */
  #waitingRetry(id: EventId): boolean {
    const retry = this.#retries.get(id);
    return retry !== undefined && retry.timer !== null;
  }

  /** Wait before trying `row` again; the delay grows until a pull succeeds. */
  #backoff(row: FileRow): void {
    if (this.#stopped) return;
    const retry = this.#retries.get(row.id) ?? { attempt: 0, timer: null };
    if (retry.timer !== null) this.#ctx.env.clearTimeout(retry.timer);
    const delay = backoffDelay(retry.attempt++, () => this.#ctx.env.random(), this.#ctx.retry);
    retry.timer = this.#ctx.env.setTimeout(() => {
      retry.timer = null;
      this.schedule(row.peer);
    }, delay);
    this.#retries.set(row.id, retry);
  }
}
