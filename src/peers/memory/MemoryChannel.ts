/**
 * One end of an in-memory channel pair. Messages are copied (as a real data
 * channel would), queued, and delivered in order by a pump that runs on a
 * timer, so `bufferedAmount` rises on send and falls on delivery and 'drain'
 * fires exactly as `bufferedamountlow` does in a browser.
 */
import { TransportError } from '../../lib/errors';
import { BaseChannel, messageBytes, type ChannelInit } from '../channelBase';
import type { ChannelData, ChannelFingerprints } from '../transport';

/** Delivery knobs shared by both ends, owned by the hub. */
export interface PumpOptions {
  /** Delay before each delivery batch. */
  latencyMs: number;
  /** Bytes delivered per batch (Infinity: everything queued). */
  bytesPerTick: number;
  /** Tests: rewrite a message on its way (see MemoryHub.setTamper). */
  tamper?: Tamper | null;
}

/**
 * Rewrites one message between `sender` (the sending end; its `peer` is the
 * receiver) and the other end: a faulty or hostile path in tests.
 */
export type Tamper = (data: string | ArrayBuffer, sender: MemoryChannel) => string | ArrayBuffer;

interface Queued {
  data: string | ArrayBuffer;
  bytes: number;
}

function copy(data: ChannelData): string | ArrayBuffer {
  if (typeof data === 'string') return data;
  const view = data instanceof Uint8Array ? data : new Uint8Array(data);
  // slice() copies only the view's bytes into a fresh ArrayBuffer.
  return view.slice().buffer;
}

/** An in-memory Channel; created in pairs by MemoryHub. */
export class MemoryChannel extends BaseChannel {
  #remote: MemoryChannel | null = null;
  #queue: Queued[] = [];
  #buffered = 0;
  #pumping = false;
  /** Closed locally: the queue still drains, then the remote end closes. */
  #closing = false;
  #fingerprints: ChannelFingerprints | null = null;
  readonly #pump: PumpOptions;

  constructor(init: ChannelInit, pump: PumpOptions) {
    super(init);
    this.#pump = pump;
  }

  /** Wire two ends together (hub only). */
  static pair(
    a: MemoryChannel,
    b: MemoryChannel,
    fpA: ChannelFingerprints | null,
    fpB: ChannelFingerprints | null,
  ): void {
    a.#remote = b;
    b.#remote = a;
    a.#fingerprints = fpA;
    b.#fingerprints = fpB;
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  fingerprints(): Promise<ChannelFingerprints | null> {
    return Promise.resolve(this.state === 'closed' ? null : this.#fingerprints);
  }

  /** Hub: the pair is established. */
  open(): void {
    this.markOpen();
  }

  /** Hub or transport: end this side with an error (peer gone, destroyed, refused). */
  fail(error: TransportError | null): void {
    this.#queue = [];
    this.#buffered = 0;
    this.markClosed(error);
  }

  /** Hub: abrupt loss of the path; both ends close with an error, queues dropped. */
  sever(detail: string): void {
    const remote = this.#remote;
    this.#remote = null;
    this.fail(new TransportError('closed', { detail }));
    if (remote) {
      remote.#remote = null;
      remote.fail(new TransportError('closed', { detail }));
    }
  }

  close(): void {
    if (this.state === 'closed' || this.#closing) return;
    this.#closing = true;
    const remote = this.#remote;
    this.markClosed(null);
    if (!remote) return;
    // Like SCTP, data already sent is still delivered before the far end closes.
    if (this.#queue.length === 0) this.#closeRemote();
    else this.#schedule();
  }

  protected write(data: ChannelData): void {
    const bytes = messageBytes(data);
    this.#queue.push({ data: copy(data), bytes });
    this.#buffered += bytes;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    setTimeout(() => this.#deliverBatch(), this.#pump.latencyMs);
  }

  #deliverBatch(): void {
    this.#pumping = false;
    const remote = this.#remote;
    if (!remote) return;
    const before = this.#buffered;
    let budget = this.#pump.bytesPerTick;
    // At least one message per batch, so a message larger than the budget still moves.
    do {
      const item = this.#queue.shift();
      if (!item) break;
      budget -= item.bytes;
      this.#buffered -= item.bytes;
      const tamper = this.#pump.tamper;
      remote.deliver(tamper ? tamper(item.data, this) : item.data);
    } while (budget > 0 && this.#remote === remote);
    const low = this.bufferedAmountLowThreshold;
    if (before > low && this.#buffered <= low) this.drained();
    if (this.#queue.length > 0) this.#schedule();
    else if (this.#closing) this.#closeRemote();
  }

  #closeRemote(): void {
    const remote = this.#remote;
    this.#remote = null;
    if (remote) {
      remote.#remote = null;
      remote.#queue = [];
      remote.#buffered = 0;
      remote.markClosed(null);
    }
  }
}
