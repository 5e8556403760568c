/**
 * The contract between the app and whatever carries bytes between peers.
 * Only src/peers/peerjs/ implements it over PeerJS; src/peers/memory/ implements
 * it in-process for tests. Everything else in the app uses this interface.
 *
 * Calls will get their own `MediaTransport` interface implemented by
 * the same PeerJS adapter (it owns the Peer, so `call`/`onCall` sit naturally
 * beside `connect`/`onChannel`). Keeping Transport data-only means the memory
 * adapter never has to fake media streams.
 */
import type { SignalingError, TransportError } from '../lib/errors';
import type { PeerId } from '../lib/ids';
import type { ReachHash, ReachToken } from '../lib/reach';

/** Signaling connection status, shown in the UI. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'error';

/** Every subscription returns its unsubscribe function. */
export type Unsubscribe = () => void;

/**
 * Largest message `Channel.send` accepts. Chrome and Firefox advertise
 * `a=max-message-size:262144`; larger messages fail or stall, so both adapters
 * refuse them up front with TransportError('tooLarge').
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * Largest `bufferedAmount` a send may push a channel to. Chrome closes a data
 * channel whose buffer passes 16 MiB, so we refuse with
 * TransportError('bufferFull') well before that. Bulk senders wait for 'drain'.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Default `bufferedAmountLowThreshold`: 'drain' fires when the buffer falls to this. */
export const DEFAULT_LOW_WATER_BYTES = 1024 * 1024;

/** A JSON value (channel metadata travels as JSON through signaling). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Metadata attached by the dialler. It travels through the signaling server,
 * unauthenticated: use it for routing hints (transfer id), never for trust.
 */
export type ChannelMetadata = { readonly [key: string]: JsonValue };

/** What `send` accepts. A Uint8Array view sends only its bytes, not the whole buffer. */
export type ChannelData = string | ArrayBuffer | Uint8Array;

/** What arrives: text frames as string, binary frames as ArrayBuffer. */
export type ChannelMessage = string | ArrayBuffer;

/** Lifecycle of a channel. 'closed' is final. */
export type ChannelState = 'connecting' | 'open' | 'closed';

/**
 * DTLS certificate fingerprints of the underlying connection, in canonical
 * form `"<algorithm> <HEX:HEX:…>"` (algorithm lowercase, hex uppercase), e.g.
 * `"sha-256 AB:CD:…"`. `local` is our certificate, `remote` the peer's: the
 * ones DTLS actually uses, so the session handshake can sign them
 * (docs/protocol.md [SES-4]).
 */
export interface ChannelFingerprints {
  local: string;
  remote: string;
}

/** Events of a {@link Channel}. */
export interface ChannelEvents {
  /** The channel is open; `send` works from now on. */
  open: () => void;
  /** One message, in order. */
  message: (data: ChannelMessage) => void;
  /** `bufferedAmount` fell to or below `bufferedAmountLowThreshold`. */
  drain: () => void;
  /**
   * Final. `error` is set when the close was not asked for by either side
   * (negotiation failure, peer unavailable, timeout, transport destroyed).
   */
  closed: (error: TransportError | null) => void;
  /** Something went wrong; a 'closed' follows when the channel is unusable. */
  error: (error: TransportError) => void;
}

/** One reliable, ordered, bidirectional message channel to a peer. */
export interface Channel {
  /** Unique id of this channel (both ends see the same id). */
  readonly id: string;
  /** The remote peer, as claimed by signaling: verify it with the handshake. */
  readonly peer: PeerId;
  /** Label given by the dialler: what the channel is for (e.g. 'plume/1'). */
  readonly label: string;
  readonly metadata: ChannelMetadata;
  /** True on the side that called `connect`. */
  readonly outbound: boolean;
  readonly state: ChannelState;
  /**
   * Resolves when the channel opens; rejects with TransportError if it closes
   * first. Never causes an unhandled rejection if nobody awaits it.
   */
  readonly opened: Promise<void>;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
  /** 'drain' fires when `bufferedAmount` falls to this many bytes or fewer. */
  bufferedAmountLowThreshold: number;
  /**
   * Send one message. Throws TransportError: 'notOpen' unless open,
   * 'tooLarge' above MAX_MESSAGE_BYTES, 'bufferFull' when the buffer would pass
   * MAX_BUFFERED_BYTES (wait for 'drain'). The message is copied: the caller
   * may reuse its buffer as soon as send() returns (a browser's RTCDataChannel
   * copies it into its send queue; the memory adapter copies it too).
   */
  send(data: ChannelData): void;
  /** Subscribe to an event. */
  on<E extends keyof ChannelEvents>(event: E, listener: ChannelEvents[E]): Unsubscribe;
  /** Close both ends; queued data is still delivered. Idempotent. */
  close(): void;
  /**
   * DTLS fingerprints of this connection, or null when they cannot be
   * established beyond doubt (before both descriptions are known, after close,
   * or when the SDP and the DTLS certificates disagree). Never rejects.
   * Asynchronous because a browser reports the certificates in `getStats()`.
   */
  fingerprints(): Promise<ChannelFingerprints | null>;
}

/** Options for {@link Transport.connect}. */
export interface ConnectOptions {
  /** What the channel is for: the receiver routes on it ('plume/1', 'plume-file/1'). */
  label: string;
  metadata?: ChannelMetadata;
}

/**
 * Who may dial us and what we show when we dial ([SIG-REACH-1]…[SIG-REACH-6]). Built from the
 * stored people and invites by src/peers/reach; the transport only carries it.
 */
export interface ReachState {
  /** The token put into every OFFER (data and media) to each peer. [SIG-REACH-3] */
  readonly present: ReadonlyMap<PeerId, ReachToken>;
  /**
   * The hashes that open us: registered with signaling after every OPEN and whenever they
   * change, as one whole set of at most MAX_REACH_HASHES. [SIG-REACH-2]
   */
  readonly hashes: readonly ReachHash[];
}

/** Events of a {@link Transport}. */
export interface TransportEvents {
  /** Signaling status changed; `error` explains 'error' (and the last failure otherwise). */
  status: (status: ConnectionStatus, error: SignalingError | null) => void;
  /**
   * A peer dialled us with a label we listen for. Delivered before it opens,
   * so listeners can attach first.
   */
  channel: (channel: Channel) => void;
}

/** Our end of the peer network: signaling plus channels to peers. */
export interface Transport {
  /** Our own PeerId. */
  readonly id: PeerId;
  readonly status: ConnectionStatus;
  /** Why the status is 'error' (or the last transient failure). */
  readonly error: SignalingError | null;
  /** Subscribe to status changes (not called with the current value). */
  onStatus(listener: TransportEvents['status']): Unsubscribe;
  /**
   * Subscribe to inbound channels with `label`. A channel whose label nobody
   * listens for is refused before any negotiation. [ADM-1]
   */
  onChannel(label: string, listener: TransportEvents['channel']): Unsubscribe;
  /**
   * The peers that are not strangers (the peers we dial: friends, people we
   * sent a request to): their inbound channels are never limited by the
   * stranger budgets. [ADM-2]
   */
  trust(peers: Iterable<PeerId>): void;
  /** True for a peer given to {@link trust} last. */
  trusts(peer: PeerId): boolean;
  /**
   * Replace the reach state. Until it is first set nothing is registered, so a stored set is
   * never wiped by an empty one made before the people were read.
   */
  setReach(state: ReachState): void;
  /**
   * Dial `peer`. Returns at once with a 'connecting' channel; await `opened`.
   * While not online the channel fails with TransportError('offline').
   */
  connect(peer: PeerId, options: ConnectOptions): Channel;
  /**
   * Retry signaling now. After 'error' (e.g. ID-TAKEN) this is the explicit
   * take-over: it claims the identity back from the other tab or device.
   */
  reconnect(): void;
  /** Close every channel and leave signaling for good. */
  destroy(): void;
}
