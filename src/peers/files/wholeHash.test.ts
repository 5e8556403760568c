/**
 * The whole-file hash in its worker (hash.worker.ts run on this thread behind
 * a stand-in Worker): chunks handed over, one Blob per cut, and what a failed
 * or silent worker means (the pull starts again from its stored prefix).
 */
import { createHash } from 'node:crypto';
import { createSHA256 } from 'hash-wasm';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { toHex } from './hashing';

type Listener = ((event: { data: unknown }) => void) | null;

/** Runs hash.worker.ts on this thread; messages cross on later tasks, as they would. */
class FakeWorker {
  static last: FakeWorker | null = null;
  onmessage: Listener = null;
  onerror: ((event: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  /** Messages past this many are swallowed (a worker that hangs). */
  deliver = Infinity;
  posted: unknown[] = [];

  constructor() {
    FakeWorker.last = this;
    const scope = globalThis as unknown as { postMessage: (m: unknown) => void };
    scope.postMessage = (reply) => setTimeout(() => this.onmessage?.({ data: reply }));
  }

  transferred: unknown[] = [];

  postMessage(message: unknown, transfer: unknown[] = []): void {
    this.posted.push(message);
    this.transferred.push(...transfer);
    if (this.posted.length > this.deliver) return;
    const scope = globalThis as unknown as { onmessage: Listener };
    setTimeout(() => scope.onmessage?.({ data: message }));
  }

  terminated = false;

  terminate(): void {
    this.terminated = true;
    this.deliver = 0;
  }
}

const chunks = [1, 2, 3, 4, 5].map((n) => new Uint8Array(1000 * n).fill(n));
const sha = (parts: Uint8Array[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

let warnings: string[] = [];
let unsink: () => void = () => undefined;
beforeEach(async () => {
  vi.resetModules();
  vi.stubGlobal('Worker', FakeWorker);
  warnings = [];
  // After resetModules: the log module wholeHash.ts will see.
  const { setLogSink } = await import('../../lib/log');
  unsink = setLogSink((level, _ns, args) => {
    if (level === 'warn') warnings.push(args.join(' '));
  });
  await import('./hash.worker');
});
afterEach(() => {
  unsink();
  vi.unstubAllGlobals();
  const scope = globalThis as unknown as { onmessage: unknown };
  scope.onmessage = null;
});

const text = async (blob: Blob): Promise<number[]> => [...new Uint8Array(await blob.arrayBuffer())];
const concat = (parts: Uint8Array[]): number[] => parts.flatMap((p) => [...p]);

it('[FILE-8] hashes in the worker, in order; a cut covers exactly the chunks before it', async () => {
  const { WholeHash } = await import('./wholeHash');
  const hash = new WholeHash(await createSHA256());
  expect(FakeWorker.last).not.toBeNull();
  const copies = chunks.map((c) => c.slice());
  hash.update(copies[0]!);
  hash.update(copies[1]!);
  const first = hash.cut();
  hash.update(copies[2]!);
  const { state, data } = await first;
  // The saved state resumes the hash after exactly the first two chunks…
  const resumed = await createSHA256();
  resumed.load(state);
  resumed.update(chunks[2]!);
  expect(toHex(resumed.digest('binary'))).toBe(sha(chunks.slice(0, 3)));
  // …and the Blob holds exactly those two chunks.
  expect(await text(data)).toEqual(concat(chunks.slice(0, 2)));
  // The next cut holds the chunk after them only.
  expect(await text((await hash.cut()).data)).toEqual(concat(chunks.slice(2, 3)));
  expect(await hash.digest()).toBe(sha(chunks.slice(0, 3)));
  expect(warnings).toEqual([]);
});

it('[FILE-8] chunks are handed to the worker, not copied', async () => {
  const { WholeHash } = await import('./wholeHash');
  const hash = new WholeHash(await createSHA256());
  const worker = FakeWorker.last!;
  const bytes = chunks[0]!.slice();
  hash.update(bytes);
  const update = worker.posted.find((m) => (m as { op: string }).op === 'update');
  // The very buffer went (a real worker gets it transferred, leaving ours empty).
  expect((update as { bytes: Uint8Array }).bytes).toBe(bytes);
  expect(worker.transferred).toContain(bytes.buffer);
});

it('[FILE-9] a resumed state is continued in the worker', async () => {
  const { WholeHash } = await import('./wholeHash');
  const start = await createSHA256();
  start.update(chunks[0]!);
  const hash = new WholeHash(start);
  hash.update(chunks[1]!.slice());
  expect(await hash.digest()).toBe(sha(chunks.slice(0, 2)));
});

it('[FILE-8] when the worker fails, what it held is reported lost and later files hash here', async () => {
  const { WholeHash, HashWorkerLostError } = await import('./wholeHash');
  const hash = new WholeHash(await createSHA256());
  const worker = FakeWorker.last!;
  hash.update(chunks[0]!.slice());
  expect((await hash.cut()).state).toBeInstanceOf(Uint8Array);
  // From here the worker hangs: nothing sent after this is hashed there.
  worker.deliver = worker.posted.length;
  hash.update(chunks[1]!.slice());
  const cut = hash.cut();
  worker.onerror?.({ message: 'boom' });
  // The pull learns that the chunks since its last stored batch are gone (it pulls them again).
  await expect(cut).rejects.toBeInstanceOf(HashWorkerLostError);
  await expect(hash.digest()).rejects.toBeInstanceOf(HashWorkerLostError);
  expect(
    warnings.some((w) => w.includes('the hash worker failed') && w.includes('on the main thread')),
  ).toBe(true);
  // A hash made after that (the retried pull, resumed from the stored state) runs here.
  const stored = await createSHA256();
  stored.update(chunks[0]!);
  const again = new WholeHash(stored);
  again.update(chunks[1]!.slice());
  const here = await again.cut();
  expect(await text(here.data)).toEqual(concat(chunks.slice(1, 2)));
  again.update(chunks[2]!.slice());
  expect(await again.digest()).toBe(sha(chunks.slice(0, 3)));
});

it('[FILE-8] a worker that does not answer is given up on; the cut rejects', async () => {
  vi.useFakeTimers();
  try {
    const { WholeHash, HashWorkerLostError } = await import('./wholeHash');
    const hash = new WholeHash(await createSHA256());
    FakeWorker.last!.deliver = 0;
    hash.update(chunks[0]!.slice());
    const cut = hash.cut();
    const settled = expect(cut).rejects.toBeInstanceOf(HashWorkerLostError);
    await vi.advanceTimersByTimeAsync(15_000);
    await settled;
  } finally {
    vi.useRealTimers();
  }
});

it('stops the worker once no file used it for a while, and starts a new one when needed', async () => {
  const { WholeHash, HASH_WORKER_IDLE_MS } = await import('./wholeHash');
  vi.useFakeTimers();
  try {
    const first = new WholeHash(await createSHA256());
    const worker = FakeWorker.last!;
    first.close();
    // A file within the idle time keeps the same worker, and it stays while that file hashes.
    vi.advanceTimersByTime(HASH_WORKER_IDLE_MS - 1);
    const second = new WholeHash(await createSHA256());
    expect(FakeWorker.last).toBe(worker);
    vi.advanceTimersByTime(2 * HASH_WORKER_IDLE_MS);
    expect(worker.terminated).toBe(false);
    second.close();
    vi.advanceTimersByTime(HASH_WORKER_IDLE_MS);
    expect(worker.terminated).toBe(true);
  } finally {
    vi.useRealTimers();
  }
  // The next file gets a fresh worker, which hashes as before.
  const worker = FakeWorker.last;
  const hash = new WholeHash(await createSHA256());
  expect(FakeWorker.last).not.toBe(worker);
  hash.update(chunks[0]!.slice());
  expect(await hash.digest()).toBe(sha([chunks[0]!]));
  expect(warnings).toEqual([]);
});
