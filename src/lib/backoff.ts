/**
 * Exponential backoff with full jitter ("Exponential Backoff And Jitter",
 * AWS Architecture Blog): delay = random(0, min(cap, base · 2^attempt)).
 * Full jitter spreads reconnecting clients so a server restart is not met by
 * a synchronised stampede.
 */

/** First retry window. */
export const BACKOFF_BASE_MS = 1_000;
/** No wait is ever longer than this (docs/protocol.md [SES-11]: capped at 30 s). */
export const BACKOFF_CAP_MS = 30_000;
/** Floor, so a jitter draw near zero cannot make a hot loop. */
export const BACKOFF_MIN_MS = 100;

/** Tunables for {@link backoffDelay}. */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  minMs?: number;
}

/**
 * The delay before retry number `attempt` (0 = first retry). `random` returns
 * a number in [0, 1), like Math.random; inject it for tests. Pure.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  { baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS, minMs = BACKOFF_MIN_MS }: BackoffOptions = {},
): number {
  // Clamp the exponent: 2^31 would overflow nothing in JS, but 2^1100 is Infinity.
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const window = Math.min(capMs, baseMs * 2 ** exponent);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.max(Math.min(minMs, window), Math.floor(draw * window));
}

/** Counts consecutive failures and hands out the next delay. */
export class Backoff {
  #attempt = 0;
  readonly #random: () => number;
  readonly #options: BackoffOptions;

  constructor(random: () => number = Math.random, options: BackoffOptions = {}) {
    this.#random = random;
    this.#options = options;
  }

  /** Failures since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The delay before the next retry; advances the counter. */
  next(): number {
    return backoffDelay(this.#attempt++, this.#random, this.#options);
  }

  /** Call after a success. */
  reset(): void {
    this.#attempt = 0;
  }
}
