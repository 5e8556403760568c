/**
 * A tiny typed event emitter. Every `on` returns its Unsubscribe. A throwing
 * listener is logged and does not stop the others, so one buggy feature cannot
 * break the transport for everyone.
 */
import { log } from './log';

const logger = log('lib:emitter');

/** A map from event name to listener signature. */
export type EventMap<T> = { [K in keyof T]: (...args: never[]) => void };

/** Typed listener registry. */
export class Emitter<Events extends EventMap<Events>> {
  #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Subscribe; returns the function that unsubscribes. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Number of listeners for an event. */
  count<E extends keyof Events>(event: E): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Call every listener of `event` with `args`, in subscription order. */
  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    // Copy: a listener may unsubscribe itself or others while we iterate.
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (err) {
        logger.error(`listener for '${String(event)}' threw`, err);
      }
    }
  }

  /** Drop every listener (after close/destroy). */
  clear(): void {
    this.#listeners.clear();
  }
}
