/**
 * Speed and time left of one transfer, and the throttle that keeps progress
 * events to a few a second. Pure bookkeeping on an injected clock.
 */
import { PROGRESS_INTERVAL_MS, SPEED_WINDOW_MS } from './constants';

interface Sample {
  at: number;
  bytes: number;
}

/** Bytes-over-time of one transfer. */
export class Meter {
  #samples: Sample[] = [];
  #lastEmit = -Infinity;

  /** Record that `bytes` are done at `at` (ms). */
  add(at: number, bytes: number): void {
    this.#samples.push({ at, bytes });
    // Keep one sample older than the window, so the average spans all of it.
    while (this.#samples.length > 2 && this.#samples[1]!.at <= at - SPEED_WINDOW_MS) {
      this.#samples.shift();
    }
  }

  /** Bytes per second over the last SPEED_WINDOW_MS (0 until two samples exist). */
  speed(at: number): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last === first) return 0;
    const span = Math.max(at, last.at) - first.at;
    return span > 0 ? Math.max(0, ((last.bytes - first.bytes) * 1000) / span) : 0;
  }

  /** Seconds left for `size` bytes at the current speed, or null when unknown. */
  eta(at: number, size: number): number | null {
    const last = this.#samples[this.#samples.length - 1];
    const speed = this.speed(at);
    if (!last || speed <= 0) return null;
    return Math.max(0, Math.ceil((size - last.bytes) / speed));
  }

  /** True (and the clock restarts) when a progress event may go out now. */
  due(at: number): boolean {
    if (at - this.#lastEmit < PROGRESS_INTERVAL_MS) return false;
    this.#lastEmit = at;
    return true;
  }
}
