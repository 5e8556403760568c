/**
 * Per-id rate limit: two token buckets, one counting frames and one counting bytes. They belong
 * to the id's object, not to a socket, so a reconnect does not refill them ([SIG-HYG-4]).
 * The numbers are far above what a real client sends (see docs/protocol.md [SIG-HYG-4]):
 * reconnecting to 100 friends at once is about 100 OFFERs plus ~2,000 CANDIDATEs and ~1.5 MB.
 */

/** Shape of one token bucket. */
export interface BucketSpec {
  /** Largest burst, in tokens. */
  capacity: number;
  /** Sustained rate, in tokens per second. */
  refillPerSecond: number;
}

/** Frames: a burst of 2,000, then 100 per second. */
export const FRAME_BUCKET: BucketSpec = { capacity: 2_000, refillPerSecond: 100 };
/** Bytes: a burst of 4 MiB, then 512 KiB per second. */
export const BYTE_BUCKET: BucketSpec = { capacity: 4 * 1024 * 1024, refillPerSecond: 512 * 1024 };

/** A bucket's level at a moment: what an id keeps where memory does not last (its socket). */
export interface BucketState {
  tokens: number;
  /** When `tokens` was computed (ms). */
  updatedAt: number;
}

/** A classic token bucket. Time is passed in, so the logic is pure and testable. */
export class TokenBucket {
  readonly #spec: BucketSpec;
  #tokens: number;
  #updatedAt: number;

  /** A full bucket, or one carrying on from `saved`. */
  constructor(spec: BucketSpec, now: number, saved?: BucketState) {
    this.#spec = spec;
    this.#tokens = saved ? Math.min(spec.capacity, Math.max(0, saved.tokens)) : spec.capacity;
    this.#updatedAt = saved ? Math.min(saved.updatedAt, now) : now;
  }

  /** Take `cost` tokens if there are enough; returns whether they were taken. */
  take(cost: number, now: number): boolean {
    if (!this.has(cost, now)) return false;
    this.#tokens -= cost;
    return true;
  }

  /**
   * Are there `cost` tokens now? Takes none, so several buckets can be checked before any is
   * charged.
   */
  has(cost: number, now: number): boolean {
    this.#refill(now);
    return this.#tokens >= cost;
  }

  /** How long until `cost` tokens are there (0 when they are now). */
  waitMs(cost: number, now: number): number {
    this.#refill(now);
    const missing = cost - this.#tokens;
    return missing <= 0 ? 0 : (missing / this.#spec.refillPerSecond) * 1000;
  }

  /** The level now, to be restored with the constructor. */
  save(): BucketState {
    return { tokens: this.#tokens, updatedAt: this.#updatedAt };
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(
      this.#spec.capacity,
      this.#tokens + (elapsed * this.#spec.refillPerSecond) / 1000,
    );
    this.#updatedAt = Math.max(this.#updatedAt, now);
  }
}

/** A saved bucket from untrusted JSON (an attachment); null when it is not one. */
export function readBucketState(value: unknown): BucketState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const { tokens, updatedAt } = v;
  if (typeof tokens !== 'number' || typeof updatedAt !== 'number') return null;
  if (!Number.isFinite(tokens) || !Number.isFinite(updatedAt)) return null;
  return { tokens, updatedAt };
}

/** Both buckets of one id. */
export class PeerRateLimit {
  readonly #frames: TokenBucket;
  readonly #bytes: TokenBucket;

  constructor(now: number, frames: BucketSpec = FRAME_BUCKET, bytes: BucketSpec = BYTE_BUCKET) {
    this.#frames = new TokenBucket(frames, now);
    this.#bytes = new TokenBucket(bytes, now);
  }

  /** Account for one frame of `size` bytes; false means the id is over its limit. */
  allow(size: number, now: number): boolean {
    // Evaluate both so that each bucket's clock advances; either running dry refuses the frame.
    const frameOk = this.#frames.take(1, now);
    const bytesOk = this.#bytes.take(size, now);
    return frameOk && bytesOk;
  }
}
