/**
 * The signaling connection's state machine, free of PeerJS and of the DOM so
 * it can be tested with fake timers: status, reconnect with backoff and full
 * jitter, immediate retry when the network or the page comes back, a freshly
 * signed token on every attempt, and the two ways to stop retrying.
 *
 * The adapter (src/peers/peerjs/) reports what the socket did (`opened`,
 * `lost`, `failed`, `halt`) and carries out what this machine decides through
 * a {@link SignalingDriver}. See docs/protocol.md, "The client" [SIG-LIFE-*].
 *
 * The driver runs library code on state that strangers can shape through
 * signaling, so every call into it is guarded: whatever it throws, the next
 * attempt is still scheduled ([SIG-LIFE-1]). While online, the socket is
 * probed; one that stopped answering is treated as lost ([SIG-LIFE-2]).
 */
import { Backoff, type BackoffOptions } from '../lib/backoff';
import { Emitter } from '../lib/emitter';
import { SignalingError, describeError } from '../lib/errors';
import { log } from '../lib/log';
import { guarded } from '../lib/guard';
import type { ConnectionStatus, TransportEvents, Unsubscribe } from './transport';
import type { Clock, TimerHandle } from '../lib/clock';

const logger = log('peers:signal');

/** An attempt that neither opens nor fails within this time is abandoned and retried. */
export const ATTEMPT_TIMEOUT_MS = 20_000;
/**
 * While online, the socket is probed this often; one that has not answered the previous probe
 * by the next is dead. A dead socket is noticed within one to two periods. [SIG-LIFE-2]
 */
export const LIVENESS_PROBE_MS = 10_000;

/** Time, randomness and the browser signals the machine reacts to; injected for tests. */
export interface SignalingEnvironment extends Clock {
  /** In [0, 1), like Math.random; drives the jitter. */
  random(): number;
  /** Window 'online': the network may be back. */
  onOnline(callback: () => void): Unsubscribe;
  /** Window 'offline': the device has no network; nothing we hold can be trusted to work. */
  onOffline(callback: () => void): Unsubscribe;
  /** 'visibilitychange' to visible: timers may have been frozen while hidden. */
  onVisible(callback: () => void): Unsubscribe;
}

/** What the machine asks the adapter to do. */
export interface SignalingDriver {
  /** Start a brand-new session (a new Peer) with this token, discarding any old one. */
  create(token: string): void;
  /** Reopen the existing session's socket with this fresh token (`peer.reconnect()`). */
  resume(token: string): void;
  /** True when a session exists that `resume` can reopen. */
  canResume(): boolean;
  /** Give up on a hanging attempt: close its socket, keep the session and its channels. */
  abort(): void;
  /** Discard the session and every channel. */
  destroy(): void;
  /**
   * True while the session's socket is open and answered the previous probe; sends the next
   * probe. False turns the status to offline and starts a reconnect. [SIG-LIFE-2]
   */
  probe(): boolean;
}

/** Construction parameters. */
export interface SignalingLifecycleOptions {
  driver: SignalingDriver;
  env: SignalingEnvironment;
  /** Sign a fresh token; called before every attempt (a reconnect must not reuse an old one). */
  signToken: () => Promise<string>;
  backoff?: BackoffOptions;
  attemptTimeoutMs?: number;
  probeMs?: number;
}

type Phase = 'idle' | 'signing' | 'attempting' | 'online' | 'waiting' | 'halted' | 'stopped';

/** Status plus retry policy of one signaling connection. */
export class SignalingLifecycle {
  readonly #driver: SignalingDriver;
  readonly #env: SignalingEnvironment;
  readonly #signToken: () => Promise<string>;
  readonly #backoff: Backoff;
  readonly #attemptTimeoutMs: number;
  readonly #probeMs: number;
  readonly #events = new Emitter<Pick<TransportEvents, 'status'>>();
  #phase: Phase = 'idle';
  #status: ConnectionStatus = 'offline';
  #error: SignalingError | null = null;
  /** Bumped by every attempt and stop; async work from an older generation is dropped. */
  #generation = 0;
  #timer: TimerHandle | null = null;
  /** After a server ERROR the stock Peer is dead: the next attempt must create a new one. */
  #mustCreate = true;
  #unlisten: Unsubscribe[] = [];

  constructor(options: SignalingLifecycleOptions) {
    this.#driver = options.driver;
    this.#env = options.env;
    this.#signToken = options.signToken;
    this.#backoff = new Backoff(() => options.env.random(), options.backoff);
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
    this.#probeMs = options.probeMs ?? LIVENESS_PROBE_MS;
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get error(): SignalingError | null {
    return this.#error;
  }

  /** Failures since the last successful open. */
  get failures(): number {
    return this.#backoff.attempt;
  }

  /** Subscribe to status changes. */
  onStatus(listener: TransportEvents['status']): Unsubscribe {
    return this.#events.on('status', listener);
  }

  /** Begin: listen for online/visible and make the first attempt. */
  start(): void {
    if (this.#phase !== 'idle') return;
    this.#unlisten = [
      this.#env.onOnline(() => this.retryNow('online')),
      this.#env.onOffline(() => this.wentOffline()),
      this.#env.onVisible(() => this.retryNow('visible')),
    ];
    void this.#attempt();
  }

  /** The server sent OPEN. */
  opened(): void {
    if (this.#phase !== 'attempting') return;
    this.#clearTimer();
    this.#backoff.reset();
    this.#phase = 'online';
    this.#set('online', null);
    this.#watch(this.#generation);
  }

  /** The socket closed or could not open; the session itself is still usable. */
  lost(detail?: string): void {
    if (this.#phase !== 'attempting' && this.#phase !== 'online') return;
    logger.info('signaling lost', detail ?? '');
    this.#retryLater('offline', new SignalingError('unreachable', detail ? { detail } : {}));
  }

  /** The server sent ERROR (bad token, clock skew, …). Fatal to a stock Peer: recreate after backoff. */
  failed(detail?: string): void {
    if (this.#phase !== 'attempting' && this.#phase !== 'online') return;
    logger.warn('signaling refused', detail ?? '');
    this.#mustCreate = true;
    // 'error', not 'offline': the user may need to act (fix the clock), yet we keep trying.
    this.#retryLater('error', new SignalingError('rejected', detail ? { detail } : {}));
  }

  /**
   * Stop retrying with `error` shown: ID-TAKEN (another tab or device now
   * holds this identity; reclaiming it automatically would ping-pong) or an
   * unsupported browser. Only {@link takeOver} resumes.
   */
  halt(error: SignalingError): void {
    if (this.#phase === 'stopped' || this.#phase === 'halted') return;
    this.#generation++;
    this.#clearTimer();
    this.#phase = 'halted';
    this.#mustCreate = true;
    this.#drive('destroy', () => this.#driver.destroy());
    this.#set('error', error);
  }

  /**
   * The browser reports no network. Drop the session and every channel now rather than
   * wait for ICE consent or heartbeats to time out (tens of seconds, and never on a
   * loopback path the OS keeps up): peers then see us go offline, and our unsent
   * messages stay pending until 'online' brings a fresh session.
   */
  wentOffline(): void {
    if (this.#phase === 'stopped' || this.#phase === 'halted' || this.#phase === 'idle') return;
    logger.info('browser went offline');
    this.#mustCreate = true;
    this.#drive('destroy', () => this.#driver.destroy());
    this.#retryLater('offline', new SignalingError('unreachable', { detail: 'browser offline' }));
  }

  /** The network or the page came back: skip the rest of the backoff wait. */
  retryNow(why = 'manual'): void {
    if (this.#phase !== 'waiting') return;
    logger.debug('retrying at once:', why);
    void this.#attempt();
  }

  /** User action: connect now even after a halt, taking the identity back. */
  takeOver(): void {
    if (this.#phase === 'stopped' || this.#phase === 'online') return;
    if (this.#phase === 'idle') return this.start();
    this.#backoff.reset();
    void this.#attempt();
  }

  /** Leave for good. */
  stop(): void {
    if (this.#phase === 'stopped') return;
    this.#generation++;
    this.#clearTimer();
    this.#phase = 'stopped';
    for (const off of this.#unlisten) off();
    this.#unlisten = [];
    this.#drive('destroy', () => this.#driver.destroy());
    this.#set('offline', null);
    this.#events.clear();
  }

  async #attempt(): Promise<void> {
    const generation = ++this.#generation;
    this.#clearTimer();
    this.#phase = 'signing';
    // A refusal stays visible while we retry, so the UI does not flicker error→connecting→error.
    const reason = this.#status === 'error' ? this.#error?.reason : undefined;
    if (reason !== 'rejected' && reason !== 'token') this.#set('connecting', null);
    let token: string;
    try {
      token = await this.#signToken();
    } catch (err) {
      if (generation !== this.#generation) return;
      logger.error('could not sign a token', err);
      this.#retryLater(
        'error',
        new SignalingError('token', { cause: err, detail: describeError(err) }),
      );
      return;
    }
    if (generation !== this.#generation) return;
    this.#phase = 'attempting';
    this.#timer = this.#env.setTimeout(() => {
      if (generation !== this.#generation || this.#phase !== 'attempting') return;
      logger.info('attempt timed out');
      this.#drive('abort', () => this.#driver.abort());
      this.lost('attempt timed out');
    }, this.#attemptTimeoutMs);
    let fresh = this.#mustCreate;
    if (!fresh && !this.#drive('canResume', () => void (fresh = !this.#driver.canResume()))) {
      fresh = true;
    }
    this.#mustCreate = false;
    const started = fresh
      ? this.#drive('create', () => this.#driver.create(token))
      : this.#drive('resume', () => this.#driver.resume(token));
    if (!started && generation === this.#generation && this.#phase === 'attempting') {
      this.#mustCreate = true;
      this.lost('could not start the attempt');
    }
  }

  /** Probe the open socket every period while this generation stays online. [SIG-LIFE-2] */
  #watch(generation: number): void {
    this.#timer = this.#env.setTimeout(() => {
      this.#timer = null;
      if (generation !== this.#generation || this.#phase !== 'online') return;
      let alive = false;
      this.#drive('probe', () => void (alive = this.#driver.probe()));
      if (alive) return this.#watch(generation);
      // Close the socket but keep the session: channels to peers do not need it.
      logger.info('signaling socket stopped answering');
      this.#drive('abort', () => this.#driver.abort());
      this.lost('socket stopped answering');
    }, this.#probeMs);
  }

  /** Run one driver call; a throw is logged and reported as false, never raised. [SIG-LIFE-1] */
  #drive(what: string, call: () => void): boolean {
    return guarded(logger, `signaling driver ${what}`, call);
  }

  #retryLater(status: ConnectionStatus, error: SignalingError): void {
    this.#generation++;
    this.#clearTimer();
    this.#phase = 'waiting';
    this.#set(status, error);
    const delay = this.#backoff.next();
    logger.debug(`retry ${this.#backoff.attempt} in ${delay} ms`);
    this.#timer = this.#env.setTimeout(() => {
      this.#timer = null;
      void this.#attempt();
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    this.#env.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(status: ConnectionStatus, error: SignalingError | null): void {
    if (this.#status === status && this.#error === error) return;
    this.#status = status;
    this.#error = error;
    this.#events.emit('status', status, error);
  }
}
