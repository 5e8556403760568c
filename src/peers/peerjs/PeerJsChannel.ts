/**
 * A Channel over a PeerJS DataConnection (serialization 'raw', reliable).
 *
 * Sending bypasses `DataConnection.send`: with 'raw' it queues in an unbounded
 * JS array and polls every 50 ms once the data channel holds 8 MiB. We write to
 * the RTCDataChannel directly, so `bufferedAmount` is the browser's own number
 * and 'drain' is its `bufferedamountlow` event: real backpressure, no polling.
 */
import type { DataConnection } from 'peerjs';
import { TransportError, type TransportErrorReasonKey } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { Clock, TimerHandle } from '../../lib/clock';
import { BaseChannel } from '../channelBase';
import { connectionFingerprints } from './dtlsFingerprints';
import type { ChannelData, ChannelFingerprints, ChannelMetadata, JsonValue } from '../transport';

const logger = log('peers:peerjs:channel');

/** A channel that has not opened by then is given up (ICE through TURN can be slow). */
export const CHANNEL_OPEN_TIMEOUT_MS = 30_000;
/** After close(), how long the send buffer may take to flush before the connection is cut. */
export const CLOSE_GRACE_MS = 5_000;
/** Pause between an empty send buffer and closing the data channel (see close()). */
export const CLOSE_LINGER_MS = 20;

/** peerjs DataConnection error types → our reasons. */
const REASONS: Readonly<Record<string, TransportErrorReasonKey>> = {
  'negotiation-failed': 'negotiation',
  'connection-closed': 'closed',
  'not-open-yet': 'notOpen',
  'message-too-big': 'tooLarge',
};

function isJsonObject(value: unknown): value is ChannelMetadata {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Metadata arrives from the remote through signaling: keep only a JSON object. */
function safeMetadata(value: unknown): ChannelMetadata {
  if (!isJsonObject(value)) return {};
  try {
    return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
  } catch {
    return {};
  }
}

/** Channel implementation over one peerjs DataConnection. */
export class PeerJsChannel extends BaseChannel {
  readonly #conn: DataConnection;
  #dc: RTCDataChannel | null = null;
  #pendingError: TransportError | null = null;
  readonly #clock: Clock;
  #openTimer: TimerHandle | null;

  constructor(conn: DataConnection, outbound: boolean, clock: Clock) {
    super({
      id: conn.connectionId,
      peer: conn.peer as PeerId,
      label: conn.label,
      metadata: safeMetadata(conn.metadata),
      outbound,
    });
    this.#conn = conn;
    this.#clock = clock;
    conn.on('open', () => this.#onOpen());
    conn.on('data', (data) => this.#onData(data));
    conn.on('error', (err) => {
      const error = new TransportError(REASONS[err.type] ?? 'failed', {
        cause: err,
        detail: err.message,
      });
      // peerjs emits 'close' only for connections that were open; a failure
      // before that would otherwise leave us 'connecting' until the timeout.
      if (this.state === 'connecting') return this.fail(error);
      // Otherwise peerjs's 'close' follows; our 'closed' reports the error (once).
      this.#pendingError ??= error;
    });
    conn.on('close', () => this.#finish(this.#pendingError));
    this.#openTimer = clock.setTimeout(
      () => this.fail(new TransportError('timeout')),
      CHANNEL_OPEN_TIMEOUT_MS,
    );
  }

  get bufferedAmount(): number {
    return this.#dc?.bufferedAmount ?? 0;
  }

  /** Strict SDP fingerprints confirmed by the DTLS certificates in getStats(). [SES-4] */
  async fingerprints(): Promise<ChannelFingerprints | null> {
    const pc = this.#conn.peerConnection as RTCPeerConnection | null;
    if (!pc || this.state === 'closed') return null;
    const result = await connectionFingerprints(pc);
    if (!result.ok) {
      logger.warn('no trustworthy DTLS fingerprints for', this.peer, `(${result.reason})`);
      return null;
    }
    // Firefox reports no certificate stats: then only the strict SDP check applies.
    if (result.source === 'sdp') logger.debug('DTLS certificates not in getStats; SDP only');
    return result.fingerprints;
  }

  /** End the channel with an error now (timeout, peer unavailable, transport destroyed). */
  fail(error: TransportError): void {
    if (this.state === 'closed') return;
    this.#finish(error);
    this.#conn.close();
  }

  close(): void {
    if (this.state === 'closed') return;
    const dc = this.#dc;
    this.#finish(null);
    if (!dc || dc.readyState !== 'open') return this.#conn.close();
    // Chrome drops messages still in bufferedAmount when close() follows send()
    // (measured on Chromium 156), although the spec says they are flushed. So
    // wait until the buffer is empty, then close the data channel on a later
    // task; peerjs tears down the peer connection from the channel's close event.
    const clock = this.#clock;
    const cut = clock.setTimeout(() => this.#conn.close(), CLOSE_GRACE_MS);
    const closeChannel = () => {
      clock.setTimeout(() => {
        dc.close();
        clock.clearTimeout(cut);
        clock.setTimeout(() => this.#conn.close(), CLOSE_GRACE_MS);
      }, CLOSE_LINGER_MS);
    };
    if (dc.bufferedAmount === 0) return closeChannel();
    dc.bufferedAmountLowThreshold = 0;
    dc.addEventListener('bufferedamountlow', closeChannel, { once: true });
  }

  protected override applyLowWater(bytes: number): void {
    if (this.#dc) this.#dc.bufferedAmountLowThreshold = bytes;
  }

  protected write(data: ChannelData): void {
    const dc = this.#dc;
    if (!dc || dc.readyState !== 'open') throw new TransportError('notOpen');
    try {
      if (typeof data === 'string') dc.send(data);
      else if (data instanceof Uint8Array) dc.send(data as Uint8Array<ArrayBuffer>);
      else dc.send(data);
    } catch (err) {
      const error = new TransportError('failed', { cause: err });
      this.fail(error);
      throw error;
    }
  }

  #onOpen(): void {
    const dc = this.#conn.dataChannel as RTCDataChannel | null;
    if (!dc) return this.fail(new TransportError('negotiation', { detail: 'no data channel' }));
    this.#dc = dc;
    dc.bufferedAmountLowThreshold = this.bufferedAmountLowThreshold;
    dc.addEventListener('bufferedamountlow', () => this.drained());
    this.#clearOpenTimer();
    this.markOpen();
  }

  #onData(data: unknown): void {
    if (typeof data === 'string' || data instanceof ArrayBuffer) return this.deliver(data);
    // binaryType is 'arraybuffer' under peerjs 'raw'; anything else is a bug, not input.
    logger.warn('dropping a frame of unexpected type', Object.prototype.toString.call(data));
  }

  #finish(error: TransportError | null): void {
    this.#clearOpenTimer();
    this.markClosed(error);
  }

  #clearOpenTimer(): void {
    if (this.#openTimer !== null) this.#clock.clearTimeout(this.#openTimer);
    this.#openTimer = null;
  }
}
