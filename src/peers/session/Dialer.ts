/**
 * Keeps sessions up with a set of target peers: dials each one when our
 * signaling comes online, retries with exponential backoff and jitter (capped
 * at 30 s) after a failed dial or a lost session, and retries everyone at once
 * when the network or the page comes back. Signaling cannot tell us when a
 * friend comes online, so the retries are how we find out. [SES-11]
 */
import { Backoff, type BackoffOptions } from '../../lib/backoff';
import type { PeerId } from '../../lib/ids';
import { browserEnvironment } from '../browserEnvironment';
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { Transport, Unsubscribe } from '../transport';
import type { SessionManager } from './SessionManager';
import type { TimerHandle } from '../../lib/clock';

/** Construction parameters. */
export interface DialerOptions {
  manager: SessionManager;
  transport: Transport;
  env?: SignalingEnvironment;
  backoff?: BackoffOptions;
}

interface Target {
  backoff: Backoff;
  timer: TimerHandle | null;
}

/** Dials and re-dials a set of peers. */
export class Dialer {
  readonly #manager: SessionManager;
  readonly #transport: Transport;
  readonly #env: SignalingEnvironment;
  readonly #backoffOptions: BackoffOptions;
  readonly #targets = new Map<PeerId, Target>();
  #unlisten: Unsubscribe[] = [];
  #stopped = false;

  constructor(options: DialerOptions) {
    this.#manager = options.manager;
    this.#transport = options.transport;
    this.#env = options.env ?? browserEnvironment();
    this.#backoffOptions = options.backoff ?? {};
  }

  /** Listen to the manager, the transport and the browser. */
  start(): void {
    if (this.#unlisten.length > 0 || this.#stopped) return;
    const retryAll = () => this.retryAll();
    this.#unlisten = [
      this.#manager.on('up', (session) => this.#succeeded(session.peer)),
      this.#manager.on('down', (peer) => this.#schedule(peer)),
      this.#manager.on('failed', (peer) => {
        if (!this.#manager.session(peer)) this.#schedule(peer);
      }),
      this.#transport.onStatus((status) => {
        if (status === 'online') retryAll();
      }),
      this.#env.onOnline(retryAll),
      this.#env.onVisible(retryAll),
    ];
  }

  /** Stop every timer and listener. */
  stop(): void {
    this.#stopped = true;
    for (const off of this.#unlisten) off();
    this.#unlisten = [];
    for (const target of this.#targets.values()) this.#clearTimer(target);
    this.#targets.clear();
  }

  /** The peers being kept connected. */
  get targets(): PeerId[] {
    return [...this.#targets.keys()];
  }

  /** Replace the target set: new targets are dialled now, dropped ones forgotten. */
  setTargets(peers: Iterable<PeerId>): void {
    const next = new Set(peers);
    for (const peer of [...this.#targets.keys()]) if (!next.has(peer)) this.unwant(peer);
    for (const peer of next) this.want(peer);
  }

  /** Keep a session with `peer`; dials now if it is a new target. */
  want(peer: PeerId): void {
    if (this.#stopped || peer === this.#manager.me || this.#targets.has(peer)) return;
    this.#targets.set(peer, {
      backoff: new Backoff(() => this.#env.random(), this.#backoffOptions),
      timer: null,
    });
    this.#dialNow(peer);
  }

  /** Stop dialling `peer` (a live session is left alone). */
  unwant(peer: PeerId): void {
    const target = this.#targets.get(peer);
    if (target) this.#clearTimer(target);
    this.#targets.delete(peer);
  }

  /** Forget every backoff and dial every target now (network back, page visible). */
  retryAll(): void {
    for (const [peer, target] of this.#targets) {
      target.backoff.reset();
      this.#dialNow(peer);
    }
  }

  /** Dial `peer` now if it is a target (e.g. it just became a friend). */
  dialNow(peer: PeerId): void {
    if (this.#targets.has(peer)) this.#dialNow(peer);
  }

  #dialNow(peer: PeerId): void {
    const target = this.#targets.get(peer);
    if (!target || this.#stopped) return;
    this.#clearTimer(target);
    // Offline: the transport's next 'online' retries everyone.
    if (this.#transport.status !== 'online') return;
    this.#manager.dial(peer);
  }

  #succeeded(peer: PeerId): void {
    const target = this.#targets.get(peer);
    if (!target) return;
    this.#clearTimer(target);
    target.backoff.reset();
  }

  #schedule(peer: PeerId): void {
    const target = this.#targets.get(peer);
    if (!target || target.timer !== null || this.#stopped) return;
    target.timer = this.#env.setTimeout(() => {
      target.timer = null;
      this.#dialNow(peer);
    }, target.backoff.next());
  }

  #clearTimer(target: Target): void {
    if (target.timer !== null) this.#env.clearTimeout(target.timer);
    target.timer = null;
  }
}
