/**
 * A streaming SHA-256 that also keeps the chunks hashed since the last cut:
 * the receiver's whole-file hash, in the worker (hash.worker.ts) or, without
 * one, on this thread (wholeHash.ts). A cut gives the hasher state after those
 * chunks and one Blob of them (what the receiver stores as one row).
 */
import type { Bytes } from './frames';
import type { IHasher } from './hashing';

export class BatchHash {
  readonly #hasher: IHasher;
  #batch: Bytes[] = [];

  constructor(hasher: IHasher) {
    this.#hasher = hasher;
  }

  update(bytes: Bytes): void {
    this.#hasher.update(bytes);
    this.#batch.push(bytes);
  }

  cut(): { state: Uint8Array; data: Blob } {
    const data = new Blob(this.#batch);
    this.#batch = [];
    return { state: this.#hasher.save(), data };
  }

  /** The SHA-256 of everything hashed; nothing may be added after. */
  digest(): Uint8Array {
    return this.#hasher.digest('binary');
  }

  /** Forget the chunks held. */
  clear(): void {
    this.#batch = [];
  }
}
