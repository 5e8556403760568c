/**
 * Pairs in-memory sessions in one process, so sync, handshake and file
 * transfer can be tested without a browser. It plays the signaling server
 * (who is online, ID-TAKEN on a second session with the same id) and the
 * network (latency, bandwidth, dropped paths, a man in the middle).
 */
import { base32Encode } from '../../lib/base32';
import { TransportError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import type { ChannelFingerprints, ConnectOptions } from '../transport';
import { MemoryChannel, type PumpOptions, type Tamper } from './MemoryChannel';
import { MemoryTransport, type MemoryHubLink } from './MemoryTransport';

/** Network simulation knobs. */
export interface MemoryHubOptions {
  /** Delay of signaling steps and of each delivery batch (default 0: next task). */
  latencyMs?: number;
  /** Bytes moved per delivery batch per channel (default Infinity). */
  bytesPerTick?: number;
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

  constructor(options: MemoryHubOptions = {}) {
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

  #establish(from: MemoryTransport, to: PeerId, local: MemoryChannel): void {
    if (local.state === 'closed') return;
    if (from.destroyed) return local.fail(new TransportError('destroyed'));
    if (!from.reachable) return local.fail(new TransportError('offline'));
    const target = this.#sessions.get(to);
    if (!target?.reachable)
      return local.fail(new TransportError('peerUnavailable', { detail: to }));
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
    local.on('close', forget);
    remote.on('close', forget);
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
