/**
 * All sessions on one Transport: accepts inbound session channels, dials on
 * request, runs each handshake and keeps exactly one live session per peer.
 * It knows nothing of friends; the friends engine decides what a session is
 * for. It also bounds what strangers can make it hold: inbound handshakes
 * and stranger sessions beyond a cap are closed with `busy`.
 * Spec: docs/protocol.md [SES-10], [SES-13].
 */
import { Emitter } from '../../lib/emitter';
import type { IdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { browserEnvironment } from '../browserEnvironment';
import type { Channel, Transport, Unsubscribe } from '../transport';
import type { SessionCloseReasonKey } from './closeReasons';
import {
  HANDSHAKE_TIMEOUT_MS,
  MAX_PENDING_HANDSHAKES,
  MAX_STRANGER_SESSIONS,
  SESSION_LABEL,
} from './constants';
import type { PinnedPeer } from './handshake';
import { NonceCache } from './nonceCache';
import { RACE_WINDOW_MS, raceSurvivor, type RaceEntry } from './race';
import { Session } from './Session';
import type { Clock } from '../../lib/clock';

const logger = log('peers:sessions');

/** Construction parameters. */
export interface SessionManagerOptions {
  transport: Transport;
  keys: IdentityKeys;
  /** The pinned entry for a peer (null: stranger), read afresh for every handshake. */
  lookup: (peer: PeerId) => Promise<PinnedPeer | null>;
  timers?: Clock;
  handshakeTimeoutMs?: number;
  /** See RACE_WINDOW_MS; tests shorten it. */
  raceWindowMs?: number;
  /** See KEEPALIVE_MS and IDLE_TIMEOUT_MS; tests shorten them. */
  keepalive?: { keepaliveMs: number; idleTimeoutMs: number };
  now?: () => number;
}

/** Events of a {@link SessionManager}. */
export interface SessionManagerEvents {
  /** `session` is now the live session with its peer (new, or replacing a loser). */
  up: (session: Session) => void;
  /** The live session with `peer` ended and none replaced it. */
  down: (peer: PeerId) => void;
  /** A session closed before it authenticated: a dial that failed or a refused handshake. */
  failed: (peer: PeerId, reason: SessionCloseReasonKey | null) => void;
}

/** Sessions of one transport, one live per peer. */
export class SessionManager {
  readonly #transport: Transport;
  readonly #keys: IdentityKeys;
  readonly #lookup: SessionManagerOptions['lookup'];
  readonly #timers: Clock;
  readonly #timeoutMs: number;
  readonly #raceWindowMs: number;
  readonly #keepalive: SessionManagerOptions['keepalive'];
  readonly #now: () => number;
  readonly #nonces = new NonceCache();
  readonly #events = new Emitter<SessionManagerEvents>();
  readonly #live = new Map<PeerId, Session>();
  readonly #pending = new Set<Session>();
  /** Sessions that got past AUTH, with when: their close is a 'down', not a 'failed'. */
  readonly #authenticated = new WeakMap<Session, number>();
  /**
   * Peers whose live session closed while another was still handshaking: their
   * 'down' waits for that one, so a connect race does not flap presence.
   */
  readonly #limbo = new Set<PeerId>();
  #unlisten: Unsubscribe | null = null;
  #stopped = false;

  constructor(options: SessionManagerOptions) {
    this.#transport = options.transport;
    this.#keys = options.keys;
    this.#lookup = options.lookup;
    this.#timers = options.timers ?? browserEnvironment();
    this.#timeoutMs = options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
    this.#raceWindowMs = options.raceWindowMs ?? RACE_WINDOW_MS;
    this.#keepalive = options.keepalive;
    this.#now = options.now ?? Date.now;
  }

  /** Our own id. */
  get me(): PeerId {
    return this.#keys.id;
  }

  /** Start accepting inbound session channels. */
  start(): void {
    if (this.#unlisten || this.#stopped) return;
    this.#unlisten = this.#transport.onChannel(SESSION_LABEL, (channel) => this.#accept(channel));
  }

  /** Close every session and stop accepting; no events fire afterwards. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#unlisten?.();
    this.#events.clear();
    for (const session of [...this.#pending, ...this.#live.values()]) session.close('local');
    this.#pending.clear();
    this.#live.clear();
    this.#limbo.clear();
  }

  /** Subscribe to an event. */
  on<E extends keyof SessionManagerEvents>(
    event: E,
    listener: SessionManagerEvents[E],
  ): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** The live (authenticated) session with `peer`, or null. */
  session(peer: PeerId): Session | null {
    return this.#live.get(peer) ?? null;
  }

  /** Peers with a live session. */
  get livePeers(): PeerId[] {
    return [...this.#live.keys()];
  }

  /** True while a channel with `peer` is connecting or handshaking. */
  isPending(peer: PeerId): boolean {
    for (const session of this.#pending) if (session.peer === peer) return true;
    return false;
  }

  /**
   * Dial `peer` unless a session with it is live or under way. Returns the new
   * session, or null when nothing was dialled.
   */
  dial(peer: PeerId): Session | null {
    if (this.#stopped || peer === this.me || this.#live.has(peer) || this.isPending(peer)) {
      return null;
    }
    logger.debug('dialling', peer);
    return this.#adopt(this.#transport.connect(peer, { label: SESSION_LABEL }));
  }

  /** Close the live and pending sessions with `peer`. */
  closePeer(peer: PeerId, reason: SessionCloseReasonKey = 'local'): void {
    for (const session of [...this.#pending]) if (session.peer === peer) session.close(reason);
    this.#live.get(peer)?.close(reason);
  }

  /** Live sessions with peers that had no record at HELLO and got none since. */
  get strangerCount(): number {
    let count = 0;
    for (const session of this.#live.values()) if (!session.known) count++;
    return count;
  }

  /**
   * An inbound session channel: adopted unless too many strangers' are handshaking already.
   * Friends are not counted and never refused, so strangers cannot keep them out. [SES-13]
   */
  #accept(channel: Channel): void {
    const trusts = (peer: PeerId) => this.#transport.trusts(peer);
    let inbound = 0;
    for (const session of this.#pending) if (!session.outbound && !trusts(session.peer)) inbound++;
    if (trusts(channel.peer) || inbound < MAX_PENDING_HANDSHAKES) {
      this.#adopt(channel);
      return;
    }
    // Refused before a Session exists: no nonce, no timer, no lookup for it.
    logger.warn('too many handshakes at once; refusing a channel from', channel.peer);
    channel.close();
    this.#events.emit('failed', channel.peer, 'busy');
  }

  #adopt(channel: Channel): Session {
    const session = new Session(channel, {
      keys: this.#keys,
      lookup: this.#lookup,
      nonces: this.#nonces,
      timeoutMs: this.#timeoutMs,
      timers: this.#timers,
      ...this.#keepalive,
    });
    if (this.#stopped || session.closed) {
      session.close('local');
      return session;
    }
    this.#pending.add(session);
    session.on('authenticated', () => this.#onAuthenticated(session));
    session.on('closed', (reason) => this.#onClosed(session, reason));
    return session;
  }

  #entry(session: Session): RaceEntry {
    return { outbound: session.outbound, at: this.#authenticated.get(session) ?? this.#now() };
  }

  #onAuthenticated(session: Session): void {
    const replacing = this.#live.get(session.peer);
    // A stranger's second session replaces its first, so it does not count twice.
    const strangers = this.strangerCount - (replacing && !replacing.known ? 1 : 0);
    if (!session.known && strangers >= MAX_STRANGER_SESSIONS) {
      logger.warn('too many strangers at once; closing the session with', session.peer);
      return session.close('busy');
    }
    this.#pending.delete(session);
    this.#authenticated.set(session, this.#now());
    this.#limbo.delete(session.peer);
    const current = this.#live.get(session.peer);
    if (current) {
      const keep = raceSurvivor(
        this.#entry(current),
        this.#entry(session),
        this.me,
        session.peer,
        this.#raceWindowMs,
      );
      logger.debug('second session with', session.peer, '- keeping the', keep, 'one');
      if (keep === 'existing') return session.close('duplicate');
      this.#live.set(session.peer, session);
      current.close('duplicate');
    } else {
      this.#live.set(session.peer, session);
    }
    this.#events.emit('up', session);
  }

  #onClosed(session: Session, reason: SessionCloseReasonKey | null): void {
    const { peer } = session;
    this.#pending.delete(session);
    if (this.#live.get(peer) === session) {
      this.#live.delete(peer);
      if (this.isPending(peer)) this.#limbo.add(peer);
      else this.#events.emit('down', peer);
      return;
    }
    if (this.#authenticated.has(session)) return;
    this.#events.emit('failed', peer, reason);
    if (this.#limbo.has(peer) && !this.isPending(peer)) {
      this.#limbo.delete(peer);
      this.#events.emit('down', peer);
    }
  }
}
