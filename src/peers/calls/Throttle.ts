/**
 * Emits at most once per interval, and always the last change: a burst in
 * one task becomes one call (a microtask gathers it), and further changes
 * within the interval wait for its end. Used for call snapshots (~5 per second).
 */
import type { Clock, TimerHandle } from '../../lib/clock';

/** Throttled calls of one function. */
export class Throttle {
  readonly #timers: Clock;
  readonly #now: () => number;
  readonly #minMs: number;
  readonly #fire: () => void;
  #last = -Infinity;
  #timer: TimerHandle | null = null;
  #queued = false;
  #stopped = false;

  constructor(timers: Clock, now: () => number, minMs: number, fire: () => void) {
    this.#timers = timers;
    this.#now = now;
    this.#minMs = minMs;
    this.#fire = fire;
  }

  /** Something changed: fire soon. */
  poke(): void {
    if (this.#queued || this.#timer !== null || this.#stopped) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      const wait = this.#last + this.#minMs - this.#now();
      if (wait <= 0) return this.#run();
      this.#timer = this.#timers.setTimeout(() => {
        this.#timer = null;
        this.#run();
      }, wait);
    });
  }

  /** Never fire again. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #run(): void {
    if (this.#stopped) return;
    this.#last = this.#now();
    this.#fire();
  }
}
