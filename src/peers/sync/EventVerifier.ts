/**
 * Checks EVENTS frames ([CHAT-7]) in a dedicated worker when the platform has
 * one, else on this thread. Chromium verifies Ed25519 synchronously on the
 * calling thread (~50 µs per event), which made signature checks a third of
 * the main thread's work while a backlog synced; in the worker they overlap
 * storing the previous frame. The worker only says which events passed; the
 * events stored are taken from this thread's copy of the same frame.
 */
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import { checkEvents, KeyCache, pickChecked, type CheckJob, type CheckResult } from './checkEvents';

const logger = log('peers:sync');

/** A request to the verify worker. */
export interface VerifyRequest {
  id: number;
  job: CheckJob;
}

/** Its answer: per event null (passed) or why it is dropped; null when the worker failed. */
export interface VerifyReply {
  id: number;
  verdicts: (string | null)[] | null;
}

type Pending = (verdicts: (string | null)[] | null) => void;

/**
 * A worker that has not answered a frame this long is given up on (frames are
 * 100 events; the worker checks them in milliseconds), so sync never hangs on it.
 */
const WORKER_TIMEOUT_MS = 15_000;

/** Checks frames, in a worker while one works. */
export class EventVerifier {
  readonly #keys = new KeyCache();
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | null = null;
  #broken = false;
  #nextId = 1;

  /** Check `job`'s events; results in frame order. Never rejects. */
  async check(job: CheckJob): Promise<CheckResult[]> {
    const verdicts = await this.#inWorker(job);
    if (!verdicts || verdicts.length !== job.events.length) return checkEvents(job, this.#keys);
    return job.events.map((raw, i) => verdicts[i] ?? pickChecked(raw));
  }

  /** Start the worker now (it takes a few ms), so the first frame does not wait for it. */
  warm(): void {
    this.#start();
  }

  /** Stop the worker; later checks run on this thread. */
  close(): void {
    this.#broken = true;
    this.#worker?.terminate();
    this.#worker = null;
    this.#failAll();
  }

  #inWorker(job: CheckJob): Promise<(string | null)[] | null> {
    const worker = this.#start();
    if (!worker) return Promise.resolve(null);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.#fail('the verify worker did not answer', ''),
        WORKER_TIMEOUT_MS,
      );
      this.#pending.set(id, (verdicts) => {
        clearTimeout(timer);
        resolve(verdicts);
      });
      try {
        worker.postMessage({ id, job } satisfies VerifyRequest);
      } catch (err) {
        this.#fail('could not post to the verify worker', err);
      }
    });
  }

  #start(): Worker | null {
    if (this.#worker || this.#broken) return this.#worker;
    if (typeof Worker === 'undefined') {
      this.#broken = true;
      return null;
    }
    try {
      const worker = new Worker(new URL('./verify.worker.ts', import.meta.url), {
        type: 'module',
        name: 'plume-verify',
      });
      worker.onmessage = (event: MessageEvent<VerifyReply>) => {
        const { id, verdicts } = event.data;
        const done = this.#pending.get(id);
        this.#pending.delete(id);
        done?.(verdicts);
      };
      worker.onerror = (event) => this.#fail('the verify worker failed', event.message);
      worker.onmessageerror = () => this.#fail('the verify worker sent an unreadable answer', '');
      this.#worker = worker;
    } catch (err) {
      this.#fail('could not start the verify worker', err);
    }
    return this.#worker;
  }

  #fail(what: string, err: unknown): void {
    logger.warn(what, '- checking on the main thread', describeError(err));
    this.close();
  }

  #failAll(): void {
    for (const done of this.#pending.values()) done(null);
    this.#pending.clear();
  }
}
