/**
 * The reach-token hashes one peer registered with its own object ([SIG-REACH-2]): kept in memory
 * and in the object's synchronous KV storage, read at most once per object lifetime and written
 * only when a REACH frame changes the set. The app sends REACH after every OPEN, so most of them
 * repeat the stored set and write nothing.
 * Spec: docs/protocol.md [SIG-REACH-2], [SIG-STORE-2].
 */
import type { ReachHash } from '../src/lib/reach';
import { constantTimeIncludes } from './constantTime';

/** The key of the registered hashes in the object's synchronous KV storage. */
export const REACH_KEY = 'reach';

/** The registered hashes of one peer object. */
export class ReachSet {
  readonly #kv: SyncKvStorage;
  /** The stored set; null until first read. */
  #hashes: Set<ReachHash> | null = null;

  constructor(kv: SyncKvStorage) {
    this.#kv = kv;
  }

  /** True when `hash` is registered. */
  has(hash: ReachHash): boolean {
    return this.#load().has(hash);
  }

  /**
   * True when `hash` is registered, compared with every registered hash in full: a wake is
   * answered by this check alone, so its time must not tell a guesser anything ([WAKE-6]).
   */
  matches(hash: ReachHash): boolean {
    return constantTimeIncludes(this.#load(), hash);
  }

  /** Every registered hash (to write back after a wipe). */
  hashes(): ReachHash[] {
    return [...this.#load()];
  }

  /**
   * Replace the whole set with `hashes` (distinct, already checked), writing only when it differs
   * from the stored one. Returns whether it wrote.
   */
  replace(hashes: readonly ReachHash[]): boolean {
    const stored = this.#load();
    if (hashes.length === stored.size && hashes.every((hash) => stored.has(hash))) return false;
    if (hashes.length === 0) this.#kv.delete(REACH_KEY);
    else this.#kv.put(REACH_KEY, [...hashes].sort());
    this.#hashes = new Set(hashes);
    return true;
  }

  /** The storage was wiped (`deleteAll`): nothing is registered any more. */
  forget(): void {
    this.#hashes = new Set();
  }

  #load(): Set<ReachHash> {
    if (this.#hashes) return this.#hashes;
    const stored = this.#kv.get<unknown>(REACH_KEY);
    this.#hashes = new Set(
      Array.isArray(stored) ? stored.filter((h): h is string => typeof h === 'string') : [],
    );
    return this.#hashes;
  }
}
