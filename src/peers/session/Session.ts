/**
 * One authenticated session over one Channel: runs the HELLO/AUTH handshake,
 * then carries control frames. Until both AUTHs verified nothing but the
 * handshake passes, and any violation closes the channel with a reason.
 * Incoming messages are handled strictly one after the other (a promise
 * chain), because the checks are asynchronous and a fast peer's AUTH or first
 * frame may arrive while its HELLO is still being checked.
 * Spec: docs/protocol.md [SES-1..9].
 */
import { Emitter } from '../../lib/emitter';
import { describeError, isBenignTeardown } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { Channel, ChannelFingerprints, ChannelMessage, Unsubscribe } from '../transport';
import { NOTICE_REASONS, SessionCloseReason, type SessionCloseReasonKey } from './closeReasons';
import {
  IDLE_TIMEOUT_MS,
  KEEPALIVE_MS,
  MAX_CONTROL_FRAME_BYTES,
  MAX_HANDSHAKE_FRAME_BYTES,
  SESSION_PROTOCOL_VERSION,
} from './constants';
import {
  decodeControlFrame,
  encodeFrame,
  isAuthFrame,
  isHelloFrame,
  type ControlFrame,
  type OutgoingFrame,
} from './frames';
import {
  authFrame,
  checkAuth,
  checkHello,
  helloFrame,
  newNonce,
  type PinnedPeer,
} from './handshake';
import type { NonceCache } from './nonceCache';
import { SerialQueue } from '../../lib/serialQueue';
import type { Clock, TimerHandle } from '../../lib/clock';

const logger = log('peers:session');

/** What a Session needs besides its channel. */
export interface SessionDeps {
  keys: IdentityKeys;
  /** The pinned entry for a peer (null: stranger). Read afresh for every handshake. */
  lookup: (peer: PeerId) => Promise<PinnedPeer | null>;
  nonces: NonceCache;
  timeoutMs: number;
  timers: Clock;
  /** Keepalive tuning [SES-12]; tests shorten it. */
  keepaliveMs?: number;
  idleTimeoutMs?: number;
}

/** [SES-12] Keepalive frame, consumed by the session itself. */
const PING = { type: 'PING', v: SESSION_PROTOCOL_VERSION } as const;

/** Events of a {@link Session}. */
export interface SessionEvents {
  /** The peer proved its key (our AUTH went out before); frames flow from now on. */
  authenticated: () => void;
  /** A control frame after AUTH, in order. HELLO and AUTH never arrive here. */
  frame: (frame: ControlFrame) => void;
  /** Final. `reason` is null when the channel closed by itself (peer left, network). */
  closed: (reason: SessionCloseReasonKey | null) => void;
}

type Phase = 'opening' | 'hello' | 'auth' | 'open' | 'closed';

/** The handshake and frame stream of one channel. */
export class Session {
  readonly channel: Channel;
  readonly peer: PeerId;
  readonly #deps: SessionDeps;
  readonly #events = new Emitter<SessionEvents>();
  readonly #myNonce = newNonce();
  #phase: Phase = 'opening';
  #theirNonce = '';
  #pub: Uint8Array | null = null;
  /** This connection's DTLS fingerprints, read once after HELLO; both AUTHs use them. */
  #fps: ChannelFingerprints | null = null;
  #known = false;
  #roster = false;
  #timer: TimerHandle | null = null;
  readonly #queue = new SerialQueue();
  /** Keepalive ticks since a message last arrived. */
  #silentTicks = 0;

  constructor(channel: Channel, deps: SessionDeps) {
    this.channel = channel;
    this.peer = channel.peer;
    this.#deps = deps;
    // Our own nonces are remembered too: a peer reflecting one back is a replay.
    deps.nonces.add(this.#myNonce);
    channel.on('message', (data) => this.#enqueue(() => this.#receive(data)));
    // Through the queue: messages that arrived before the close are still handled.
    channel.on('closed', () => this.#enqueue(() => this.#finish(null)));
    if (channel.state === 'open') this.#enqueue(() => this.#begin());
    else if (channel.state === 'connecting')
      channel.on('open', () => this.#enqueue(() => this.#begin()));
    else this.#phase = 'closed';
  }

  /** True on the side that dialled. */
  get outbound(): boolean {
    return this.channel.outbound;
  }

  /** True from the peer's verified AUTH until closed. */
  get authenticated(): boolean {
    return this.#phase === 'open';
  }

  get closed(): boolean {
    return this.#phase === 'closed';
  }

  /** The peer had a pinned key when it said HELLO, or got one since (false: a stranger). */
  get known(): boolean {
    return this.#known;
  }

  /**
   * The peer's key came from a group roster, not from a stored person: the session carries only
   * the groups both are in, and closes when they share none. [GRP-30], [GRP-33]
   */
  get rosterKeyed(): boolean {
    return this.#roster;
  }

  /**
   * The peer got a stored record during this session (its request was stored
   * or accepted): it no longer counts against the stranger cap [SES-13], and a roster-keyed
   * session now carries what a session with that person carries. [GRP-31]
   */
  markKnown(): void {
    this.#known = true;
    // The same key (it hashes to the peer id), now held by a person: no longer group-only.
    this.#roster = false;
  }

  /**
   * A stranger became a member of a group I am in during this session (a join by group code):
   * from now on the session is roster keyed, as if the roster had given the key at HELLO (the
   * key is the same: it hashes to the peer id). [GRP-46]
   */
  markRosterKeyed(): void {
    this.#known = true;
    this.#roster = true;
  }

  /** The peer's verified raw key (after HELLO). */
  get pub(): Uint8Array | null {
    return this.#pub;
  }

  /** Subscribe to an event. */
  on<E extends keyof SessionEvents>(event: E, listener: SessionEvents[E]): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** Send a control frame once authenticated. False when closed or the channel refused it. */
  send(frame: OutgoingFrame): boolean {
    return this.#phase === 'open' && this.#write(frame);
  }

  /** Close with a reason (logged); idempotent. */
  close(reason: SessionCloseReasonKey = 'local'): void {
    if (this.#phase === 'closed') return;
    const level = NOTICE_REASONS.has(reason) ? 'warn' : 'debug';
    logger[level]('closing session with', this.peer, `(${reason}: ${SessionCloseReason[reason]})`);
    this.#finish(reason);
    this.channel.close();
  }

  #enqueue(task: () => Promise<void> | void): void {
    void this.#queue.push(task, (err) => {
      logger.error('session task failed', this.peer, describeError(err));
      this.close('local');
    });
  }

  #write(frame: OutgoingFrame): boolean {
    try {
      this.channel.send(encodeFrame(frame));
      return true;
    } catch (err) {
      const level = isBenignTeardown(err) ? 'debug' : 'warn';
      logger[level]('could not send', frame.type, 'to', this.peer, describeError(err));
      return false;
    }
  }

  async #begin(): Promise<void> {
    if (this.#phase !== 'opening') return;
    const { timers, timeoutMs, keys } = this.#deps;
    this.#timer = timers.setTimeout(() => this.close('timeout'), timeoutMs);
    // Blocked peers get nothing from us, not even a HELLO.
    const pinned = await this.#deps.lookup(this.peer);
    if (this.#phase !== 'opening') return;
    if (pinned?.blocked) return this.close('blocked');
    this.#phase = 'hello';
    this.#write(helloFrame(keys.id, keys.publicKeyRaw, this.#myNonce));
  }

  async #receive(data: ChannelMessage): Promise<void> {
    if (this.#phase === 'closed') return;
    this.#silentTicks = 0;
    if (this.#phase === 'open') return this.#deliver(data);
    const frame = decodeControlFrame(data, MAX_HANDSHAKE_FRAME_BYTES);
    if (!frame) return this.close('protocol');
    if (frame.v !== SESSION_PROTOCOL_VERSION) return this.close('version');
    if (this.#phase === 'hello' && isHelloFrame(frame)) return this.#onHello(frame);
    if (this.#phase === 'auth' && isAuthFrame(frame)) return this.#onAuth(frame);
    // [SES-6] anything else before AUTH, including a second HELLO.
    return this.close('protocol');
  }

  #deliver(data: ChannelMessage): void {
    const frame = decodeControlFrame(data, MAX_CONTROL_FRAME_BYTES);
    if (!frame || frame.type === 'HELLO' || frame.type === 'AUTH') {
      logger.warn('dropping an invalid frame from', this.peer);
      return;
    }
    if (frame.type === PING.type) return;
    this.#events.emit('frame', frame);
  }

  async #onHello(hello: Parameters<typeof checkHello>[0]): Promise<void> {
    const pinned = await this.#deps.lookup(this.peer);
    const result = await checkHello(hello, {
      peer: this.peer,
      pinned,
      ownNonce: this.#myNonce,
      nonces: this.#deps.nonces,
    });
    if (this.#phase !== 'hello') return;
    if (!result.ok) return this.close(result.reason);
    const fps = await this.channel.fingerprints();
    if (this.#phase !== 'hello') return;
    // Without both fingerprints, beyond doubt, the session cannot be bound to DTLS. [SES-4]
    if (!fps) return this.close('fingerprint');
    this.#fps = fps;
    this.#pub = result.pub;
    this.#known = pinned !== null;
    this.#roster = pinned?.roster === true;
    this.#theirNonce = hello.nonce;
    const auth = await authFrame(this.#deps.keys.privateKey, this.#myNonce, hello.nonce, fps);
    if (this.#phase !== 'hello') return;
    this.#phase = 'auth';
    this.#write(auth);
  }

  async #onAuth(auth: Parameters<typeof checkAuth>[0]): Promise<void> {
    const fps = this.#fps;
    if (!fps || !this.#pub) return this.close('fingerprint');
    const result = await checkAuth(auth, {
      pub: this.#pub,
      myNonce: this.#myNonce,
      theirNonce: this.#theirNonce,
      fps,
    });
    if (this.#phase !== 'auth') return;
    if (!result.ok) return this.close(result.reason);
    this.#clearTimer();
    this.#phase = 'open';
    this.#keepalive();
    logger.debug('authenticated', this.peer, this.outbound ? '(dialled)' : '(accepted)');
    this.#events.emit('authenticated');
  }

  /** [SES-12] PING every tick; close when nothing arrived for the idle timeout. */
  #keepalive(): void {
    const tick = this.#deps.keepaliveMs ?? KEEPALIVE_MS;
    const idle = this.#deps.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
    this.#timer = this.#deps.timers.setTimeout(() => {
      this.#timer = null;
      if (this.#phase !== 'open') return;
      if (++this.#silentTicks * tick >= idle) return this.close('idle');
      this.#write(PING);
      this.#keepalive();
    }, tick);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#deps.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #finish(reason: SessionCloseReasonKey | null): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#clearTimer();
    this.#events.emit('closed', reason);
    this.#events.clear();
  }
}
