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
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import type { Bytes } from './frames';
import { BatchHash } from './batchHash';
import { toHex, type IHasher } from './hashing';

const logger = log('peers:files:hash');

/** A request to the hash worker; `h` names one file's hasher. */
export type HashRequest =
  | { op: 'open'; h: number; state: Uint8Array }
  | { op: 'update'; h: number; bytes: Bytes }
  | { op: 'cut' | 'digest'; h: number }
  | { op: 'drop'; h: number };

/**
 * Its answer to a `cut` (state and the Blob of the chunks since the last cut)
 * or a `digest` (the SHA-256), or that it failed (then it is not used again).
 */
export type HashReply =
  | { h: number; state: Uint8Array; data: Blob }
  | { h: number; digest: Uint8Array }
  | { h: number; fatal: string };

/** The chunks since the last cut: the hasher state after them, and one Blob of them. */
type Cut = ReturnType<BatchHash['cut']>;
/** A worker's answer to a cut or digest. */
type Answer = Exclude<HashReply, { fatal: string }>;

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

interface Waiting {
  resolve: (answer: Answer) => void;
  reject: (err: Error) => void;
}

/** The whole-file hash of one file: in the worker while it works, else here. */
export class WholeHash {
  /** The hash here (already loaded with any resumed state); live when there is no worker. */
  readonly #local: BatchHash;
  /** In the worker: its answers, in the order asked. */
  #waiting: Waiting[] = [];
  #timers: ReturnType<typeof setTimeout>[] = [];
  #h: number | null;
  #lost: HashWorkerLostError | null = null;

  /** Continue the hash of `hasher` (already loaded with any resumed state). */
  constructor(hasher: IHasher) {
    this.#local = new BatchHash(hasher);
    this.#h = pool.open(this, hasher.save());
  }

  /** Add the next chunk (hashed in call order). Its buffer is handed over: do not use it again. */
  update(bytes: Bytes): void {
    if (this.#lost) return;
    if (this.#h === null) return this.#local.update(bytes);
    pool.post({ op: 'update', h: this.#h, bytes }, [bytes.buffer]);
  }

  /**
   * The hasher state after every chunk added so far, and one Blob of the
   * chunks since the last cut. Asked at once: a later `update` is not in it.
   */
  async cut(): Promise<Cut> {
    if (this.#lost) throw this.#lost;
    if (this.#h === null) return this.#local.cut();
    const answer = await this.#ask('cut', this.#h);
    if (!('state' in answer)) throw new HashWorkerLostError('mismatched answer');
    return { state: answer.state, data: answer.data };
  }

  /** The SHA-256 (lowercase hex) of every chunk added; nothing may be added after. */
  async digest(): Promise<string> {
    if (this.#lost) throw this.#lost;
    if (this.#h === null) return toHex(this.#local.digest());
    const answer = await this.#ask('digest', this.#h);
    if (!('digest' in answer)) throw new HashWorkerLostError('mismatched answer');
    return toHex(answer.digest);
  }

  /** Free the worker's hasher and what it holds; anything outstanding rejects. */
  close(): void {
    const h = this.#h;
    if (h === null) return this.#local.clear();
    pool.forget(h);
    pool.post({ op: 'drop', h }, []);
    this.lost('closed');
  }

  /** The worker answered the oldest request. */
  answered(reply: Answer): void {
    const waiting = this.#waiting.shift();
    clearTimeout(this.#timers.shift());
    if (!waiting) return logger.warn('unexpected answer from the hash worker');
    waiting.resolve(reply);
  }

  /** The worker is gone, with the chunks it held: everything outstanding (and later) rejects. */
  lost(why: string): void {
    if (this.#lost) return;
    this.#lost = new HashWorkerLostError(why);
    this.#h = null;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.reject(this.#lost);
  }

  /** Ask the worker for a cut or the digest; answers come in the order asked. */
  #ask(op: 'cut' | 'digest', h: number): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#timers.push(
        setTimeout(() => pool.fail('the hash worker did not answer', ''), HASH_WORKER_TIMEOUT_MS),
      );
      pool.post({ op, h }, []);
    });
  }
}

/**
 * The one hash worker, shared by every file being received; started on first
 * use, stopped after HASH_WORKER_IDLE_MS without a file.
 */
class HashPool {
  readonly #hashes = new Map<number, WholeHash>();
  #worker: Worker | null = null;
  #broken = false;
  #nextId = 1;
  #idle: ReturnType<typeof setTimeout> | null = null;

  /** Give `hash` a hasher in the worker; null when there is no worker. */
  open(hash: WholeHash, state: Uint8Array): number | null {
    this.#stopIdleTimer();
    if (!this.#start()) return null;
    const h = this.#nextId++;
    this.#hashes.set(h, hash);
    this.post({ op: 'open', h, state }, []);
    return this.#worker ? h : null;
  }

  forget(h: number): void {
    this.#hashes.delete(h);
    if (this.#hashes.size > 0 || !this.#worker || this.#idle !== null) return;
    this.#idle = setTimeout(() => {
      this.#idle = null;
      if (this.#hashes.size > 0) return;
      logger.debug('stopping the idle hash worker');
      this.#stopWorker();
    }, HASH_WORKER_IDLE_MS);
  }

  post(request: HashRequest, transfer: Transferable[]): void {
    try {
      this.#worker?.postMessage(request, transfer);
    } catch (err) {
      this.fail('could not post to the hash worker', err);
    }
  }

  /** Stop the worker for good: the files it hashed pull again, hashing on this thread. */
  fail(what: string, err: unknown): void {
    logger.warn(what, '- hashing on the main thread from now on', describeError(err));
    this.#broken = true;
    this.#stopIdleTimer();
    this.#stopWorker();
    const hashes = [...this.#hashes.values()];
    this.#hashes.clear();
    for (const hash of hashes) hash.lost(what);
  }

  #stopIdleTimer(): void {
    if (this.#idle !== null) clearTimeout(this.#idle);
    this.#idle = null;
  }

  #stopWorker(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #start(): Worker | null {
    if (this.#worker || this.#broken) return this.#worker;
    if (typeof Worker === 'undefined') {
      this.#broken = true;
      return null;
    }
    try {
      const worker = new Worker(new URL('./hash.worker.ts', import.meta.url), {
        type: 'module',
        name: 'plume-hash',
      });
      worker.onmessage = (event: MessageEvent<HashReply>) => {
        if (this.#worker !== worker) return; // stopped meanwhile
        const reply = event.data;
        if ('fatal' in reply) return this.fail('the hash worker failed', reply.fatal);
        this.#hashes.get(reply.h)?.answered(reply);
      };
      worker.onerror = (event) => {
        if (this.#worker === worker) this.fail('the hash worker failed', event.message);
      };
      worker.onmessageerror = () => this.fail('the hash worker sent an unreadable answer', '');
      this.#worker = worker;
    } catch (err) {
      this.fail('could not start the hash worker', err);
    }
    return this.#worker;
  }
}

const pool = new HashPool();
