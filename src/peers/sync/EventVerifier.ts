/**
 * Checks EVENTS frames ([CHAT-7]) in a dedicated worker when the platform has
 * one, else on this thread. Chromium verifies Ed25519 synchronously on the
 * calling thread (~50 µs per event), which made signature checks a third of
 * the main thread's work while a backlog synced; in the worker they overlap
 * storing the previous frame. The worker only says which events passed; the
 * events stored are taken from this thread's copy of the same frame. A
 * frame of a few events (a live message) is checked here: the worker's round
 * trip would cost more than its signatures.
 */
import { WorkerClient } from '../../lib/workerClient';
import { checkEvents, KeyCache, pickChecked, type CheckJob, type CheckResult } from './checkEvents';

/** A request to the verify worker; the worker client adds the id it answers with. */
export interface VerifyRequest {
  job: CheckJob;
}

/** Its answer: per event null (passed) or why it is dropped; null when the worker failed. */
export interface VerifyReply {
  id: number;
  verdicts: (string | null)[] | null;
}

/**
 * A worker that has not answered a frame this long is given up on (frames are
 * 100 events; the worker checks them in milliseconds), so sync never hangs on it.
 */
const WORKER_TIMEOUT_MS = 15_000;

/**
 * Frames of at most this many events are checked on this thread: a few
 * signatures (~50 µs each) cost less than a message to the worker and back.
 */
export const INLINE_CHECK_MAX = 4;

/** Checks frames, in a worker while one works (small frames here). */
export class EventVerifier {
  readonly #keys = new KeyCache();
  readonly #worker = new WorkerClient<VerifyRequest, VerifyReply>({
    name: 'verify',
    create: () =>
      new Worker(new URL('./verify.worker.ts', import.meta.url), {
        type: 'module',
        name: 'plume-verify',
      }),
    timeoutMs: WORKER_TIMEOUT_MS,
  });

  /** Check `job`'s events; results in frame order. Never rejects. */
  async check(job: CheckJob): Promise<CheckResult[]> {
    // A live message is a frame of one event or a few: checking them here costs less than
    // the worker's round trip; a backlog's frames still go to the worker.
    if (job.events.length <= INLINE_CHECK_MAX) return checkEvents(job, this.#keys);
    const verdicts = (await this.#worker.ask({ job }))?.verdicts;
    if (!verdicts || verdicts.length !== job.events.length) return checkEvents(job, this.#keys);
    return job.events.map((raw, i) => verdicts[i] ?? pickChecked(raw));
  }

  /** Start the worker now (it takes a few ms), so the first frame does not wait for it. */
  warm(): void {
    this.#worker.start();
  }

  /** Stop the worker; later checks run on this thread. */
  close(): void {
    this.#worker.close();
  }
}
