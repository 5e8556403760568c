/**
 * The whole-file SHA-256 of a file being received, and the Blob of each batch
 * of its chunks, made in a dedicated worker when the platform has one
 * (hash.worker.ts), else on this thread.
 *
 * Chunks are handed over, not copied: `update` transfers the chunk's buffer to
 * the worker, which hashes it and keeps it until `cut`, when it answers with
 * the hasher state after those chunks and one Blob of them (what the receiver
 * stores as one row). On this 2-core machine copying every received byte for
 * the worker, and copying it again into a Blob on the main thread, cost the
 * receiver's main thread about a third of its time (bench:transfer).
 *
 * A worker that fails or hangs takes the chunks it holds with it: every
 * outstanding `cut`/`digest` then rejects with HashWorkerLostError and the
 * pull starts again from its stored prefix (whose hasher state was stored with
 * it), hashing on this thread from then on. Nothing stored is lost.
 * Spec: docs/protocol.md [FILE-8], [FILE-9].
 */
import { WorkerClient, type WorkerAnswer } from '../../lib/workerClient';
import type { Bytes } from './frames';
import { BatchHash } from './batchHash';
import { toHex, type IHasher } from './hashing';

/** A request to the hash worker; `h` names one file's hasher. */
export type HashRequest =
  | { op: 'open'; h: number; state: Uint8Array }
  | { op: 'update'; h: number; bytes: Bytes }
  | { op: 'cut' | 'digest'; h: number }
  | { op: 'drop'; h: number };

/**
 * Its answer to a `cut` (state and the Blob of the chunks since the last cut)
 * or a `digest` (the SHA-256). A worker that fails says `{fatal}` instead and
 * is not used again.
 */
export type HashReply = WorkerAnswer & ({ state: Uint8Array; data: Blob } | { digest: Uint8Array });

/** The chunks since the last cut: the hasher state after them, and one Blob of them. */
type Cut = ReturnType<BatchHash['cut']>;

/** The worker that held chunks of this file failed: pull again from the stored prefix. */
export class HashWorkerLostError extends Error {
  constructor(why: string) {
    super(`hash worker lost: ${why}`);
    this.name = 'HashWorkerLostError';
  }
}

/**
 * A worker that has not answered a cut or digest this long is given up on (it
 * hashes hundreds of MB/s; a batch is a few MB), so a transfer never hangs on it.
 */
const HASH_WORKER_TIMEOUT_MS = 15_000;
/** The worker is stopped once no file has used it for this long (started again when needed). */
export const HASH_WORKER_IDLE_MS = 60_000;

/** Files whose hasher lives in the worker, by handle: all lost with it. */
const inWorker = new Map<number, WholeHash>();
let nextHandle = 1;

/** The one hash worker, shared by every file being received. */
const worker = new WorkerClient<HashRequest, HashReply>({
  name: 'hash',
  create: () =>
    new Worker(new URL('./hash.worker.ts', import.meta.url), {
      type: 'module',
      name: 'plume-hash',
    }),
  timeoutMs: HASH_WORKER_TIMEOUT_MS,
  idleMs: HASH_WORKER_IDLE_MS,
  onLost: (why) => {
    const lost = [...inWorker.values()];
    inWorker.clear();
    for (const hash of lost) hash.lost(why);
  },
});

/** The whole-file hash of one file: in the worker while it works, else here. */
export class WholeHash {
  /** The hash here (already loaded with any resumed state); live when there is no worker. */
  readonly #local: BatchHash;
  #h: number | null = null;
  #lost: HashWorkerLostError | null = null;

  /** Continue the hash of `hasher` (already loaded with any resumed state). */
  constructor(hasher: IHasher) {
    this.#local = new BatchHash(hasher);
    worker.hold();
    if (!worker.start()) {
      worker.release();
      return;
    }
    const h = nextHandle++;
    this.#h = h;
    inWorker.set(h, this);
    worker.post({ op: 'open', h, state: hasher.save() });
  }

  /** Add the next chunk (hashed in call order). Its buffer is handed over: do not use it again. */
  update(bytes: Bytes): void {
    if (this.#lost) return;
    if (this.#h === null) return this.#local.update(bytes);
    worker.post({ op: 'update', h: this.#h, bytes }, [bytes.buffer]);
  }

  /**
   * The hasher state after every chunk added so far, and one Blob of the
   * chunks since the last cut. Asked at once: a later `update` is not in it.
   */
  async cut(): Promise<Cut> {
    const answer = await this.#ask('cut');
    if (answer === null) return this.#local.cut();
    if (!('state' in answer)) throw new HashWorkerLostError('mismatched answer');
    return { state: answer.state, data: answer.data };
  }

  /** The SHA-256 (lowercase hex) of every chunk added; nothing may be added after. */
  async digest(): Promise<string> {
    const answer = await this.#ask('digest');
    if (answer === null) return toHex(this.#local.digest());
    if (!('digest' in answer)) throw new HashWorkerLostError('mismatched answer');
    return toHex(answer.digest);
  }

  /** Free the worker's hasher and what it holds; anything outstanding rejects. */
  close(): void {
    const h = this.#h;
    if (h === null) return this.#local.clear();
    inWorker.delete(h);
    worker.post({ op: 'drop', h });
    this.lost('closed');
    worker.release();
  }

  /** The worker is gone, with the chunks it held: everything outstanding (and later) rejects. */
  lost(why: string): void {
    if (this.#lost) return;
    this.#lost = new HashWorkerLostError(why);
    this.#h = null;
  }

  /**
   * Ask the worker for a cut or the digest: its answer, or null when this file hashes here.
   * Throws when the worker held chunks of this file and was lost.
   */
  async #ask(op: 'cut' | 'digest'): Promise<HashReply | null> {
    this.#throwIfLost();
    if (this.#h === null) return null;
    const answer = await worker.ask({ op, h: this.#h });
    // The worker may have been lost while this was asked.
    this.#throwIfLost();
    if (answer === null) throw new HashWorkerLostError('no answer');
    return answer;
  }

  #throwIfLost(): void {
    if (this.#lost) throw this.#lost;
  }
}
