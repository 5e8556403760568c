/**
 * The shared worker client: answers matched by id, a silent or failing worker given up on (the
 * caller then works on this thread), and the idle stop, on a fake clock.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Clock, TimerHandle } from './clock';
import { setLogSink } from './log';
import { WorkerClient, type WorkerAnswer } from './workerClient';

type Request = { n: number };
type Answer = WorkerAnswer & { double: number };

/** A stand-in worker that answers when told to, in any order. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  posted: (Request & Partial<WorkerAnswer>)[] = [];
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: Request & Partial<WorkerAnswer>): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answer the request with id `id`. */
  answer(id: number): void {
    const asked = this.posted.find((m) => m.id === id)!;
    this.onmessage?.({ data: { id, double: asked.n * 2 } });
  }
}

/** Timers that run only when the test says so. */
function fakeClock(): Clock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    setTimeout: (run, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, run });
      return id as unknown as TimerHandle;
    },
    clearTimeout: (handle) => void timers.delete(handle as unknown as number),
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at > now) continue;
        timers.delete(id);
        timer.run();
      }
    },
    pending: () => timers.size,
  };
}

let warnings: string[] = [];
let unsink = () => undefined as void;
beforeEach(() => {
  FakeWorker.made = [];
  warnings = [];
  unsink = setLogSink((level, _ns, args) => {
    if (level === 'warn') warnings.push(args.join(' '));
  });
  vi.stubGlobal('Worker', FakeWorker);
});
afterEach(() => {
  unsink();
  vi.unstubAllGlobals();
});

const client = (clock: Clock, extra: { idleMs?: number; onLost?: (why: string) => void } = {}) =>
  new WorkerClient<Request, Answer>({
    name: 'test',
    create: () => new Worker('test.js'),
    timeoutMs: 1_000,
    clock,
    ...extra,
  });

it('matches answers to questions by id, whatever order they come in', async () => {
  const clock = fakeClock();
  const c = client(clock);
  const first = c.ask({ n: 1 });
  const second = c.ask({ n: 2 });
  const worker = FakeWorker.made[0]!;
  expect(worker.posted.map((m) => m.id)).toEqual([1, 2]);
  worker.answer(2);
  worker.answer(1);
  expect((await first)?.double).toBe(2);
  expect((await second)?.double).toBe(4);
  // Answered questions leave no timer behind.
  expect(clock.pending()).toBe(0);
  expect(FakeWorker.made).toHaveLength(1);
});

it('a worker that stays silent is given up on: asks answer null, later ones too', async () => {
  const clock = fakeClock();
  const lost: string[] = [];
  const c = client(clock, { onLost: (why) => lost.push(why) });
  const asked = c.ask({ n: 1 });
  clock.advance(999);
  expect(lost).toEqual([]);
  clock.advance(1);
  expect(await asked).toBeNull();
  expect(lost).toEqual(['the test worker did not answer']);
  expect(FakeWorker.made[0]!.terminated).toBe(true);
  expect(await c.ask({ n: 2 })).toBeNull();
  expect(c.start()).toBe(false);
  expect(FakeWorker.made).toHaveLength(1);
  expect(warnings.some((w) => w.includes('on the main thread'))).toBe(true);
});

it('a worker that says it cannot go on, or errors, is given up on', async () => {
  const clock = fakeClock();
  const fatal = client(clock);
  const pending = fatal.ask({ n: 1 });
  FakeWorker.made[0]!.onmessage?.({ data: { fatal: 'out of memory' } });
  expect(await pending).toBeNull();
  expect(fatal.broken).toBe(true);

  const failing = client(clock);
  const asked = failing.ask({ n: 1 });
  FakeWorker.made[1]!.onerror?.({ message: 'boom' });
  expect(await asked).toBeNull();
  expect(failing.broken).toBe(true);
  expect(clock.pending()).toBe(0);
});

it('without a Worker on the platform nothing starts and asks answer null', async () => {
  vi.stubGlobal('Worker', undefined);
  const c = client(fakeClock());
  expect(c.start()).toBe(false);
  expect(await c.ask({ n: 1 })).toBeNull();
});

it('stops the idle worker only when nobody holds it, and starts a fresh one on demand', () => {
  const clock = fakeClock();
  const c = client(clock, { idleMs: 60_000 });
  c.hold();
  c.start();
  const worker = FakeWorker.made[0]!;
  clock.advance(120_000);
  expect(worker.terminated).toBe(false);
  c.release();
  clock.advance(59_999);
  expect(worker.terminated).toBe(false);
  clock.advance(1);
  expect(worker.terminated).toBe(true);
  expect(c.broken).toBe(false);
  expect(c.start()).toBe(true);
  expect(FakeWorker.made).toHaveLength(2);
});
