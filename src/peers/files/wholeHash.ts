/**
 * The whole-file SHA-256 of a file being received, computed in a dedicated
 * worker when the platform has one (hash.worker.ts), else on this thread.
 * hash-wasm runs on the calling thread, and hashing every received byte was a
 * fifth of the receiver's main thread; in the worker it overlaps taking and
 * storing the next chunks. Chunks go to the worker as copies (the originals
 * are still to be stored), in order; `save` and `digest` are answered in that
 * same order, so a saved state covers exactly the chunks sent before it.
 * Until the worker confirms a state, this side keeps the last confirmed state
 * and the chunks since: if the worker fails, they are hashed again here and
 * nothing is lost. Spec: docs/protocol.md [FILE-8], [FILE-9].
 */
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import type { Bytes } from './frames';
import { toHex, type IHasher } from './hashing';

const logger = log('peers:files:hash');

/** A request to the hash worker; `h` names one file's hasher. */
export type HashRequest =
  | { op: 'open'; h: number; state: Uint8Array }
  | { op: 'update'; h: number; bytes: Bytes }
  | { op: 'save' | 'digest'; h: number }
  | { op: 'drop'; h: number };

/** Its answer to a `save` or `digest`, or that it failed (then it is not used again). */
export type HashReply = { h: number; bytes: Uint8Array } | { h: number; fatal: string };

/**
 * A worker that has not answered a save or digest this long is given up on (it
 * hashes hundreds of MB/s; a batch is a few MB), so a transfer never hangs on it.
 */
const HASH_WORKER_TIMEOUT_MS = 15_000;

type Op =
  { kind: 'update'; bytes: Bytes } | { kind: 'save' | 'digest'; done: (bytes: Uint8Array) => void };

/** The whole-file hash of one file: in the worker while it works, else here. */
export class WholeHash {
  /** Here: the live hasher once local; until then only used to take over. */
  readonly #base: IHasher;
  /** The state the worker last confirmed, and what was sent to it since. */
  #state: Uint8Array;
  #sent: Op[] = [];
  #timers: ReturnType<typeof setTimeout>[] = [];
  #h: number | null;

  /** Continue the hash of `hasher` (already loaded with any resumed state). */
  constructor(hasher: IHasher) {
    this.#base = hasher;
    this.#state = hasher.save();
    this.#h = pool.open(this, this.#state);
  }

  /** Add the next chunk (hashed in call order). */
  update(bytes: Bytes): void {
    if (this.#h === null) {
      this.#base.update(bytes);
      return;
    }
    this.#sent.push({ kind: 'update', bytes });
    const copy = bytes.slice();
    pool.post({ op: 'update', h: this.#h, bytes: copy }, [copy.buffer]);
  }

  /** The hasher state after every chunk added before this call (hash-wasm `save`). */
  save(): Promise<Uint8Array> {
    return this.#ask('save');
  }

  /** The SHA-256 (lowercase hex) of every chunk added; nothing may be added after. */
  async digest(): Promise<string> {
    return toHex(await this.#ask('digest'));
  }

  /** Free the worker's hasher; anything asked later is answered here. */
  close(): void {
    const h = this.#h;
    if (h === null) return;
    this.takeOver();
    pool.post({ op: 'drop', h }, []);
  }

  /** The worker answered the oldest request. */
  answered(bytes: Uint8Array): void {
    const at = this.#sent.findIndex((op) => op.kind !== 'update');
    const op = this.#sent[at];
    if (!op || op.kind === 'update') return logger.warn('unexpected answer from the hash worker');
    this.#sent.splice(0, at + 1);
    clearTimeout(this.#timers.shift());
    if (op.kind === 'save') this.#state = bytes;
    op.done(bytes);
  }

  /** Hash here from now on: replay what the worker did not confirm, answering in order. */
  takeOver(): void {
    if (this.#h === null) return;
    pool.forget(this.#h);
    this.#h = null;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
    const sent = this.#sent;
    this.#sent = [];
    this.#base.load(this.#state);
    for (const op of sent) {
      if (op.kind === 'update') this.#base.update(op.bytes);
      else op.done(op.kind === 'save' ? this.#base.save() : this.#base.digest('binary'));
    }
  }

  #ask(kind: 'save' | 'digest'): Promise<Uint8Array> {
    const h = this.#h;
    if (h === null) {
      return Promise.resolve(kind === 'save' ? this.#base.save() : this.#base.digest('binary'));
    }
    return new Promise((done) => {
      this.#sent.push({ kind, done });
      this.#timers.push(
        setTimeout(() => pool.fail('the hash worker did not answer', ''), HASH_WORKER_TIMEOUT_MS),
      );
      pool.post({ op: kind, h }, []);
    });
  }
}

/** The one hash worker, shared by every file being received; started on first use. */
class HashPool {
  readonly #hashes = new Map<number, WholeHash>();
  #worker: Worker | null = null;
  #broken = false;
  #nextId = 1;

  /** Give `hash` a hasher in the worker; null when there is no worker. */
  open(hash: WholeHash, state: Uint8Array): number | null {
    if (!this.#start()) return null;
    const h = this.#nextId++;
    this.#hashes.set(h, hash);
    this.post({ op: 'open', h, state }, []);
    return this.#worker ? h : null;
  }

  forget(h: number): void {
    this.#hashes.delete(h);
  }

  post(request: HashRequest, transfer: Transferable[]): void {
    try {
      this.#worker?.postMessage(request, transfer);
    } catch (err) {
      this.fail('could not post to the hash worker', err);
    }
  }

  /** Stop the worker; every hash goes on here. */
  fail(what: string, err: unknown): void {
    logger.warn(what, '- hashing on the main thread', describeError(err));
    this.#broken = true;
    this.#worker?.terminate();
    this.#worker = null;
    const hashes = [...this.#hashes.values()];
    this.#hashes.clear();
    for (const hash of hashes) hash.takeOver();
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
        const reply = event.data;
        if ('fatal' in reply) return this.fail('the hash worker failed', reply.fatal);
        this.#hashes.get(reply.h)?.answered(reply.bytes);
      };
      worker.onerror = (event) => this.fail('the hash worker failed', event.message);
      worker.onmessageerror = () => this.fail('the hash worker sent an unreadable answer', '');
      this.#worker = worker;
    } catch (err) {
      this.fail('could not start the hash worker', err);
    }
    return this.#worker;
  }
}

const pool = new HashPool();
