import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventIdOf } from '../../lib/convId';
import type { EventId } from '../../lib/ids';
import { setLogFilter, setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import { fileRow, filePair, sha256Hex, testBytes, untilState, type FileInstall } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  // FDEBUG=1 prints the engine's log while a test runs.
  if (process.env.FDEBUG) setLogFilter(process.env.FDEBUG);
  cleanup.push(
    setLogSink((level, ns, args) => {
      if (process.env.FDEBUG && ns.startsWith('peers'))
        console.info(Date.now() % 100_000, level, ns, ...args);
    }),
  );
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function pair(hub = new MemoryHub(), autoDownload?: () => boolean) {
  const made = await filePair(hub, autoDownload ? { autoDownload } : {});
  cleanup.push(
    () => made.a.stop(),
    () => made.b.stop(),
  );
  return { hub, ...made };
}

/** SHA-256 of the file `install` opens (comparing hashes: toEqual on megabytes is slow). */
async function openedHash(install: FileInstall, id: EventId): Promise<string> {
  const blob = await install.files.open(id);
  if (!blob) throw new Error('not open');
  return sha256Hex(await blob.arrayBuffer());
}

describe('file transfer over the memory transport', () => {
  it('[FILE-8] a file arrives whole, its SHA-256 matches, and the sender sees it acknowledged', async () => {
    const { a, b, conv } = await pair();
    const bytes = testBytes(1_000_000, 7);
    const prepared: number[] = [];
    const body = await a.files.send(
      conv,
      new Blob([bytes], { type: 'application/pdf' }),
      'doc.pdf',
      undefined,
      (n) => prepared.push(n),
    );
    expect(body).toMatchObject({ name: 'doc.pdf', size: 1_000_000, mime: 'application/pdf' });
    expect(body.sha256).toBe(await sha256Hex(bytes));
    expect(prepared[prepared.length - 1]).toBe(1_000_000);
    const id = eventIdOf(conv, a.id, 1);
    // Not an image: the receiver is asked first.
    await untilState(b, id, 'ask');
    expect(await b.files.open(id)).toBeNull();
    await b.files.accept(id);
    await untilState(b, id, 'ready');
    expect(await openedHash(b, id)).toBe(body.sha256);
    expect((await b.files.open(id))?.size).toBe(bytes.length);
    expect((await fileRow(b, id)).next).toBe(16);
    // The sender's progress ends at every byte acknowledged.
    await waitFor(async () => (await a.files.progress(id))?.bytes === bytes.length);
    expect((await a.files.progress(id))?.state).toBe('ready');
    expect((await a.files.open(id))?.size).toBe(bytes.length);
    const states = b.progressLog.filter((p) => p.id === id).map((p) => p.state);
    expect(states).toContain('active');
    expect(states[states.length - 1]).toBe('ready');
    const bytesSeen = b.progressLog.filter((p) => p.id === id).map((p) => p.bytes);
    expect([...bytesSeen].sort((x, y) => x - y)).toEqual(bytesSeen);
  });

  it('[FILE-10] small images download by themselves; the event carries the thumbnail', async () => {
    const { a, b, conv } = await pair();
    const bytes = testBytes(200_000, 3);
    const thumb = 'data:image/jpeg;base64,AAAA';
    await a.files.send(conv, new Blob([bytes], { type: 'image/png' }), 'cat.png', {
      thumb,
      width: 640.4,
      height: 480,
    });
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ready');
    expect((await fileRow(b, id)).body).toMatchObject({ thumb, width: 640, height: 480 });
    expect(await openedHash(b, id)).toBe(await sha256Hex(bytes));
  });

  it('[FILE-10] a file sent while the receiver was offline transfers when it comes back', async () => {
    const { hub, a, b, conv } = await pair(new MemoryHub(), () => true);
    hub.setOffline(b.transport, true);
    hub.drop(a.id, b.id);
    await waitFor(() => !a.online(b.id));
    const bytes = testBytes(300_000, 11);
    await a.files.send(conv, new Blob([bytes]), 'later.bin');
    const id = eventIdOf(conv, a.id, 1);
    hub.setOffline(b.transport, false);
    await untilState(b, id, 'ready', 8000);
    expect(await openedHash(b, id)).toBe(await sha256Hex(bytes));
  });

  it('[FILE-10] at most two pulls per peer run at once; the rest wait their turn', async () => {
    const { hub, a, b, conv } = await pair(new MemoryHub(), () => true);
    // All four wait on B at once: B was offline while they were sent.
    hub.setOffline(b.transport, true);
    hub.drop(a.id, b.id);
    await waitFor(() => !a.online(b.id));
    const sizes = [400_000, 500_000, 600_000, 700_000];
    for (const [i, size] of sizes.entries()) {
      await a.files.send(conv, new Blob([testBytes(size, i + 1)]), `f${i}.bin`);
    }
    const ids = sizes.map((_, i) => eventIdOf(conv, a.id, i + 1));
    hub.setOffline(b.transport, false);
    let most = 0;
    await waitFor(
      async () => {
        const rows = await Promise.all(ids.map((id) => b.files.progress(id)));
        most = Math.max(most, rows.filter((r) => r?.state === 'active').length);
        return rows.every((r) => r?.state === 'ready');
      },
      15_000,
      'all ready',
    );
    expect(most).toBe(2);
    for (const [i, id] of ids.entries()) {
      expect(await openedHash(b, id)).toBe(await sha256Hex(testBytes(sizes[i]!, i + 1)));
    }
  }, 20_000);

  it('[FILE-11] usage counts stored bytes per chat; free deletes them and accept fetches again', async () => {
    const { a, b, conv } = await pair(new MemoryHub(), () => true);
    const bytes = testBytes(250_000, 5);
    await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ready');
    expect(await b.files.usage()).toEqual([{ conv, bytes: 250_000, files: 1 }]);
    expect(await b.files.free(conv)).toBe(250_000);
    expect((await b.files.progress(id))?.state).toBe('freed');
    expect(await b.files.open(id)).toBeNull();
    expect(await b.files.usage()).toEqual([]);
    expect(await b.db.fileChunks.count()).toBe(0);
    await b.files.accept(id);
    await untilState(b, id, 'ready');
    expect(await openedHash(b, id)).toBe(await sha256Hex(bytes));
  });

  it('[FILE-7] 256 KiB chunks travel in two pieces each and verify', async () => {
    const made = await filePair(new MemoryHub(), {
      autoDownload: () => true,
      tuning: { chunkSize: 256 * 1024, retry: { baseMs: 20, capMs: 80, minMs: 5 } },
    });
    cleanup.push(
      () => made.a.stop(),
      () => made.b.stop(),
    );
    const { a, b, conv } = made;
    const bytes = testBytes(700_000, 9);
    await a.files.send(conv, new Blob([bytes]), 'big-chunks.bin');
    const id = eventIdOf(conv, a.id, 1);
    const ready = await untilState(b, id, 'ready');
    expect(ready.body.chunkSize).toBe(256 * 1024);
    expect(await openedHash(b, id)).toBe(await sha256Hex(bytes));
  });

  it('[FILE-1] an empty file needs no transfer', async () => {
    const { a, b, conv } = await pair(new MemoryHub(), () => true);
    await a.files.send(conv, new Blob([]), 'empty.txt');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ready');
    expect((await b.files.open(id))?.size).toBe(0);
  });
});
