/**
 * A dedicated worker seen from the page: started on first use, asked with id-matched requests,
 * given up on for good when it fails or stays silent, and optionally stopped while nobody holds
 * it. Work done in a worker is always work the page could do itself (checking signatures,
 * hashing a file), so every caller has a fallback: whenever `ask` answers null, or `start`
 * answers false, it does the job on this thread.
 */
import { systemClock, type Clock, type TimerHandle } from './clock';
import { describeError } from './errors';
import { log } from './log';

const logger = log('lib:worker');

/** What every answer of a worker carries: the id of the request it answers. */
export interface WorkerAnswer {
  id: number;
}

/** A message a worker sends on its own: it cannot go on, and is given up on. */
export interface WorkerFatal {
  fatal: string;
}

/** Construction parameters of a {@link WorkerClient}. */
export interface WorkerClientOptions {
  /** Used in log lines: "the <name> worker did not answer". */
  name: string;
  /**
   * Makes the worker. It stays in the caller, written as
   * `new Worker(new URL('./x.worker.ts', import.meta.url), …)`, so the bundler finds it.
   */
  create: () => Worker;
  /** An answer later than this means the worker hangs: it is given up on. */
  timeoutMs: number;
  /** Stop the worker once nobody has held it for this long ({@link WorkerClient.hold}). */
  idleMs?: number;
  /** Called once when the worker is given up on, with why; outstanding asks answer null. */
  onLost?: (why: string) => void;
  clock?: Clock;
}

interface Waiting<A> {
  resolve: (answer: A | null) => void;
  timer: TimerHandle;
}

/** One dedicated worker, asked with requests of type `R`, answering with `A`. */
export class WorkerClient<R extends object, A extends WorkerAnswer> {
  readonly #options: WorkerClientOptions;
  readonly #clock: Clock;
  readonly #waiting = new Map<number, Waiting<A>>();
  #worker: Worker | null = null;
  #broken = false;
  #nextId = 1;
  #holders = 0;
  #idle: TimerHandle | null = null;

  constructor(options: WorkerClientOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** True once the worker has been given up on (or the platform has none). */
  get broken(): boolean {
    return this.#broken;
  }

  /** Start the worker if it is not running; false when there is none to be had. */
  start(): boolean {
    if (this.#worker) return true;
    if (this.#broken) return false;
    if (typeof Worker === 'undefined') {
      this.#broken = true;
      return false;
    }
    try {
      const worker = this.#options.create();
      worker.onmessage = (event: MessageEvent<A | WorkerFatal>) => {
        if (this.#worker === worker) this.#onMessage(event.data);
      };
      worker.onerror = (event) => {
        if (this.#worker === worker) this.fail(`the ${this.#options.name} worker failed`, event);
      };
      worker.onmessageerror = () => {
        if (this.#worker === worker) {
          this.fail(`the ${this.#options.name} worker sent an unreadable answer`, '');
        }
      };
      this.#worker = worker;
      this.#armIdle();
      return true;
    } catch (err) {
      this.fail(`could not start the ${this.#options.name} worker`, err);
      return false;
    }
  }

  /** Send a message that gets no answer. Nothing happens without a running worker. */
  post(message: R, transfer: Transferable[] = []): void {
    if (!this.#worker) return;
    try {
      this.#worker.postMessage(message, transfer);
    } catch (err) {
      this.fail(`could not post to the ${this.#options.name} worker`, err);
    }
  }

  /** Ask the worker; its answer, or null when it has none (the caller does the job itself). */
  ask(message: R, transfer: Transferable[] = []): Promise<A | null> {
    if (!this.start()) return Promise.resolve(null);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(
        () => this.fail(`the ${this.#options.name} worker did not answer`, ''),
        this.#options.timeoutMs,
      );
      this.#waiting.set(id, { resolve, timer });
      this.post({ ...message, id }, transfer);
    });
  }

  /** Someone needs the worker to keep its state: no idle stop until {@link release}. */
  hold(): void {
    this.#holders++;
    this.#disarmIdle();
  }

  /** The holder is done; the last one out starts the idle countdown. */
  release(): void {
    this.#holders = Math.max(0, this.#holders - 1);
    this.#armIdle();
  }

  /** Give the worker up for good: later work is done on this thread. */
  fail(why: string, err: unknown): void {
    if (this.#broken && !this.#worker) return;
    logger.warn(why, '- working on the main thread from now on', describeError(err));
    this.#broken = true;
    this.#stop();
    for (const { resolve, timer } of this.#waiting.values()) {
      this.#clock.clearTimeout(timer);
      resolve(null);
    }
    this.#waiting.clear();
    this.#options.onLost?.(why);
  }

  /** Stop the worker and use none again (the owner is shutting down). */
  close(): void {
    this.#broken = true;
    this.#stop();
    for (const { resolve, timer } of this.#waiting.values()) {
      this.#clock.clearTimeout(timer);
      resolve(null);
    }
    this.#waiting.clear();
  }

  #onMessage(data: A | WorkerFatal): void {
    if ('fatal' in data) return this.fail(`the ${this.#options.name} worker failed`, data.fatal);
    const waiting = this.#waiting.get(data.id);
    if (!waiting) return logger.warn(`unexpected answer from the ${this.#options.name} worker`);
    this.#waiting.delete(data.id);
    this.#clock.clearTimeout(waiting.timer);
    waiting.resolve(data);
  }

  #armIdle(): void {
    const idleMs = this.#options.idleMs;
    if (idleMs === undefined || this.#holders > 0 || !this.#worker || this.#idle !== null) return;
    this.#idle = this.#clock.setTimeout(() => {
      this.#idle = null;
      if (this.#holders > 0 || this.#waiting.size > 0) return;
      logger.debug(`stopping the idle ${this.#options.name} worker`);
      this.#worker?.terminate();
      this.#worker = null;
    }, idleMs);
  }

  #disarmIdle(): void {
    if (this.#idle !== null) this.#clock.clearTimeout(this.#idle);
    this.#idle = null;
  }

  #stop(): void {
    this.#disarmIdle();
    this.#worker?.terminate();
    this.#worker = null;
  }
}
