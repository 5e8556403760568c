import { describe, expect, it } from 'vitest';
import { chunksIn } from '../../db/filesRepo';
import { eventIdOf } from '../../lib/convId';
import { MemoryHub } from '../memory/MemoryHub';
import type { OutgoingFrame } from '../session/frames';
import { waitFor } from '../session/testing';
import { NoSpaceError } from './api';
import { STORE_BATCH_CHUNKS } from './constants';
import { fileFrames } from './frames';
import {
  fileRow,
  filePair,
  frameSpy,
  sha256Hex,
  testBytes,
  untilFile,
  untilState,
} from './testing';
import { fileTestHooks } from './testHooks';

const { warnings, cleanup } = fileTestHooks();

async function pair(hub = new MemoryHub(), autoDownload = () => true) {
  const made = await filePair(hub, { autoDownload });
  cleanup.push(
    () => made.a.stop(),
    () => made.b.stop(),
  );
  return { hub, ...made };
}

function quotaError(): Error {
  return Object.assign(new Error('disk full'), { name: 'QuotaExceededError' });
}

const TAG = 'BBBBBBBBBBBBBBBBBBBBBB';

describe('storage space', () => {
  it('[FILE-10] send refuses a file that cannot fit, before storing anything', async () => {
    const { a, conv } = await pair();
    a.space = { quota: 50_000_000, usage: 49_000_000 };
    const sending = a.files.send(conv, new Blob([testBytes(2_000_000, 41)]), 'big.bin');
    await expect(sending).rejects.toBeInstanceOf(NoSpaceError);
    await expect(sending).rejects.toMatchObject({ needed: 2_000_000, available: 1_000_000 });
    expect(await a.db.fileChunks.count()).toBe(0);
    expect(await a.db.events.count()).toBe(0);
  });

  it('[FILE-10] a quota error while preparing leaves nothing half-stored', async () => {
    const { a, conv } = await pair();
    const table = a.db.fileChunks;
    const bulkPut = table.bulkPut.bind(table);
    let calls = 0;
    table.bulkPut = ((...args: Parameters<typeof bulkPut>) =>
      ++calls >= 2 ? Promise.reject(quotaError()) : bulkPut(...args)) as typeof bulkPut;
    const sending = a.files.send(conv, new Blob([testBytes(2_500_000, 42)]), 'big.bin');
    await expect(sending).rejects.toBeInstanceOf(NoSpaceError);
    table.bulkPut = bulkPut;
    expect(await a.db.fileChunks.count()).toBe(0);
    expect(await a.db.fileHashes.count()).toBe(0);
    expect(await a.db.fileUploads.count()).toBe(0);
    expect(await a.db.files.count()).toBe(0);
    expect(await a.db.events.count()).toBe(0);
  });

  it('[FILE-10] a receiver without room waits as noSpace; accept tries again', async () => {
    const { a, b, conv } = await pair();
    b.space = { quota: 20_000_000, usage: 19_900_000 };
    await a.files.send(conv, new Blob([testBytes(300_000, 43)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'noSpace');
    b.space = {};
    await b.files.accept(id);
    await untilState(b, id, 'ready');
  });

  it('[FILE-10] a quota error mid-transfer keeps the stored prefix; accept resumes from it', async () => {
    const { a, b, conv } = await pair(new MemoryHub({ latencyMs: 2, bytesPerTick: 64 * 1024 }));
    const gets = frameSpy(a, 'FILE_GET');
    const table = b.db.fileChunks;
    const bulkPut = table.bulkPut.bind(table);
    let calls = 0;
    table.bulkPut = ((...args: Parameters<typeof bulkPut>) =>
      ++calls >= 2 ? Promise.reject(quotaError()) : bulkPut(...args)) as typeof bulkPut;
    const bytes = testBytes(2_000_000, 44);
    await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    const full = await untilState(b, id, 'noSpace', 10_000);
    table.bulkPut = bulkPut;
    expect(full.next).toBeGreaterThan(0);
    expect(full.next).toBeLessThan(full.count);
    // What was stored is still there, chunk for chunk (a row may hold a batch of chunks).
    const rows = await b.db.fileChunks.toArray();
    expect(rows.reduce((n, row) => n + chunksIn(row), 0)).toBe(full.next);
    await b.files.accept(id);
    await untilState(b, id, 'ready', 10_000);
    expect(gets[gets.length - 1]!.from).toBe(full.next);
    const blob = await b.files.open(id);
    expect(await sha256Hex(await blob!.arrayBuffer())).toBe(await sha256Hex(bytes));
  });
});

describe('storing in batches [FILE-9]', () => {
  it('stores STORE_BATCH_CHUNKS chunks per write at full speed, not one write per chunk', async () => {
    const { a, b, conv } = await pair();
    const bytes = testBytes(64 * 1024 * 40, 47);
    await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ready', 10_000);
    const rows = await b.db.fileChunks.orderBy('[key+index]').toArray();
    const sizes = rows.map((row) => chunksIn(row));
    expect(sizes.reduce((n, k) => n + k, 0)).toBe(40);
    // Every write but the file's last one waited for a full batch.
    for (const k of sizes.slice(0, -1)) expect(k).toBeGreaterThanOrEqual(STORE_BATCH_CHUNKS);
  });

  it('stores a short batch after STORE_IDLE_MS when the chunks trickle in', async () => {
    // About one 64 KiB chunk per 40 ms: a full batch would take over half a second.
    const hub = new MemoryHub({ latencyMs: 40, bytesPerTick: 64 * 1024 });
    const { a, b, conv } = await pair(hub);
    await a.files.send(conv, new Blob([testBytes(64 * 1024 * 24, 48)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    const early = await untilFile(b, id, (row) => row.next > 0, 10_000);
    expect(early.next).toBeLessThan(STORE_BATCH_CHUNKS);
    await untilState(b, id, 'ready', 20_000);
  });
});

describe('bad input', () => {
  it('[FILE-5] malformed frames, unknown ids, others’ files and out-of-range chunks are refused or dropped', async () => {
    const { a, b, conv } = await pair(new MemoryHub(), () => false);
    const noes = frameSpy(b, 'FILE_NO');
    await a.files.send(conv, new Blob([testBytes(200_000, 45)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ask');
    const session = b.engine.manager.session(a.id)!;
    const raw = (frame: Record<string, unknown>) => session.send(frame as unknown as OutgoingFrame);
    // Malformed: dropped without an answer.
    raw({ type: 'FILE_GET', v: 1, id: 'nope', ch: 'short', from: -1, manifest: 1 });
    raw({ type: 'FILE_FP', v: 1, ch: TAG, local: 'x', remote: 'y' });
    raw({ type: 'FILE_CANCEL', v: 1 });
    raw({ type: 'FILE_GET', v: 2, id, ch: TAG, from: 0, manifest: true });
    // Well-formed but refused.
    const others = eventIdOf(conv, b.id, 1);
    session.send(fileFrames.get(others, 'C'.repeat(22), 0, true));
    session.send(fileFrames.get(eventIdOf(conv, a.id, 99), 'D'.repeat(22), 0, true));
    session.send(fileFrames.get(id, 'E'.repeat(22), 4, false));
    session.send(fileFrames.get(id, 'F'.repeat(22), 1_000, false));
    // Stray answers and a cancel of someone else's file: dropped.
    session.send(fileFrames.fp('G'.repeat(22), { local: 'sha-256 AA', remote: 'sha-256 BB' }));
    session.send(fileFrames.no(id, 'H'.repeat(22), 'busy'));
    session.send(fileFrames.cancel(eventIdOf(conv, b.id, 7)));
    // A last request on the longest way to a refusal (no record, then the sends in
    // flight, then no record again): once it is answered, every frame before it was.
    const LAST = 'L'.repeat(22);
    session.send(fileFrames.get(eventIdOf(conv, a.id, 98), LAST, 0, true));
    const answered = () => noes.length >= 4 && noes.some((f) => f.ch === LAST);
    await waitFor(answered, 3000, 'the last refusal');
    expect(noes.map((f) => [f.ch, f.reason]).sort()).toEqual([
      ['C'.repeat(22), 'unknown'],
      ['D'.repeat(22), 'unknown'],
      ['F'.repeat(22), 'range'],
      [LAST, 'unknown'],
    ]);
    expect(
      warnings.filter((w) => w.includes('dropping a malformed')).length,
    ).toBeGreaterThanOrEqual(4);
    expect((await fileRow(a, id)).state).not.toBe('cancelled');
    // The request for chunk 4 was valid: its upload waits for a channel that never comes.
    // Nothing broke: the real transfer still works.
    await b.files.accept(id);
    await untilState(b, id, 'ready');
    await untilFile(a, id, (r) => r.acked === 200_000);
  });
});
