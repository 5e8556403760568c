/**
 * What every Channel implementation shares: the event emitter, the state
 * machine (connecting → open → closed, closed is final), the `opened` promise,
 * and the checks `send` makes before touching the wire. Adapters subclass it
 * and implement the transport-specific parts.
 */
import { Emitter } from '../lib/emitter';
import { TransportError } from '../lib/errors';
import type { PeerId } from '../lib/ids';
import {
  DEFAULT_LOW_WATER_BYTES,
  MAX_BUFFERED_BYTES,
  MAX_MESSAGE_BYTES,
  type Channel,
  type ChannelData,
  type ChannelEvents,
  type ChannelFingerprints,
  type ChannelMetadata,
  type ChannelState,
  type Unsubscribe,
} from './transport';

/** Identity of a channel, fixed at creation. */
export interface ChannelInit {
  id: string;
  peer: PeerId;
  label: string;
  metadata: ChannelMetadata;
  outbound: boolean;
}

/** Byte length of a message as it goes on the wire (strings as UTF-8). */
export function messageBytes(data: ChannelData): number {
  if (typeof data === 'string') return new TextEncoder().encode(data).byteLength;
  return data.byteLength;
}

/** Base class for Channel implementations. */
export abstract class BaseChannel implements Channel {
  readonly id: string;
  readonly peer: PeerId;
  readonly label: string;
  readonly metadata: ChannelMetadata;
  readonly outbound: boolean;
  readonly opened: Promise<void>;

  protected readonly events = new Emitter<ChannelEvents>();
  #state: ChannelState = 'connecting';
  #lowWater = DEFAULT_LOW_WATER_BYTES;
  #resolveOpened!: () => void;
  #rejectOpened!: (err: TransportError) => void;

  constructor(init: ChannelInit) {
    this.id = init.id;
    this.peer = init.peer;
    this.label = init.label;
    this.metadata = init.metadata;
    this.outbound = init.outbound;
    this.opened = new Promise<void>((resolve, reject) => {
      this.#resolveOpened = resolve;
      this.#rejectOpened = reject;
    });
    // Nobody is obliged to await `opened`; a close before open must not become
    // an unhandled rejection. Awaiting callers still see the rejection.
    this.opened.catch(() => undefined);
  }

  get state(): ChannelState {
    return this.#state;
  }

  get bufferedAmountLowThreshold(): number {
    return this.#lowWater;
  }

  set bufferedAmountLowThreshold(bytes: number) {
    this.#lowWater = Math.max(0, Math.floor(bytes));
    this.applyLowWater(this.#lowWater);
  }

  abstract get bufferedAmount(): number;
  abstract fingerprints(): Promise<ChannelFingerprints | null>;
  abstract close(): void;
  /** Put one validated message on the wire. */
  protected abstract write(data: ChannelData): void;
  /** Propagate the threshold to the underlying channel, if it has one. */
  protected applyLowWater(_bytes: number): void {}

  on<E extends keyof ChannelEvents>(event: E, listener: ChannelEvents[E]): Unsubscribe {
    return this.events.on(event, listener);
  }

  send(data: ChannelData): void {
    if (this.#state !== 'open') throw new TransportError('notOpen', { detail: this.label });
    const bytes = messageBytes(data);
    if (bytes > MAX_MESSAGE_BYTES) {
      throw new TransportError('tooLarge', { detail: `${bytes} > ${MAX_MESSAGE_BYTES} bytes` });
    }
    if (this.bufferedAmount + bytes > MAX_BUFFERED_BYTES) throw new TransportError('bufferFull');
    this.write(data);
  }

  /** Move to 'open' (once) and tell listeners. */
  protected markOpen(): void {
    if (this.#state !== 'connecting') return;
    this.#state = 'open';
    this.#resolveOpened();
    this.events.emit('open');
  }

  /** Move to 'closed' (once), reject `opened` if pending, tell listeners, drop them. */
  protected markClosed(error: TransportError | null): void {
    if (this.#state === 'closed') return;
    const wasConnecting = this.#state === 'connecting';
    this.#state = 'closed';
    if (wasConnecting) this.#rejectOpened(error ?? new TransportError('closed'));
    if (error) this.events.emit('error', error);
    this.events.emit('closed', error);
    this.events.clear();
  }

  /** Deliver one received message (ignored once closed). */
  protected deliver(data: string | ArrayBuffer): void {
    if (this.#state === 'open') this.events.emit('message', data);
  }

  /** Tell listeners the buffer drained. */
  protected drained(): void {
    if (this.#state === 'open') this.events.emit('drain');
  }
}

/** A channel that never opens: it fails with `error` on the next task. */
class FailedChannel extends BaseChannel {
  constructor(init: ChannelInit, error: TransportError) {
    super(init);
    // Next task, not now: the caller must get the chance to attach listeners.
    setTimeout(() => this.markClosed(error), 0);
  }
  get bufferedAmount(): number {
    return 0;
  }
  fingerprints(): Promise<null> {
    return Promise.resolve(null);
  }
  close(): void {
    this.markClosed(null);
  }
  protected write(): void {}
}

/** A channel that fails with `error` (used when dialling is impossible, e.g. offline). */
export function failedChannel(init: ChannelInit, error: TransportError): BaseChannel {
  return new FailedChannel(init, error);
}
