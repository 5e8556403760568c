/**
 * A bounded set of recently seen handshake nonces. The AUTH signature already
 * covers both nonces and both DTLS fingerprints, so a replayed handshake fails
 * anyway; this is defence in depth, and bounded so a chatty peer cannot grow
 * it without limit. [SES-7]
 */
import { RECENT_NONCES } from './constants';

/** Remembers the last `capacity` nonces, forgetting the oldest first. */
export class NonceCache {
  readonly #capacity: number;
  /** A Set iterates in insertion order, which makes it a cheap FIFO. */
  readonly #seen = new Set<string>();

  constructor(capacity: number = RECENT_NONCES) {
    this.#capacity = Math.max(1, capacity);
  }

  /** True when `nonce` was added and not yet forgotten. */
  has(nonce: string): boolean {
    return this.#seen.has(nonce);
  }

  /** Remember `nonce`, dropping the oldest when full. */
  add(nonce: string): void {
    if (this.#seen.has(nonce)) return;
    this.#seen.add(nonce);
    if (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.values().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#seen.size;
  }
}
