import { describe, expect, it } from 'vitest';
import type { FileBody } from '../lib/chatEvent';
import type { ConversationId, EventId, PeerId } from '../lib/ids';
import { PlumeDatabase } from './db';
import {
  allChunks,
  beginUpload,
  clearFile,
  deleteBytes,
  ensureFile,
  getFile,
  readChunks,
  getScanned,
  setScanned,
  staleUploads,
  storedBytes,
  storePrepared,
  storeReceived,
  type FileRow,
} from './filesRepo';

const conv = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa' as ConversationId;
const peer = 'b'.repeat(32) as PeerId;
const id = `${conv}:${peer}:1` as EventId;
const body: FileBody = {
  name: 'x.bin',
  size: 10,
  mime: 'application/octet-stream',
  sha256: '0'.repeat(64),
  chunkSize: 4,
  chunks: '0'.repeat(64),
};

function fresh(): PlumeDatabase {
  return new PlumeDatabase(`test-files-${crypto.randomUUID()}`);
}

function row(over: Partial<FileRow> = {}): FileRow {
  return {
    id,
    conv,
    peer,
    direction: 'receive',
    key: 'k1',
    body,
    count: 3,
    next: 0,
    hasher: null,
    manifest: true,
    state: 'active',
    error: null,
    cancelledBy: null,
    acked: 0,
    updatedAt: 1,
    ...over,
  };
}

const chunk = (index: number, text: string) => ({ key: 'k1', index, data: new Blob([text]) });

describe('files repository [FILE-9]', () => {
  it('stores received chunks only right after the stored prefix, with the hash state', async () => {
    const db = fresh();
    await ensureFile(db, row());
    const state = new Uint8Array([1, 2, 3]);
    const base = { id, key: 'k1', now: 2 };
    expect(
      await storeReceived(db, { ...base, from: 0, chunks: [chunk(0, 'abcd')], hasher: state }),
    ).toBe(true);
    // A batch that does not start at the prefix (a stale writer) changes nothing.
    expect(
      await storeReceived(db, { ...base, from: 0, chunks: [chunk(0, 'zzzz')], hasher: null }),
    ).toBe(false);
    expect(
      await storeReceived(db, { ...base, from: 1, chunks: [chunk(1, 'efgh')], hasher: state }),
    ).toBe(true);
    const stored = await getFile(db, id);
    expect(stored).toMatchObject({ next: 2, hasher: state });
    expect(storedBytes(stored!)).toBe(8);
    // A receiver's batch may hold several chunks in one row.
    const pair = { key: 'k1', index: 2, count: 2, data: new Blob(['ij', 'kl']) };
    expect(await storeReceived(db, { ...base, from: 2, chunks: [pair], hasher: state })).toBe(true);
    expect((await getFile(db, id))?.next).toBe(4);
    const texts = await Promise.all((await allChunks(db, 'k1')).map((r) => r.data.text()));
    expect(texts).toEqual(['abcd', 'efgh', 'ijkl']);
    // Freed meanwhile: nothing more is written.
    expect(await clearFile(db, id, (r) => (r.state = 'freed'))).toBe(10);
    expect(
      await storeReceived(db, { ...base, from: 0, chunks: [chunk(0, 'abcd')], hasher: null }),
    ).toBe(false);
    expect(await db.fileChunks.count()).toBe(0);
    expect(await getFile(db, id)).toMatchObject({ state: 'freed', next: 0, manifest: false });
    db.close();
  });

  it('[GFILE-2] reads chunks of a received copy out of its batches, and of a sender one per row', async () => {
    const db = fresh();
    const bytes = (from: number, to: number) =>
      new Blob([Uint8Array.from({ length: to - from }, (_, i) => from + i)]);
    // Received: chunks 0..1 in one batch, 2 in another (chunkSize 4, size 10).
    await db.fileChunks.bulkPut([
      { key: 'r', index: 0, count: 2, data: bytes(0, 8) },
      { key: 'r', index: 2, count: 1, data: bytes(8, 10) },
      { key: 's', index: 0, data: bytes(0, 4) },
      { key: 's', index: 1, data: bytes(4, 8) },
    ]);
    const text = async (blobs: (Blob | null)[]) =>
      Promise.all(blobs.map(async (b) => (b ? [...new Uint8Array(await b.arrayBuffer())] : null)));
    expect(await text(await readChunks(db, 'r', 1, 2, 4, 16))).toEqual([
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(await text(await readChunks(db, 's', 1, 2, 4, 16))).toEqual([[4, 5, 6, 7], null]);
  });

  it('keeps the first record of an event', async () => {
    const db = fresh();
    await ensureFile(db, row({ state: 'ask' }));
    const again = await ensureFile(db, row({ state: 'waiting', key: 'other' }));
    expect(again).toMatchObject({ state: 'ask', key: 'k1' });
    db.close();
  });

  it('finds prepares left by a closed tab and deletes everything under a key', async () => {
    const db = fresh();
    await beginUpload(db, 'old', 100);
    await storePrepared(db, 'old', [{ key: 'old', index: 0, data: new Blob(['x']) }], [], 100);
    await beginUpload(db, 'new', 5000);
    expect(await staleUploads(db, 1000)).toEqual(['old']);
    await deleteBytes(db, 'old');
    expect(await db.fileChunks.count()).toBe(0);
    expect(await staleUploads(db, 10_000)).toEqual(['new']);
    db.close();
  });

  it('the scan mark never goes back', async () => {
    const db = fresh();
    expect(await getScanned(db, conv, peer)).toBe(0);
    await setScanned(db, conv, peer, 5);
    await setScanned(db, conv, peer, 3);
    expect(await getScanned(db, conv, peer)).toBe(5);
    db.close();
  });
});
