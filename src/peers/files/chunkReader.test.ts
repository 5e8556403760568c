/**
 * The sender's read-ahead (ChunkReader): the right bytes for every chunk, in
 * whole IndexedDB batches while sliding, and from anywhere after a reset.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ChunkReader } from './ChunkReader';
import { READ_AHEAD_CHUNKS, READ_BATCH_CHUNKS } from './constants';
import { preparedFile, testBytes } from './testing';

const CHUNK = 1024;

async function reader(count: number) {
  const bytes = testBytes(count * CHUNK - 100, count);
  const { db, prepared, body } = await preparedFile(bytes, CHUNK);
  return { bytes, reader: new ChunkReader(db, prepared.key, body, prepared.count) };
}

function payloadOf(r: ChunkReader, index: number): Promise<Uint8Array> {
  return r.chunk(index);
}

describe('ChunkReader [FILE-7]', () => {
  it('serves every chunk in order with one IndexedDB request per batch', async () => {
    const count = 100;
    const { bytes, reader: r } = await reader(count);
    for (let i = 0; i < count; i++) {
      expect(await payloadOf(r, i)).toEqual(bytes.subarray(i * CHUNK, (i + 1) * CHUNK));
    }
    // Sliding by one chunk must not cost a request of one chunk each time.
    expect(r.reads).toBeLessThanOrEqual(Math.ceil(count / READ_BATCH_CHUNKS) + 1);
  });

  it('starts again anywhere after a reset (a FROM), and reads ahead from there', async () => {
    const count = 80;
    const { bytes, reader: r } = await reader(count);
    for (let i = 0; i < 10; i++) await payloadOf(r, i);
    r.reset();
    const before = r.reads;
    expect(await payloadOf(r, 3)).toEqual(bytes.subarray(3 * CHUNK, 4 * CHUNK));
    expect(r.reads - before).toBe(READ_AHEAD_CHUNKS / READ_BATCH_CHUNKS);
    for (let i = 4; i < count; i++) {
      expect(await payloadOf(r, i)).toEqual(bytes.subarray(i * CHUNK, (i + 1) * CHUNK));
    }
    await expect(r.chunk(count)).rejects.toThrow('out of range');
  });
});
