/**
 * Inbound channel listeners by label. A transport asks {@link wants} before it does any work
 * for an inbound connection: a label nobody listens for is refused at once, before WebRTC
 * negotiation, since only a stranger or a broken client dials one. [ADM-1]
 */
import { log } from '../lib/log';
import type { Channel, TransportEvents, Unsubscribe } from './transport';

const logger = log('peers:channels');

type Listener = TransportEvents['channel'];

/** Listeners of inbound channels, keyed by label. */
export class ChannelListeners {
  readonly #byLabel = new Map<string, Set<Listener>>();

  /** Listen for inbound channels with `label`. */
  on(label: string, listener: Listener): Unsubscribe {
    let set = this.#byLabel.get(label);
    if (!set) {
      set = new Set();
      this.#byLabel.set(label, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#byLabel.get(label) === set) this.#byLabel.delete(label);
    };
  }

  /** True when someone listens for `label`. */
  wants(label: unknown): boolean {
    return typeof label === 'string' && (this.#byLabel.get(label)?.size ?? 0) > 0;
  }

  /**
   * Hand `channel` to its label's listeners, in subscription order; false when there are none
   * (the caller refuses it). A throwing listener is logged and does not stop the others.
   */
  deliver(channel: Channel): boolean {
    const set = this.#byLabel.get(channel.label);
    if (!set || set.size === 0) return false;
    for (const listener of [...set]) {
      try {
        listener(channel);
      } catch (err) {
        logger.error(`listener for '${channel.label}' threw`, err);
      }
    }
    return true;
  }

  /** Drop every listener. */
  clear(): void {
    this.#byLabel.clear();
  }
}
