/**
 * A MediaLink over a PeerJS MediaConnection. What peerjs leaves out, this adds:
 *
 * - **Held senders.** Right after the RTCPeerConnection exists, every sender is
 *   emptied with `replaceTrack(null)`; tracks only go on through
 *   `replaceTrack(kind, track)`, which the engine calls after the DTLS
 *   fingerprints checked out ([CALL-8]). No media flows before DTLS is up, and
 *   that needs the answer, so the hold always lands first.
 * - **A video section in every call.** peerjs cannot renegotiate, so a stream
 *   without video gets a blank placeholder track for the negotiation (then
 *   emptied and stopped): a camera or screen can go on later ([CALL-10]).
 * - **One 'closed', always.** peerjs emits 'close' only for connections that
 *   were open, and 'stream' once per track.
 */
import { Emitter } from '../../lib/emitter';
import { TransportError, describeError, isBenignTeardown } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { MediaKind, MediaLink, MediaLinkEvents, MediaLinkStats } from '../media';
import type { ChannelFingerprints, ChannelMetadata, JsonValue, Unsubscribe } from '../transport';
import { connectionFingerprints } from './dtlsFingerprints';
import { readMediaStats } from './mediaStats';

const logger = log('peers:peerjs:media');

/** What the link needs of an RTCPeerConnection (tests pass a fake). */
export type MediaPeerConnection = Pick<
  RTCPeerConnection,
  | 'getTransceivers'
  | 'getSenders'
  | 'getStats'
  | 'connectionState'
  | 'localDescription'
  | 'remoteDescription'
  | 'addEventListener'
>;

/** The parts of a peerjs MediaConnection the link uses. */
export interface MediaConnectionLike {
  readonly connectionId: string;
  readonly peer: string;
  readonly metadata: unknown;
  readonly peerConnection: MediaPeerConnection | null;
  on(event: 'stream', listener: (stream: MediaStream) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error & { type?: string }) => void): unknown;
  answer(stream?: MediaStream): void;
  close(): void;
}

/** A stream ready for negotiation, and what to release once the senders are held. */
export interface NegotiationStream {
  stream: MediaStream;
  dispose(): void;
}

/** Turns the caller's stream into the one negotiated (adds the video placeholder). */
export type NegotiationShaper = (stream: MediaStream) => NegotiationStream;

/**
 * Browser default: a 2×2 canvas track stands in for missing video. It is
 * emptied from the sender and stopped as soon as the link is held.
 */
export const withVideoSection: NegotiationShaper = (stream) => {
  const keep = { stream, dispose: () => undefined };
  if (stream.getVideoTracks().length > 0 || typeof document === 'undefined') return keep;
  const canvas = document.createElement('canvas');
  canvas.width = 2;
  canvas.height = 2;
  canvas.getContext('2d')?.fillRect(0, 0, 2, 2);
  const blank = canvas.captureStream(0).getVideoTracks()[0];
  if (!blank) return keep;
  return { stream: new MediaStream([...stream.getTracks(), blank]), dispose: () => blank.stop() };
};

function safeMetadata(value: unknown): ChannelMetadata {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  try {
    return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
  } catch {
    return {};
  }
}

/** The sender carrying `kind`: found through the transceiver, since a held sender has no track. */
function senderFor(pc: MediaPeerConnection, kind: MediaKind): RTCRtpSender | null {
  const transceiver = pc
    .getTransceivers()
    .find((t) => t.receiver.track.kind === kind && t.currentDirection !== 'stopped');
  return transceiver?.sender ?? pc.getSenders().find((s) => s.track?.kind === kind) ?? null;
}

/** {@link MediaLink} over one peerjs MediaConnection. */
export class PeerJsMediaLink implements MediaLink {
  readonly id: string;
  readonly peer: PeerId;
  readonly metadata: ChannelMetadata;
  readonly outbound: boolean;
  readonly #conn: MediaConnectionLike;
  readonly #shape: NegotiationShaper;
  readonly #events = new Emitter<MediaLinkEvents>();
  /** Sender operations, in order: the hold first, then every replaceTrack. */
  #ops: Promise<unknown> = Promise.resolve();
  #remote: MediaStream | null = null;
  #watching = false;
  #connected = false;
  #closed = false;

  /** Wrap `conn`; an outbound one (from `peer.call`) is held at once. */
  constructor(
    conn: MediaConnectionLike,
    outbound: boolean,
    shape: NegotiationShaper,
    negotiation?: NegotiationStream,
  ) {
    this.id = conn.connectionId;
    this.peer = conn.peer as PeerId;
    this.metadata = safeMetadata(conn.metadata);
    this.outbound = outbound;
    this.#conn = conn;
    this.#shape = shape;
    conn.on('stream', (stream) => {
      if (!stream || stream === this.#remote || this.#closed) return;
      this.#remote = stream;
      this.#events.emit('stream', stream);
    });
    conn.on('close', () => this.#finish());
    conn.on('error', (err) => this.#fail(err));
    if (outbound && negotiation) this.#hold(negotiation);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get remoteStream(): MediaStream | null {
    return this.#remote;
  }

  answer(stream: MediaStream): void {
    if (this.#closed || this.outbound) return;
    const negotiation = this.#shape(stream);
    try {
      this.#conn.answer(negotiation.stream);
    } catch (err) {
      negotiation.dispose();
      return this.#fail(err);
    }
    this.#hold(negotiation);
  }

  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<boolean> {
    const op = this.#ops.then(async () => {
      const pc = this.#conn.peerConnection;
      const sender = pc && !this.#closed ? senderFor(pc, kind) : null;
      if (!sender) return false;
      try {
        await sender.replaceTrack(track);
        return true;
      } catch (err) {
        logger.warn('replaceTrack failed on', kind, 'to', this.peer, describeError(err));
        return false;
      }
    });
    this.#ops = op;
    return op;
  }

  /** Strict SDP fingerprints confirmed by DTLS, once connected. [SES-4], [CALL-8] */
  async fingerprints(): Promise<ChannelFingerprints | null> {
    const pc = this.#conn.peerConnection;
    if (!pc || this.#closed || pc.connectionState !== 'connected') return null;
    const result = await connectionFingerprints(pc);
    if (result.ok) return result.fingerprints;
    logger.warn('no trustworthy DTLS fingerprints for a media link with', this.peer, result.reason);
    return null;
  }

  async stats(): Promise<MediaLinkStats | null> {
    const pc = this.#conn.peerConnection;
    if (!pc || this.#closed) return null;
    try {
      return readMediaStats(await pc.getStats());
    } catch (err) {
      logger.debug('getStats failed', describeError(err));
      return null;
    }
  }

  on<E extends keyof MediaLinkEvents>(event: E, listener: MediaLinkEvents[E]): Unsubscribe {
    return this.#events.on(event, listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#conn.close();
    this.#finish();
  }

  /** The dial failed before connecting (peer unavailable): report and close. */
  failUnconnected(error: TransportError): void {
    if (!this.#connected) this.#fail(error);
  }

  /** Empty every sender, then release the placeholder; watch the connection state. */
  #hold(negotiation: NegotiationStream): void {
    const pc = this.#conn.peerConnection;
    if (!pc) {
      negotiation.dispose();
      return;
    }
    this.#watch(pc);
    const senders = pc.getSenders();
    this.#ops = Promise.all(
      senders.map((s) =>
        s.replaceTrack(null).catch((err: unknown) => {
          // A sender we cannot empty must not carry media unverified: give up the link.
          logger.warn('could not hold a sender; closing', describeError(err));
          this.close();
        }),
      ),
    ).finally(() => negotiation.dispose());
  }

  #watch(pc: MediaPeerConnection): void {
    if (this.#watching) return;
    this.#watching = true;
    pc.addEventListener('connectionstatechange', () => {
      if (this.#closed) return;
      const state = pc.connectionState;
      if (state === 'connected' && !this.#connected) {
        this.#connected = true;
        this.#events.emit('connected');
      } else if (state === 'failed' || state === 'closed') {
        this.#fail(new TransportError('negotiation', { detail: `connection ${state}` }));
      }
    });
  }

  #fail(err: unknown): void {
    if (this.#closed) return;
    const error =
      err instanceof TransportError
        ? err
        : new TransportError('failed', { cause: err, detail: describeError(err) });
    logger[isBenignTeardown(err) ? 'debug' : 'warn']('media link', this.peer, error.message);
    this.#events.emit('error', error);
    this.close();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#events.emit('closed');
    this.#events.clear();
  }
}

/** A link that never was: closes with `error` on the next tick (offline, destroyed). */
export class FailedMediaLink implements MediaLink {
  readonly id = `failed_${crypto.randomUUID()}`;
  readonly outbound = true;
  readonly remoteStream = null;
  readonly #events = new Emitter<MediaLinkEvents>();
  #closed = false;

  constructor(
    readonly peer: PeerId,
    readonly metadata: ChannelMetadata,
    error: TransportError,
  ) {
    queueMicrotask(() => {
      if (this.#closed) return;
      this.#events.emit('error', error);
      this.close();
    });
  }

  get closed(): boolean {
    return this.#closed;
  }
  answer(): void {}
  replaceTrack(): Promise<boolean> {
    return Promise.resolve(false);
  }
  fingerprints(): Promise<null> {
    return Promise.resolve(null);
  }
  stats(): Promise<null> {
    return Promise.resolve(null);
  }
  on<E extends keyof MediaLinkEvents>(event: E, listener: MediaLinkEvents[E]): Unsubscribe {
    return this.#events.on(event, listener);
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#events.emit('closed');
    this.#events.clear();
  }
}
