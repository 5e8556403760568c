/**
 * Transport over the stock peerjs client and Plume's signaling worker. The
 * only module (with PeerJsChannel) that imports 'peerjs'.
 *
 * The retry policy lives in SignalingLifecycle; this class translates between
 * it and a PeerJS `Peer`: Peer events become lifecycle inputs, lifecycle
 * decisions become `new Peer(...)` / `peer.reconnect()`. It also implements
 * MediaTransport (src/peers/media.ts), since it owns the Peer that
 * MediaConnections need: inbound calls go to `onCall` listeners, and are
 * refused when nobody listens.
 *
 * Strangers reach us through the same Peer, so nothing here trusts PeerJS to
 * survive what they send: server messages are screened and inbound OFFERs
 * admitted before PeerJS sees them (serverMessageGuard.ts, admission.ts), and
 * every teardown step is guarded so a reconnect always follows.
 *
 * Reach tokens ([SIG-REACH-2], [SIG-REACH-3]): every OFFER we make, data or media, carries the
 * token its recipient gave us, and our hashes are registered on the signaling socket after every
 * OPEN and whenever they change.
 */
import {
  Peer,
  type DataConnection,
  type MediaConnection,
  type PeerEvents,
  type PeerOptions,
} from 'peerjs';
import { Emitter } from '../../lib/emitter';
import { SignalingError, TransportError, describeError } from '../../lib/errors';
import { guarded } from '../../lib/guard';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { InboundAdmission, MAX_PEER_CONNECTIONS } from '../admission';
import { browserEnvironment } from '../browserEnvironment';
import { failedChannel } from '../channelBase';
import { ChannelListeners } from '../channelListeners';
import { DEFAULT_ICE_SERVERS, type SignalingServer } from '../config';
import type { MediaLink, MediaTransport, MediaTransportEvents } from '../media';
import { SignalingLifecycle, type SignalingEnvironment } from '../signalingLifecycle';
import type {
  Channel,
  ChannelMetadata,
  ConnectionStatus,
  ConnectOptions,
  ReachState,
  Transport,
  TransportEvents,
  Unsubscribe,
} from '../transport';
import { PeerJsChannel } from './PeerJsChannel';
import { offerMetadata } from '../reach/wire';
import { guardServerMessages, type InboundOffer } from './serverMessageGuard';
import { SignalingRegistrar } from './SignalingRegistrar';
import { SocketProbe, rawSocketOf } from './SocketProbe';
import {
  FailedMediaLink,
  PeerJsMediaLink,
  withVideoSection,
  type NegotiationShaper,
} from './PeerJsMediaLink';

const logger = log('peers:peerjs');

/** The parts of a peerjs Peer this adapter uses (a fake implements it in tests). */
export interface PeerLike {
  readonly options: PeerOptions;
  readonly disconnected: boolean;
  readonly destroyed: boolean;
  /** The signaling socket; `send` JSON-encodes a client frame (dropped unless it is open). */
  readonly socket: { send(frame: object): void };
  on(event: 'open', listener: PeerEvents['open']): unknown;
  on(event: 'connection', listener: PeerEvents['connection']): unknown;
  on(event: 'call', listener: PeerEvents['call']): unknown;
  on(event: 'close', listener: PeerEvents['close']): unknown;
  on(event: 'disconnected', listener: PeerEvents['disconnected']): unknown;
  on(event: 'error', listener: PeerEvents['error']): unknown;
  removeAllListeners(): unknown;
  connect(
    peer: string,
    options: { label: string; metadata: unknown; serialization: string; reliable: boolean },
  ): DataConnection | undefined;
  call(
    peer: string,
    stream: MediaStream,
    options: { metadata: ChannelMetadata },
  ): MediaConnection | undefined;
  disconnect(): void;
  reconnect(): void;
  destroy(): void;
}

/** Makes a Peer; injectable for tests. */
export type PeerFactory = (id: PeerId, options: PeerOptions) => PeerLike;

/** Construction parameters. */
export interface PeerJsTransportOptions {
  id: PeerId;
  /** Signs a fresh signaling token (src/lib/signalToken.ts); called on every attempt. */
  signToken: () => Promise<string>;
  server: SignalingServer;
  /**
   * ICE servers for every new connection and call: a list, or a function read
   * each time a connection is made (TURN credentials expire; a tab may stay
   * open longer than they last).
   */
  iceServers?: readonly RTCIceServer[] | (() => readonly RTCIceServer[]);
  env?: SignalingEnvironment;
  createPeer?: PeerFactory;
  /** Shapes a call's stream for negotiation (default: blank video placeholder); for tests. */
  shapeNegotiation?: NegotiationShaper;
  /** Admission of inbound connections (default: the standard limits on the real clock). */
  admission?: InboundAdmission;
}

const PEER_UNAVAILABLE = /could not connect to peer (\S+)/i;

/**
 * The RTCConfiguration handed to PeerJS. PeerJS keeps this object and passes it
 * to every RTCPeerConnection it makes (dialled or answered), which reads
 * `iceServers` then: a getter gives each connection the servers of that moment.
 */
function liveIceConfig(
  iceServers: readonly RTCIceServer[] | (() => readonly RTCIceServer[]),
): RTCConfiguration {
  const read = typeof iceServers === 'function' ? iceServers : () => iceServers;
  return {
    get iceServers() {
      return [...read()];
    },
  };
}

const defaultFactory: PeerFactory = (id, options) => new Peer(id, options);

/** {@link Transport} and {@link MediaTransport} over PeerJS. Starts connecting on construction. */
export class PeerJsTransport implements Transport, MediaTransport {
  readonly id: PeerId;
  readonly #options: PeerJsTransportOptions;
  /** Shapes a call's stream for negotiation. */
  readonly #shape: NegotiationShaper;
  readonly #lifecycle: SignalingLifecycle;
  readonly #listeners = new ChannelListeners();
  readonly #admission: InboundAdmission;
  readonly #probe = new SocketProbe();
  readonly #channels = new Set<PeerJsChannel>();
  readonly #media = new Emitter<MediaTransportEvents>();
  readonly #links = new Set<PeerJsMediaLink>();
  readonly #registrar = new SignalingRegistrar(logger);
  /** The timers of the transport's signaling and of its channels. */
  readonly #env: SignalingEnvironment;
  #reach: ReachState | null = null;
  #peer: PeerLike | null = null;
  /** Set while we disconnect the Peer ourselves, so its 'disconnected' is not read as a loss. */
  #quiet = false;
  #destroyed = false;

  constructor(options: PeerJsTransportOptions) {
    this.id = options.id;
    this.#options = options;
    this.#shape = options.shapeNegotiation ?? withVideoSection;
    this.#admission = options.admission ?? new InboundAdmission();
    this.#env = options.env ?? browserEnvironment();
    this.#lifecycle = new SignalingLifecycle({
      env: this.#env,
      signToken: options.signToken,
      driver: {
        create: (token) => this.#create(token),
        resume: (token) => this.#resume(token),
        canResume: () => this.#peer !== null && !this.#peer.destroyed,
        abort: () => this.#quietly(() => this.#peer?.disconnect()),
        destroy: () => this.#discardPeer(),
        probe: () => this.#isAlive(),
      },
    });
    this.#lifecycle.start();
  }

  get status(): ConnectionStatus {
    return this.#lifecycle.status;
  }

  get error(): SignalingError | null {
    return this.#lifecycle.error;
  }

  onStatus(listener: TransportEvents['status']): Unsubscribe {
    return this.#lifecycle.onStatus(listener);
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
    this.#registrar.set(state.hashes);
  }

  connect(peer: PeerId, { label, metadata = {} }: ConnectOptions): Channel {
    const init = { id: `failed_${crypto.randomUUID()}`, peer, label, metadata, outbound: true };
    if (this.#destroyed) return failedChannel(init, new TransportError('destroyed'));
    const current = this.#peer;
    // peerjs silently drops an OFFER sent while its socket is not open; fail fast instead.
    if (!current || this.status !== 'online' || current.disconnected) {
      return failedChannel(init, new TransportError('offline'));
    }
    if (this.#heldCount >= MAX_PEER_CONNECTIONS) {
      return failedChannel(init, new TransportError('tooMany'));
    }
    let conn: DataConnection | undefined;
    try {
      conn = current.connect(peer, {
        label,
        metadata: offerMetadata(metadata, peer, this.#reach),
        serialization: 'raw',
        reliable: true,
      });
    } catch (err) {
      // PeerJS builds the RTCPeerConnection at once; the browser refuses one past its limit.
      return failedChannel(
        init,
        new TransportError('failed', { cause: err, detail: describeError(err) }),
      );
    }
    if (!conn) return failedChannel(init, new TransportError('offline'));
    return this.#track(new PeerJsChannel(conn, true, this.#env));
  }

  onCall(listener: MediaTransportEvents['call']): Unsubscribe {
    return this.#media.on('call', listener);
  }

  /** Dial a media link ([CALL-7]); fails by closing when not online. */
  call(peer: PeerId, stream: MediaStream, metadata: ChannelMetadata): MediaLink {
    if (this.#destroyed)
      return new FailedMediaLink(peer, metadata, new TransportError('destroyed'));
    const current = this.#peer;
    if (!current || this.status !== 'online' || current.disconnected) {
      return new FailedMediaLink(peer, metadata, new TransportError('offline'));
    }
    if (this.#heldCount >= MAX_PEER_CONNECTIONS) {
      return new FailedMediaLink(peer, metadata, new TransportError('tooMany'));
    }
    const negotiation = this.#shape(stream);
    let conn: MediaConnection | undefined;
    try {
      conn = current.call(peer, negotiation.stream, {
        metadata: offerMetadata(metadata, peer, this.#reach),
      });
    } catch (err) {
      negotiation.dispose();
      return new FailedMediaLink(
        peer,
        metadata,
        new TransportError('failed', { cause: err, detail: describeError(err) }),
      );
    }
    if (!conn) {
      negotiation.dispose();
      return new FailedMediaLink(peer, metadata, new TransportError('offline'));
    }
    return this.#trackLink(new PeerJsMediaLink(conn, true, this.#shape, negotiation));
  }

  reconnect(): void {
    if (!this.#destroyed) this.#lifecycle.takeOver();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#lifecycle.stop(); // calls #discardPeer
    this.#listeners.clear();
    this.#media.clear();
  }

  #track(channel: PeerJsChannel): PeerJsChannel {
    this.#channels.add(channel);
    channel.on('closed', () => this.#channels.delete(channel));
    return channel;
  }

  #trackLink(link: PeerJsMediaLink): PeerJsMediaLink {
    this.#links.add(link);
    link.on('closed', () => this.#links.delete(link));
    return link;
  }

  #create(token: string): void {
    this.#discardPeer();
    const { server, iceServers = DEFAULT_ICE_SERVERS } = this.#options;
    const create = this.#options.createPeer ?? defaultFactory;
    const peer = create(this.id, {
      host: server.host,
      port: server.port,
      path: server.path,
      key: server.key,
      secure: server.secure,
      token,
      config: liveIceConfig(iceServers),
      debug: 2,
      logFunction: (_level, ...rest: unknown[]) => logger.debug(...rest),
    });
    this.#peer = peer;
    guardServerMessages(peer, { admit: (offer) => this.#admit(offer), logger });
    peer.on('open', () => {
      if (this.#peer !== peer) return;
      this.#probe.watch(rawSocketOf(peer));
      this.#registrar.opened(peer.socket);
      this.#lifecycle.opened();
    });
    peer.on('disconnected', () => {
      if (this.#peer === peer) this.#registrar.closed();
      if (this.#peer === peer && !this.#quiet) this.#lifecycle.lost('socket closed');
    });
    peer.on('close', () => {
      if (this.#peer === peer && !this.#quiet) this.#lifecycle.lost('peer destroyed');
    });
    peer.on('error', (err) => {
      if (this.#peer === peer) this.#onPeerError(err.type, err.message);
    });
    peer.on('connection', (conn) => this.#onInbound(conn));
    peer.on('call', (call: MediaConnection) => this.#onInboundCall(call));
  }

  #resume(token: string): void {
    const peer = this.#peer;
    if (!peer) return this.#create(token);
    // peerjs reuses options.token on reconnect(); the old one may be stale.
    peer.options.token = token;
    if (!peer.disconnected) this.#quietly(() => peer.disconnect());
    try {
      peer.reconnect();
    } catch (err) {
      logger.warn('reconnect failed; creating a new Peer', err);
      this.#create(token);
    }
  }

  #onPeerError(type: string, message: string): void {
    logger.debug('peer error', type, message);
    switch (type) {
      case 'unavailable-id':
        return this.#lifecycle.halt(new SignalingError('idTaken'));
      case 'browser-incompatible':
        return this.#lifecycle.halt(new SignalingError('unsupported'));
      case 'invalid-id':
        return this.#lifecycle.halt(new SignalingError('rejected', { detail: message }));
      case 'server-error':
      case 'invalid-key':
      case 'ssl-unavailable':
        return this.#lifecycle.failed(message);
      case 'network':
      case 'socket-error':
      case 'socket-closed':
        return this.#lifecycle.lost(message);
      case 'peer-unavailable':
        return this.#failDialsTo(PEER_UNAVAILABLE.exec(message)?.[1], message);
      default:
        // 'webrtc' and 'disconnected' belong to some connection peerjs does not
        // name; that connection reports its own failure (or times out).
        logger.warn('peerjs error', type, message);
    }
  }

  #failDialsTo(peer: string | undefined, detail: string): void {
    if (!peer) return;
    for (const channel of this.#channels) {
      if (channel.outbound && channel.peer === peer && channel.state === 'connecting') {
        channel.fail(new TransportError('peerUnavailable', { detail }));
      }
    }
    for (const link of [...this.#links]) {
      if (link.outbound && link.peer === peer) {
        link.failUnconnected(new TransportError('peerUnavailable', { detail }));
      }
    }
  }

  /** Connections we hold, data and media. [ADM-3] */
  get #heldCount(): number {
    return this.#channels.size + this.#links.size;
  }

  /** An OFFER, before PeerJS makes anything for it. [ADM-1]…[ADM-4] */
  #admit(offer: InboundOffer): boolean {
    const wanted =
      offer.kind === 'media' ? this.#media.count('call') > 0 : this.#listeners.wants(offer.label);
    const held = this.#admission.count([...this.#channels, ...this.#links]);
    const verdict = this.#admission.decide({ peer: offer.peer, wanted, held });
    if (verdict === 'admit') return true;
    logger.debug('refused', offer.kind, offer.label ?? '', 'from', offer.peer, verdict);
    return false;
  }

  /** The socket is open and answers. [SIG-LIFE-2] */
  #isAlive(): boolean {
    const peer = this.#peer;
    return peer !== null && !peer.destroyed && !peer.disconnected && this.#probe.check();
  }

  #onInbound(conn: DataConnection): void {
    const channel = this.#track(new PeerJsChannel(conn, false, this.#env));
    // Admission already asked for a listener; one may have gone since.
    if (!this.#listeners.deliver(channel)) channel.close();
  }

  /** The call engine decides ([CALL-7]); with nobody listening the call is refused. */
  #onInboundCall(call: MediaConnection): void {
    if (this.#media.count('call') === 0) {
      logger.info('no call listener; refusing a media connection from', call.peer);
      guarded(logger, 'closing a refused call', () => call.close());
      return;
    }
    this.#media.emit('call', this.#trackLink(new PeerJsMediaLink(call, false, this.#shape)));
  }

  #quietly(action: () => void): void {
    this.#quiet = true;
    try {
      action();
    } finally {
      this.#quiet = false;
    }
  }

  /** Every step is guarded: whatever one throws, the rest run and the lifecycle carries on. [SIG-LIFE-1] */
  #discardPeer(): void {
    const peer = this.#peer;
    this.#peer = null;
    this.#probe.stop();
    this.#registrar.closed();
    // Not-yet-open peerjs connections emit no 'close' on destroy; end ours explicitly.
    for (const channel of [...this.#channels]) {
      guarded(logger, 'failing a channel', () => channel.fail(new TransportError('destroyed')));
    }
    this.#channels.clear();
    for (const link of [...this.#links]) guarded(logger, 'closing a call', () => link.close());
    this.#links.clear();
    if (!peer) return;
    guarded(logger, 'unlistening the Peer', () => peer.removeAllListeners());
    this.#quietly(() => guarded(logger, 'destroying the Peer', () => peer.destroy()));
  }
}
