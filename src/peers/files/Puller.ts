/**
 * The receiver's queue: files in state `waiting` are pulled from their author
 * while its session is live, at most MAX_PULLS_PER_PEER at a time; the rest
 * wait their turn. A pull that ended for a reason that may pass is tried
 * again after a backoff, or at once when the author's session comes up again.
 * Before a pull starts, the device must have room for what is missing.
 * A group's file is pulled from any member who holds it: a pull that ends
 * short goes on from its prefix with another holder.
 * Spec: docs/protocol.md [FILE-10], [GFILE-3], [GFILE-4].
 */
import type { PlumeDatabase } from '../../db/db';
import { filesOfConv, filesWith, storedBytes, type FileRow } from '../../db/filesRepo';
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
import { isGroupId } from '../../lib/groupId';
import type { GroupDirectory } from '../groups/contract';
import { HolderBook } from './holders';

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
  /** The rosters: who may serve a group's file ([GFILE-3]); absent, no group file is pulled. */
  groups: Pick<GroupDirectory, 'sharedGroups' | 'members'> | null;
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

/** Pulls of every wanted file, per peer that serves it. */
export class Puller {
  readonly #ctx: PullerContext;
  readonly #holders = new HolderBook();
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

  /** Start what may start from `peer` (one pass at a time per peer). */
  schedule(peer: PeerId): void {
    if (this.#stopped) return;
    void this.#queues.push(
      peer,
      () => this.#fill(peer),
      (err) => logger.warn('could not schedule pulls', describeError(err)),
    );
  }

  /**
   * Look for a source of `row` now: its author, or for a group's file every live member (each
   * pass takes what that member may serve).
   */
  want(row: FileRow): void {
    if (!isGroupId(row.conv)) return this.schedule(row.peer);
    for (const peer of this.#ctx.manager.livePeers) this.schedule(peer);
  }

  /**
   * `peer`'s session came up: forget the backoffs of what it may serve (its own files, and any
   * group's, since it may hold them) and go.
   */
  resume(peer: PeerId): void {
    this.#holders.back(peer);
    for (const id of [...this.#retries.keys()]) {
      const parts = parseEventId(id);
      if (parts?.author === peer || (parts && isGroupId(parts.conv))) this.clearRetry(id);
    }
    this.schedule(peer);
  }

  /** The user asked for `id` again: no backoff, and a pull still ending is not recorded. */
  restart(id: EventId): void {
    this.#epochs.set(id, (this.#epochs.get(id) ?? 0) + 1);
    this.#unbound.delete(id);
    this.#holders.newRound(id);
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
    const ready = (await this.#servedBy(peer))
      .filter((row) => !this.#active.has(row.id) && !this.#waitingRetry(row.id))
      .filter((row) => !isGroupId(row.conv) || this.#holders.usable(row.id, peer))
      .sort((a, b) => a.updatedAt - b.updatedAt);
    for (const row of ready.slice(0, MAX_PULLS_PER_PEER - running)) {
      if (this.#stopped || !this.#ctx.manager.session(peer)) return;
      await this.#start(row, peer);
    }
  }

  /**
   * Waiting files `peer` may serve: its own in our direct chat, and [GFILE-3] those of every
   * group both of us are members of now, whoever wrote them.
   */
  async #servedBy(peer: PeerId): Promise<FileRow[]> {
    const { db, groups } = this.#ctx;
    const rows = (await filesWith(db, peer, 'waiting')).filter((row) => !isGroupId(row.conv));
    if (!groups) return rows;
    for (const conv of await groups.sharedGroups(peer)) {
      for (const row of await filesOfConv(db, conv)) {
        if (row.direction === 'receive' && row.state === 'waiting') rows.push(row);
      }
    }
    return rows;
  }

  async #start(row: FileRow, peer: PeerId): Promise<void> {
    const session = this.#ctx.manager.session(peer);
    if (!session) return;
    // [FILE-10] Room for what is missing, or the record waits as noSpace.
    const free = await freeSpace(this.#ctx.estimate);
    // Another member's pass may have started this file meanwhile.
    if (this.#active.has(row.id) || this.#stopped) return;
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
      dropBadHolder: isGroupId(row.conv),
    });
    this.#active.set(row.id, pull);
    const epoch = this.#epochs.get(row.id) ?? 0;
    void pull.run().then((outcome) => this.#ended(row, pull, outcome, epoch));
  }

  async #ended(row: FileRow, pull: Pull, ended: PullOutcome, epoch: number): Promise<void> {
    if (this.#active.get(row.id) === pull) this.#active.delete(row.id);
    const group = isGroupId(row.conv);
    const outcome = group ? this.#holderFailed(row, pull.peer, ended) : this.#softened(row, ended);
    logger.debug('pull of', row.id, 'from', pull.peer, 'ended:', outcome);
    if ((this.#epochs.get(row.id) ?? 0) === epoch) {
      try {
        await this.#ctx.settled(row, outcome);
      } catch (err) {
        logger.warn('could not record how a pull ended', describeError(err));
      }
    }
    if (outcome.kind === 'retry' && group && (await this.#otherHolder(row))) {
      // [GFILE-4] Another member may hold it: go on from the prefix with them at once.
      this.clearRetry(row.id);
      return this.want(row);
    }
    if (outcome.kind === 'retry' || outcome.kind === 'stopped') this.#backoff(row);
    else this.clearRetry(row.id);
    this.want(row);
  }

  /**
   * [GFILE-4] A group's file: whatever ended the pull short but the file's own checks (the
   * holder lacked it, went away, stalled, or sent what the signed lists refute) is that
   * holder's failure, not the file's; another holder is asked.
   */
  #holderFailed(row: FileRow, peer: PeerId, outcome: PullOutcome): PullOutcome {
    const holderError =
      outcome.kind === 'failed' && outcome.error !== 'integrity' && outcome.error !== 'storage';
    if (outcome.kind !== 'retry' && !holderError) return outcome;
    this.#holders.failed(row.id, peer, outcome.kind === 'retry' && outcome.bad === true);
    return outcome.kind === 'retry' ? outcome : { kind: 'retry', why: `holder: ${outcome.error}` };
  }

  /** Is a member with a live session left to ask for this group's file? */
  async #otherHolder(row: FileRow): Promise<boolean> {
    const { groups, manager } = this.#ctx;
    if (!groups || this.#stopped) return false;
    const members = await groups.members(row.conv);
    return members.some((m) => manager.session(m) !== null && this.#holders.usable(row.id, m));
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
      this.#holders.newRound(row.id);
      this.want(row);
    }, delay);
    this.#retries.set(row.id, retry);
  }
}
