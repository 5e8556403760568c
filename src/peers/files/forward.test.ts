import { afterEach, describe, expect, it } from 'vitest';
import { allChunks, deleteBytes } from '../../db/filesRepo';
import { eventIdOf } from '../../lib/convId';
import type { EventId } from '../../lib/ids';
import { MemoryHub } from '../memory/MemoryHub';
import { NotStoredError } from './api';
import { forwardedBody } from './forward';
import { fileRow, filePair, sha256Hex, testBytes, untilState, type FileInstall } from './testing';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function pair() {
  const made = await filePair(new MemoryHub());
  cleanup.push(
    () => made.a.stop(),
    () => made.b.stop(),
  );
  return made;
}

async function openedHash(install: FileInstall, id: EventId): Promise<string> {
  const blob = await install.files.open(id);
  if (!blob) throw new Error('not open');
  return sha256Hex(await blob.arrayBuffer());
}

describe('forwarding a stored file [CHAT-FWD-4]', () => {
  it('[CHAT-FWD-3] the forwarded body keeps the file fields and drops the quote', () => {
    const original = {
      name: 'a.png',
      size: 1,
      mime: 'image/png',
      sha256: 'a'.repeat(64),
      chunkSize: 65_536,
      chunks: 'b'.repeat(64),
      width: 4,
      replyTo: 'd:x:y:1' as EventId,
      forwarded: true as const,
      forwardedFrom: 'Old',
    };
    const { replyTo: _q, forwarded: _f, forwardedFrom: _n, ...file } = original;
    expect(forwardedBody(original, { forwarded: true })).toEqual({ ...file, forwarded: true });
    expect(forwardedBody(original, { forwarded: true, forwardedFrom: 'Ann' })).toEqual({
      ...file,
      forwarded: true,
      forwardedFrom: 'Ann',
    });
  });

  it('a received file goes back out from storage: same hashes, the peer gets the same bytes', async () => {
    const { a, b, conv } = await pair();
    const bytes = testBytes(300_000, 5);
    const body = await a.files.send(conv, new Blob([bytes], { type: 'image/png' }), 'cat.png');
    const first = eventIdOf(conv, a.id, 1);
    await untilState(b, first, 'ready');
    const received = await fileRow(b, first);
    // A receiver stores batches: rows of several chunks, which forwarding cuts back to one each.
    expect((await allChunks(b.db, received.key)).length).toBeLessThan(received.count);

    const sent = await b.files.forward(conv, first, { forwarded: true, forwardedFrom: 'Ann' });
    expect(sent).toMatchObject({
      sha256: body.sha256,
      chunks: body.chunks,
      forwarded: true,
      forwardedFrom: 'Ann',
    });
    const copy = eventIdOf(conv, b.id, 1);
    const row = await fileRow(b, copy);
    expect(row).toMatchObject({ direction: 'send', state: 'ready', manifest: true });
    expect(row.key).not.toBe(received.key);
    expect((await allChunks(b.db, row.key)).length).toBe(row.count);

    await untilState(a, copy, 'ready');
    expect(await openedHash(a, copy)).toBe(body.sha256);
    // The copy is its own: deleting the original's bytes leaves it whole.
    await deleteBytes(b.db, received.key);
    expect(await openedHash(b, copy)).toBe(body.sha256);
  });

  it('a file whose bytes are not all here is refused, and nothing is left behind', async () => {
    const { a, b, conv } = await pair();
    await a.files.send(conv, new Blob([testBytes(200_000, 2)]), 'doc.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ask');
    await expect(b.files.forward(conv, id, { forwarded: true })).rejects.toBeInstanceOf(
      NotStoredError,
    );
    expect(await b.db.fileUploads.count()).toBe(0);
  });
});
