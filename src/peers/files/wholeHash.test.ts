/**
 * The whole-file hash in its worker (hash.worker.ts run on this thread behind
 * a stand-in Worker) and taken over here when the worker fails.
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

  postMessage(message: unknown): void {
    this.posted.push(message);
    if (this.posted.length > this.deliver) return;
    const scope = globalThis as unknown as { onmessage: Listener };
    setTimeout(() => scope.onmessage?.({ data: message }));
  }

  terminate(): void {
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

it('[FILE-8] hashes in the worker, in order; a save covers exactly the chunks before it', async () => {
  const { WholeHash } = await import('./wholeHash');
  const hash = new WholeHash(await createSHA256());
  expect(FakeWorker.last).not.toBeNull();
  hash.update(chunks[0]!);
  hash.update(chunks[1]!);
  const saved = hash.save();
  hash.update(chunks[2]!);
  const state = await saved;
  // The saved state resumes the hash after exactly the first two chunks.
  const resumed = await createSHA256();
  resumed.load(state);
  resumed.update(chunks[2]!);
  expect(toHex(resumed.digest('binary'))).toBe(sha(chunks.slice(0, 3)));
  // The chunks kept here are intact: the worker got copies.
  expect(chunks[0]!.byteLength).toBe(1000);
  expect(await hash.digest()).toBe(sha(chunks.slice(0, 3)));
  expect(warnings).toEqual([]);
});

it('[FILE-9] a resumed state is continued in the worker', async () => {
  const { WholeHash } = await import('./wholeHash');
  const start = await createSHA256();
  start.update(chunks[0]!);
  const hash = new WholeHash(start);
  hash.update(chunks[1]!);
  expect(await hash.digest()).toBe(sha(chunks.slice(0, 2)));
});

it('[FILE-8] when the worker fails, this thread takes over without losing a chunk', async () => {
  const { WholeHash } = await import('./wholeHash');
  const hash = new WholeHash(await createSHA256());
  const worker = FakeWorker.last!;
  hash.update(chunks[0]!);
  expect(await hash.save()).toBeInstanceOf(Uint8Array);
  // From here the worker hangs: nothing sent after this is hashed there.
  worker.deliver = worker.posted.length;
  hash.update(chunks[1]!);
  const saved = hash.save();
  hash.update(chunks[2]!);
  worker.onerror?.({ message: 'boom' });
  const resumed = await createSHA256();
  resumed.load(await saved);
  expect(toHex(resumed.digest('binary'))).toBe(sha(chunks.slice(0, 2)));
  hash.update(chunks[3]!);
  expect(await hash.digest()).toBe(sha(chunks.slice(0, 4)));
  expect(warnings.some((w) => w.includes('hashing on the main thread'))).toBe(true);
});
