/**
 * Waking a friend whose app is closed ([WAKE-14]): when we have something for a friend (messages
 * or a file they do not hold yet, a call ringing) and no session with them comes up within a
 * few seconds, ask the worker to wake them with the reach token they gave us. At most one
 * request per friend in {@link WAKE_MIN_INTERVAL_MS} (the worker's own limit, [WAKE-11]), longer
 * when the worker says so; quiet for an hour for a friend who cannot be woken. Timers run on the
 * injected clock.
 */
import { getConv, listConvs } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { getPerson } from '../../db/peopleRepo';
import type { Clock, TimerHandle } from '../../lib/clock';
import { Emitter } from '../../lib/emitter';
import { describeError } from '../../lib/errors';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { WakeKind } from '../../lib/wakeProtocol';
import { opensTo } from '../reach/plan';
import type { Unsubscribe } from '../transport';
import type { WakeOutcome, WakeService } from './service';
import { hasUndelivered } from './undelivered';

const logger = log('peers:wake');

/** A friend not reachable this long after we had something for them is woken. */
export const WAKE_GRACE_MS = 6_000;
/** One wake per friend at most this often: the worker's limit per token ([WAKE-11]). */
export const WAKE_MIN_INTERVAL_MS = 2 * 60 * 1000;
/** A friend who cannot be woken (wake off, token refused) is not asked again for this long. */
export const WAKE_QUIET_MS = 60 * 60 * 1000;

/** Construction parameters. */
export interface WakeEngineOptions {
  db: PlumeDatabase;
  service: WakeService;
  /** Our own id (to tell our events from theirs). */
  me: PeerId;
  clock: Clock;
  now: () => number;
  /** True while a session with `peer` is up. */
  isOnline: (peer: PeerId) => boolean;
}

/** Events of a {@link WakeEngine}. */
export interface WakeEngineEvents {
  /** A wake request for `peer` was answered (or failed). */
  woke: (peer: PeerId, kind: WakeKind, outcome: WakeOutcome) => void;
}

/** Wakes friends we cannot reach. */
export class WakeEngine {
  readonly #o: WakeEngineOptions;
  readonly #events = new Emitter<WakeEngineEvents>();
  readonly #pending = new Map<PeerId, { kind: WakeKind; timer: TimerHandle }>();
  /** Per friend: no request before this time. */
  readonly #quietUntil = new Map<PeerId, number>();
  readonly #inflight = new Set<PeerId>();
  /** The server offers no wake: no request before this time, for anyone. */
  #allQuietUntil = 0;
  #stopped = false;

  constructor(options: WakeEngineOptions) {
    this.#o = options;
  }

  /** Subscribe to an event. */
  on<E extends keyof WakeEngineEvents>(event: E, listener: WakeEngineEvents[E]): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /**
   * We have something for `peer`: wake them if no session with them is up in
   * {@link WAKE_GRACE_MS}. A call waiting in line makes the wake a call's.
   */
  want(peer: PeerId, kind: WakeKind = 'message'): void {
    if (this.#stopped || this.#o.isOnline(peer) || this.#quiet(peer)) return;
    const pending = this.#pending.get(peer);
    if (pending) {
      if (kind === 'call') pending.kind = 'call';
      return;
    }
    const timer = this.#o.clock.setTimeout(() => {
      const entry = this.#pending.get(peer);
      this.#pending.delete(peer);
      if (entry) void this.#fire(peer, entry.kind);
    }, WAKE_GRACE_MS);
    this.#pending.set(peer, { kind, timer });
  }

  /**
   * Wake `peer` now (a call to someone whose session is down: we already know they cannot be
   * reached). Resolves with the outcome, or null when nothing was asked (they are online, asked
   * recently, or hold no token of ours to present).
   */
  wakeNow(peer: PeerId, kind: WakeKind): Promise<WakeOutcome | null> {
    this.#cancel(peer);
    return this.#fire(peer, kind);
  }

  /** A session with `peer` is up: nothing to wake them for. */
  peerOnline(peer: PeerId): void {
    this.#cancel(peer);
  }

  /** `conv` changed: when it holds events of ours its offline peer lacks, wake them. */
  async consider(conv: ConversationId): Promise<void> {
    if (this.#stopped) return;
    try {
      const row = await getConv(this.#o.db, conv);
      if (row && hasUndelivered(row, this.#o.me)) this.want(row.peer, 'message');
    } catch (err) {
      logger.warn('could not read a conversation', describeError(err));
    }
  }

  /** Look at every conversation (the app just started with messages left undelivered). */
  async sweep(): Promise<void> {
    if (this.#stopped) return;
    try {
      for (const row of await listConvs(this.#o.db)) {
        if (hasUndelivered(row, this.#o.me)) this.want(row.peer, 'message');
      }
    } catch (err) {
      logger.warn('could not read the conversations', describeError(err));
    }
  }

  /** No more timers or requests. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const peer of [...this.#pending.keys()]) this.#cancel(peer);
    this.#events.clear();
  }

  #cancel(peer: PeerId): void {
    const pending = this.#pending.get(peer);
    if (!pending) return;
    this.#o.clock.clearTimeout(pending.timer);
    this.#pending.delete(peer);
  }

  #quiet(peer: PeerId): boolean {
    const now = this.#o.now();
    return now < this.#allQuietUntil || now < (this.#quietUntil.get(peer) ?? 0);
  }

  async #fire(peer: PeerId, kind: WakeKind): Promise<WakeOutcome | null> {
    if (this.#stopped || this.#o.isOnline(peer) || this.#quiet(peer) || this.#inflight.has(peer)) {
      return null;
    }
    this.#inflight.add(peer);
    try {
      const person = await getPerson(this.#o.db, peer);
      // Only a friend we let reach us, and only with the token they gave us ([WAKE-13]).
      const token = person && opensTo(person) ? person.reachHeld : undefined;
      if (!token || this.#stopped) return null;
      const result = await this.#o.service.wake(peer, token, kind);
      this.#rest(peer, result.outcome, result.retryAfterMs);
      if (!this.#stopped) this.#events.emit('woke', peer, kind, result.outcome);
      return result.outcome;
    } catch (err) {
      logger.warn('could not wake a friend', describeError(err));
      return null;
    } finally {
      this.#inflight.delete(peer);
    }
  }

  /** How long to leave `peer` alone after `outcome`. */
  #rest(peer: PeerId, outcome: WakeOutcome, retryAfterMs: number | null): void {
    const now = this.#o.now();
    switch (outcome) {
      case 'notConfigured':
        this.#allQuietUntil = now + WAKE_QUIET_MS;
        return;
      case 'noSubscription':
      case 'unknownToken':
        this.#quietUntil.set(peer, now + WAKE_QUIET_MS);
        return;
      default:
        this.#quietUntil.set(peer, now + Math.max(WAKE_MIN_INTERVAL_MS, retryAfterMs ?? 0));
    }
  }
}
