/**
 * The contract between the call engine (src/peers/calls) and whatever carries
 * audio and video between peers. Only src/peers/peerjs/ implements it, over
 * PeerJS MediaConnections; unit tests use the fake in src/peers/calls/testing.ts.
 * Kept apart from Transport so the in-memory data adapter never fakes media.
 *
 * A link says nothing about who is on the other end: `peer` and `metadata`
 * come through signaling. The engine binds each link to an authenticated
 * session by comparing DTLS fingerprints ([CALL-8]), and until then the link
 * sends nothing: every sender starts empty ("held") and only `replaceTrack`
 * puts a track on it.
 */
import type { TransportError } from '../lib/errors';
import type { PeerId } from '../lib/ids';
import type { ChannelFingerprints, ChannelMetadata, Transport, Unsubscribe } from './transport';

/** The two kinds of media a link carries; each has exactly one sender. */
export type MediaKind = 'audio' | 'video';

/** Figures read from `RTCPeerConnection.getStats()`. Null: not reported (yet). */
export interface MediaLinkStats {
  /** Round-trip time of the selected candidate pair. */
  rttMs: number | null;
  /** Audio level of the remote audio as received (inbound-rtp), 0..1. */
  inboundAudioLevel: number | null;
  /** Audio level of my microphone as captured (media-source), 0..1. */
  outboundAudioLevel: number | null;
  /** Cumulative inbound packets lost and received (all kinds), for loss over any window. */
  packetsLost: number;
  packetsReceived: number;
  /** Cumulative inbound video frames decoded (0 without video). */
  framesDecoded: number;
}

/** Events of a {@link MediaLink}. */
export interface MediaLinkEvents {
  /** The remote media arrived (once per distinct stream). */
  stream: (stream: MediaStream) => void;
  /** ICE and DTLS are up: `fingerprints()` can answer from now on. */
  connected: () => void;
  /** Something failed; a 'closed' follows when the link is unusable. */
  error: (error: TransportError) => void;
  /** Final, exactly once, whoever closed it. */
  closed: () => void;
}

/** One media connection with one peer. */
export interface MediaLink {
  /** Unique id; both ends see the same id. */
  readonly id: string;
  /** The remote peer as signaling claims it: verify before trusting. */
  readonly peer: PeerId;
  /** Set by the dialler; unauthenticated, for routing only. */
  readonly metadata: ChannelMetadata;
  /** True on the side that called `MediaTransport.call`. */
  readonly outbound: boolean;
  readonly closed: boolean;
  /** The remote stream once it arrived. */
  readonly remoteStream: MediaStream | null;
  /**
   * Answer an inbound link. `stream` only shapes the negotiation (see
   * {@link MediaTransport.call}); nothing is sent until `replaceTrack`.
   */
  answer(stream: MediaStream): void;
  /**
   * Put `track` (or nothing) on the sender of `kind`, without renegotiation
   * (`RTCRtpSender.replaceTrack`). Calls apply in order. Never rejects: a
   * failure is logged and reported as false.
   */
  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<boolean>;
  /**
   * DTLS fingerprints of this connection as `Channel.fingerprints()` gives
   * them ([SES-4]): null until connected, after close, or on any doubt.
   */
  fingerprints(): Promise<ChannelFingerprints | null>;
  /** Current figures, or null when the connection is gone. Never rejects. */
  stats(): Promise<MediaLinkStats | null>;
  on<E extends keyof MediaLinkEvents>(event: E, listener: MediaLinkEvents[E]): Unsubscribe;
  /** Close both ends. Idempotent. */
  close(): void;
}

/** Events of a {@link MediaTransport}. */
export interface MediaTransportEvents {
  /**
   * A peer dialled a media link. Answer it or close it; with no listener the
   * transport closes it (refused).
   */
  call: (link: MediaLink) => void;
}

/** Media links over the same signaling as the Transport. */
export interface MediaTransport {
  /**
   * Dial a media link. The tracks of `stream` shape the negotiation: the link
   * always negotiates one audio and one video section (an adapter adds an
   * empty video sender when `stream` has no video track), so a camera or a
   * screen can be put on later with `replaceTrack`, without renegotiation.
   * Every sender starts held (empty). Fails by closing (e.g. when offline).
   */
  call(peer: PeerId, stream: MediaStream, metadata: ChannelMetadata): MediaLink;
  /** Subscribe to inbound media links. */
  onCall(listener: MediaTransportEvents['call']): Unsubscribe;
}

/** True when `transport` can also carry media (the PeerJS adapter can, the memory one cannot). */
export function isMediaTransport(transport: Transport): transport is Transport & MediaTransport {
  const t = transport as Partial<MediaTransport>;
  return typeof t.call === 'function' && typeof t.onCall === 'function';
}
