/**
 * An in-memory Transport: one per simulated session, created by MemoryHub.
 * Its signaling status is driven by the hub (online/offline/ID-TAKEN), and its
 * channels are MemoryChannel pairs.
 */
import { Emitter } from '../../lib/emitter';
import { SignalingError, TransportError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { ReachHash } from '../../lib/reach';
import type {
  Channel,
  ConnectOptions,
  ConnectionStatus,
  ReachState,
  Transport,
  TransportEvents,
  Unsubscribe,
} from '../transport';
import { InboundAdmission } from '../admission';
import { ChannelListeners } from '../channelListeners';
import { offerMetadata } from '../reach/wire';
import type { MemoryChannel } from './MemoryChannel';

const logger = log('peers:memory');

/** What a MemoryTransport needs from its hub. */
export interface MemoryHubLink {
  dial(from: MemoryTransport, to: PeerId, options: ConnectOptions): MemoryChannel;
  claim(transport: MemoryTransport): void;
  release(transport: MemoryTransport): void;
  /** The REACH frame on our signaling socket: replaces the hashes that open us. [SIG-REACH-2] */
  register(transport: MemoryTransport, hashes: readonly ReachHash[]): void;
  readonly latencyMs: number;
}

/** In-memory implementation of {@link Transport}. */
export class MemoryTransport implements Transport {
  readonly id: PeerId;
  readonly #hub: MemoryHubLink;
  readonly #events = new Emitter<Pick<TransportEvents, 'status'>>();
  readonly #listeners = new ChannelListeners();
  readonly #admission = new InboundAdmission();
  readonly #channels = new Set<MemoryChannel>();
  #status: ConnectionStatus = 'connecting';
  #error: SignalingError | null = null;
  /** The hub's switch: false simulates a network/signaling outage. */
  #networkUp = true;
  #destroyed = false;
  #reach: ReachState | null = null;

  constructor(id: PeerId, hub: MemoryHubLink) {
    this.id = id;
    this.#hub = hub;
    this.#scheduleOpen();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get error(): SignalingError | null {
    return this.#error;
  }

  /** Open channels and channels still connecting. */
  get channels(): readonly Channel[] {
    return [...this.#channels];
  }

  onStatus(listener: TransportEvents['status']): Unsubscribe {
    return this.#events.on('status', listener);
  }

  onChannel(label: string, listener: TransportEvents['channel']): Unsubscribe {
    return this.#listeners.on(label, listener);
  }

  trust(peers: Iterable<PeerId>): void {
    this.#admission.trust(peers);
  }

  trusts(peer: PeerId): boolean {
    return this.#admission.isTrusted(peer);
  }

  setReach(state: ReachState): void {
    this.#reach = state;
    // Like the PeerJS adapter: registered while online, and again on every open.
    if (this.reachable) this.#hub.register(this, state.hashes);
  }

  connect(peer: PeerId, options: ConnectOptions): Channel {
    const metadata = offerMetadata(options.metadata ?? {}, peer, this.#reach);
    const channel = this.#hub.dial(this, peer, { ...options, metadata });
    this.track(channel);
    return channel;
  }

  reconnect(): void {
    if (this.#destroyed || this.#status === 'online') return;
    this.#error = null;
    if (!this.#networkUp) return this.#setStatus('offline');
    this.#setStatus('connecting');
    this.#scheduleOpen();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const channel of this.#channels) channel.close();
    this.#channels.clear();
    this.#hub.release(this);
    this.#setStatus('offline');
    this.#events.clear();
    this.#listeners.clear();
  }

  /** True once destroyed. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  // ---- hub side ----------------------------------------------------------

  /** Hub: remember a channel so destroy() can close it. */
  track(channel: MemoryChannel): void {
    this.#channels.add(channel);
    channel.on('closed', () => this.#channels.delete(channel));
  }

  /** Hub: a peer dialled us. Refused (closed) when nobody listens for its label or admission says no. */
  accept(channel: MemoryChannel): boolean {
    const verdict = this.#admission.decide({
      peer: channel.peer,
      wanted: this.#listeners.wants(channel.label),
      held: this.#admission.count(this.#channels),
    });
    if (verdict !== 'admit') {
      logger.debug('refusing', channel.label, 'from', channel.peer, verdict);
      return false;
    }
    this.track(channel);
    this.#listeners.deliver(channel);
    return channel.state !== 'closed';
  }

  /** Hub: simulate the network or signaling going down/up. */
  setNetwork(up: boolean): void {
    if (this.#destroyed || this.#networkUp === up) return;
    this.#networkUp = up;
    if (!up) {
      this.#hub.release(this);
      this.#setStatus('offline');
    } else if (this.#status !== 'error') {
      this.#setStatus('connecting');
      this.#scheduleOpen();
    }
  }

  /** Hub: another session with our id took over (the server sent ID-TAKEN). */
  taken(): void {
    // Same as the PeerJS adapter: a replaced session goes quiet entirely.
    for (const channel of this.#channels)
      channel.fail(new TransportError('destroyed', { detail: 'id taken' }));
    this.#channels.clear();
    this.#error = new SignalingError('idTaken');
    this.#setStatus('error');
  }

  /** Hub: is this session reachable for new channels? */
  get reachable(): boolean {
    return !this.#destroyed && this.#status === 'online';
  }

  #scheduleOpen(): void {
    setTimeout(() => {
      if (this.#destroyed || !this.#networkUp || this.#status !== 'connecting') return;
      this.#hub.claim(this);
      if (this.#reach) this.#hub.register(this, this.#reach.hashes);
      this.#error = null;
      this.#setStatus('online');
    }, this.#hub.latencyMs);
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#events.emit('status', status, this.#error);
  }
}
