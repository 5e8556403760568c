/**
 * Pairs in-memory sessions in one process, so sync, handshake and file
 * transfer can be tested without a browser. It plays the signaling server
 * (who is online, ID-TAKEN on a second session with the same id, and, when
 * asked, the reach gate) and the network (latency, bandwidth, dropped paths, a
 * man in the middle).
 */
import { base32Encode } from '../../lib/base32';
import { TransportError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { reachHash, reachTokenOf, type ReachHash } from '../../lib/reach';
import type { ChannelFingerprints, ConnectOptions } from '../transport';
import { MemoryChannel, type PumpOptions, type Tamper } from './MemoryChannel';
import { MemoryTransport, type MemoryHubLink } from './MemoryTransport';

/** Network simulation knobs. */
export interface MemoryHubOptions {
  /** Delay of signaling steps and of each delivery batch (default 0: next task). */
  latencyMs?: number;
  /** Bytes moved per delivery batch per channel (default Infinity). */
  bytesPerTick?: number;
  /**
   * Gate dials as the signaling worker does ([SIG-REACH-3], [SIG-REACH-4]): a dial reaches its
   * recipient only when its metadata carries a token whose hash the recipient registered, or
   * while the recipient's trickle lasts (`trickle` tokenless dials in all, no refill). A refused
   * dial fails with peerUnavailable, as an EXPIRE does. Default: no gate (open mode).
   */
  reachGate?: { trickle: number };
}

/** A dial the reach gate refused. */
export interface RefusedDial {
  from: PeerId;
  to: PeerId;
}

function fakeFingerprint(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase());
  return `sha-256 ${hex.join(':')}`;
}

/** A simulated signaling server plus network. */
export class MemoryHub {
  readonly #sessions = new Map<PeerId, MemoryTransport>();
  readonly #pump: PumpOptions;
  readonly #pairs = new Set<[MemoryChannel, MemoryChannel]>();
  #channelSeq = 0;
  #mitm = false;
  #missingFingerprints = false;
  readonly #link: MemoryHubLink;
  readonly #gate: MemoryHubOptions['reachGate'];
  /** Hashes each id registered last; kept while it is away, as the worker stores them. */
  readonly #registered = new Map<PeerId, ReadonlySet<ReachHash>>();
  /** Tokenless dials each recipient let through. */
  readonly #trickled = new Map<PeerId, number>();
  /** Dials the reach gate refused, in order. */
  readonly refused: RefusedDial[] = [];

  constructor(options: MemoryHubOptions = {}) {
    this.#gate = options.reachGate;
    this.#pump = {
      latencyMs: options.latencyMs ?? 0,
      bytesPerTick: options.bytesPerTick ?? Infinity,
    };
    this.#link = {
      dial: (from, to, opts) => this.#dial(from, to, opts),
      claim: (t) => this.#claim(t),
      release: (t) => {
        if (this.#sessions.get(t.id) === t) this.#sessions.delete(t.id);
      },
      register: (t, hashes) => {
        if (this.#sessions.get(t.id) === t) this.#registered.set(t.id, new Set(hashes));
      },
      latencyMs: this.#pump.latencyMs,
    };
  }

  /** A new session for `id`. If one is online with that id, it gets ID-TAKEN when this one opens. */
  createTransport(id: PeerId): MemoryTransport {
    return new MemoryTransport(id, this.#link);
  }

  /** Simulate `id`'s network going down (true) or coming back (false). Channels survive, like WebRTC. */
  setOffline(transport: MemoryTransport, offline: boolean): void {
    transport.setNetwork(!offline);
  }

  /** Cut every channel between two peers abruptly (both sides see close with an error). */
  drop(a: PeerId, b: PeerId): void {
    for (const pair of [...this.#pairs]) {
      const [x, y] = pair;
      if ((x.peer === b && y.peer === a) || (x.peer === a && y.peer === b)) this.#sever(pair);
    }
  }

  /** A tab crashes or is closed: its channels die abruptly and it leaves signaling. */
  crash(transport: MemoryTransport): void {
    for (const pair of [...this.#pairs]) {
      if (pair[0].peer === transport.id || pair[1].peer === transport.id) this.#sever(pair);
    }
    transport.destroy();
  }

  /**
   * Simulate a hostile signaling server relaying two separate DTLS sessions:
   * channels opened while on see a remote fingerprint that is not the other
   * side's local one. The session handshake must catch this.
   */
  setMitm(on: boolean): void {
    this.#mitm = on;
  }

  /**
   * Rewrite messages on their way (null: stop), e.g. flip a byte of one
   * chunk to see that the receiver notices and asks again.
   */
  setTamper(tamper: Tamper | null): void {
    this.#pump.tamper = tamper;
  }

  /**
   * Channels opened while on report no fingerprints, as a browser channel
   * does when its SDP and DTLS certificates disagree ([SES-4]).
   */
  setMissingFingerprints(on: boolean): void {
    this.#missingFingerprints = on;
  }

  #sever(pair: [MemoryChannel, MemoryChannel]): void {
    this.#pairs.delete(pair);
    pair[0].sever('path lost');
  }

  #claim(transport: MemoryTransport): void {
    const previous = this.#sessions.get(transport.id);
    this.#sessions.set(transport.id, transport);
    if (previous && previous !== transport) previous.taken();
  }

  #dial(from: MemoryTransport, to: PeerId, options: ConnectOptions): MemoryChannel {
    const id = `mc_${++this.#channelSeq}`;
    const metadata = options.metadata ?? {};
    const local = new MemoryChannel(
      { id, peer: to, label: options.label, metadata, outbound: true },
      this.#pump,
    );
    setTimeout(() => this.#establish(from, to, local), this.#pump.latencyMs);
    return local;
  }

  /** The session `local` may reach now, or null after failing `local` with the reason. */
  #reachableTarget(
    from: MemoryTransport,
    to: PeerId,
    local: MemoryChannel,
  ): MemoryTransport | null {
    if (local.state === 'closed') return null;
    const target = this.#sessions.get(to);
    let error: TransportError | null = null;
    if (from.destroyed) error = new TransportError('destroyed');
    else if (!from.reachable) error = new TransportError('offline');
    else if (!target?.reachable) error = new TransportError('peerUnavailable', { detail: to });
    if (!error) return target ?? null;
    local.fail(error);
    return null;
  }

  #establish(from: MemoryTransport, to: PeerId, local: MemoryChannel): void {
    const target = this.#reachableTarget(from, to, local);
    if (!target) return;
    if (!this.#gate) return this.#pair(from, target, local);
    void this.#admits(to, local.metadata).then((admitted) => {
      if (!admitted) {
        this.refused.push({ from: from.id, to });
        return local.fail(new TransportError('peerUnavailable', { detail: `${to} (reach)` }));
      }
      const stillThere = this.#reachableTarget(from, to, local);
      if (stillThere) this.#pair(from, stillThere, local);
    });
  }

  /** The reach gate: a registered token, else the recipient's trickle. [SIG-REACH-3] */
  async #admits(to: PeerId, metadata: unknown): Promise<boolean> {
    const token = reachTokenOf(metadata);
    if (token && this.#registered.get(to)?.has(await reachHash(token))) return true;
    const used = this.#trickled.get(to) ?? 0;
    if (used >= (this.#gate?.trickle ?? 0)) return false;
    this.#trickled.set(to, used + 1);
    return true;
  }

  #pair(from: MemoryTransport, target: MemoryTransport, local: MemoryChannel): void {
    const remote = new MemoryChannel(
      {
        id: local.id,
        peer: from.id,
        label: local.label,
        metadata: local.metadata,
        outbound: false,
      },
      this.#pump,
    );
    const fpLocal = fakeFingerprint();
    const fpRemote = fakeFingerprint();
    const seenByLocal: ChannelFingerprints = {
      local: fpLocal,
      remote: this.#mitm ? fakeFingerprint() : fpRemote,
    };
    const seenByRemote: ChannelFingerprints = {
      local: fpRemote,
      remote: this.#mitm ? fakeFingerprint() : fpLocal,
    };
    const missing = this.#missingFingerprints;
    MemoryChannel.pair(local, remote, missing ? null : seenByLocal, missing ? null : seenByRemote);
    const pair: [MemoryChannel, MemoryChannel] = [local, remote];
    this.#pairs.add(pair);
    const forget = () => this.#pairs.delete(pair);
    local.on('closed', forget);
    remote.on('closed', forget);
    if (!target.accept(remote)) {
      // Refused: the dialler sees its channel close with a reason.
      local.fail(new TransportError('closed', { detail: 'refused by peer' }));
      return remote.fail(null);
    }
    remote.open();
    local.open();
  }
}

/** A random well-formed PeerId for tests (not derived from a key). */
export function randomPeerId(): PeerId {
  return base32Encode(crypto.getRandomValues(new Uint8Array(20))) as PeerId;
}
