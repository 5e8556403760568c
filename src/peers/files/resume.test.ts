import { describe, expect, it } from 'vitest';
import { eventIdOf } from '../../lib/convId';
import type { EventId } from '../../lib/ids';
import { getEvent } from '../../db/chatStore';
import { ensureFile } from '../../db/filesRepo';
import type { ChatEvent } from '../../lib/chatEvent';
import { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import { receiveRecord } from './records';
import { FILE_LABEL } from './constants';
import { FRAME_CHUNK, FRAME_MANIFEST } from './frames';
import {
  fileRow,
  filePair,
  frameSpy,
  sha256Hex,
  testBytes,
  untilFile,
  untilState,
  type FileInstall,
} from './testing';
import { fileTestHooks } from './testHooks';

const { warnings, cleanup } = fileTestHooks();

/** A slow network (a few MB/s), so a 4 MB file is still moving when the test interrupts it. */
function slowHub(): MemoryHub {
  return new MemoryHub({ latencyMs: 5, bytesPerTick: 32 * 1024 });
}

async function pair(hub: MemoryHub) {
  const made = await filePair(hub, { autoDownload: () => true });
  cleanup.push(
    () => made.a.stop(),
    () => made.b.stop(),
  );
  return { hub, ...made };
}

async function openedHash(install: FileInstall, id: EventId): Promise<string> {
  const blob = await install.files.open(id);
  if (!blob) throw new Error('not open');
  return sha256Hex(await blob.arrayBuffer());
}

const BIG = 4_000_000;

describe('resuming and integrity', () => {
  it('[FILE-9] after a disconnect the pull resumes at the first missing chunk', async () => {
    const { hub, a, b, conv } = await pair(slowHub());
    const gets = frameSpy(a, 'FILE_GET');
    const bytes = testBytes(BIG, 21);
    const body = await a.files.send(conv, new Blob([bytes]), 'big.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilFile(b, id, (r) => r.next >= 8, 10_000, 'eight chunks stored');
    hub.setOffline(b.transport, true);
    hub.drop(a.id, b.id);
    const paused = await untilState(b, id, 'waiting');
    expect(paused.next).toBeGreaterThan(0);
    expect(paused.next).toBeLessThan(paused.count);
    const before = gets.length;
    hub.setOffline(b.transport, false);
    await untilState(b, id, 'ready', 15_000);
    const resumed = gets.slice(before);
    expect(resumed.length).toBeGreaterThan(0);
    // Never from zero: from exactly the first chunk B did not hold, without the manifest.
    expect(resumed.map((g) => g.from)).toEqual(resumed.map(() => paused.next));
    expect(resumed.every((g) => g.manifest === false)).toBe(true);
    expect(await openedHash(b, id)).toBe(body.sha256);
  }, 30_000);

  it('[FILE-9] after the receiver engine restarts (tab reopened) the pull goes on from its prefix', async () => {
    const { a, b, conv } = await pair(slowHub());
    const gets = frameSpy(a, 'FILE_GET');
    const bytes = testBytes(BIG, 22);
    const body = await a.files.send(conv, new Blob([bytes]), 'big.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilFile(b, id, (r) => r.next >= 8, 10_000, 'eight chunks stored');
    b.stopFiles();
    const paused = await untilState(b, id, 'waiting');
    expect(paused.next).toBeGreaterThan(0);
    expect(paused.next).toBeLessThan(paused.count);
    // The hash state was stored with the prefix: nothing has to be read back.
    expect(paused.hasher).not.toBeNull();
    const before = gets.length;
    b.startFiles();
    await untilState(b, id, 'ready', 15_000);
    expect(gets.slice(before).map((g) => g.from)).toEqual([paused.next]);
    expect(await openedHash(b, id)).toBe(body.sha256);
  }, 30_000);

  it('[FILE-9] a hash state that cannot be loaded is rebuilt from the stored prefix, not from zero', async () => {
    const { a, b, conv } = await pair(slowHub());
    const gets = frameSpy(a, 'FILE_GET');
    const bytes = testBytes(BIG, 29);
    const body = await a.files.send(conv, new Blob([bytes]), 'big.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilFile(b, id, (r) => r.next >= 8, 10_000, 'eight chunks stored');
    b.stopFiles();
    const paused = await untilState(b, id, 'waiting');
    // As if another build of the hash library had saved it.
    await b.db.files.update(id, { hasher: new Uint8Array([1, 2, 3]) });
    const before = gets.length;
    b.startFiles();
    await untilState(b, id, 'ready', 15_000);
    expect(gets.slice(before).map((g) => g.from)).toEqual([paused.next]);
    expect(await openedHash(b, id)).toBe(body.sha256);
  }, 30_000);

  it('[FILE-9] after the sender engine restarts the receiver resumes from its prefix', async () => {
    const { a, b, conv } = await pair(slowHub());
    const gets = frameSpy(a, 'FILE_GET');
    // Larger than what the sender may have in flight, so its stop leaves chunks unsent.
    const bytes = testBytes(2 * BIG, 23);
    const body = await a.files.send(conv, new Blob([bytes]), 'big.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilFile(b, id, (r) => r.next >= 8, 10_000, 'eight chunks stored');
    a.stopFiles();
    const paused = await untilState(b, id, 'waiting');
    a.startFiles();
    await untilState(b, id, 'ready', 15_000);
    const later = gets.slice(1).map((g) => g.from as number);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((from) => from >= paused.next && from > 0)).toBe(true);
    expect(await openedHash(b, id)).toBe(body.sha256);
    expect((await fileRow(a, id)).state).toBe('ready');
  }, 30_000);

  it('[FILE-8] a corrupt chunk is dropped, asked for again (FROM) and the file verifies', async () => {
    const { hub, a, b, conv } = await pair(new MemoryHub());
    const froms: number[] = [];
    let flipped = 0;
    hub.setTamper((data, sender) => {
      if (sender.label !== FILE_LABEL) return data;
      if (typeof data === 'string') {
        const flow = JSON.parse(data) as { type: string; next: number };
        if (flow.type === 'FROM') froms.push(flow.next);
        return data;
      }
      const view = new DataView(data);
      if (flipped === 0 && view.getUint8(0) === FRAME_CHUNK && view.getUint32(4) === 5) {
        view.setUint8(100, view.getUint8(100) ^ 0xff);
        flipped++;
      }
      return data;
    });
    const bytes = testBytes(1_500_000, 24);
    const body = await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ready', 10_000);
    expect(flipped).toBe(1);
    expect(froms).toEqual([5]);
    expect(await openedHash(b, id)).toBe(body.sha256);
    expect(warnings.some((w) => w.includes('corrupt chunk 5'))).toBe(true);
  });

  it('[FILE-8] a malformed or oversized frame in place of a chunk is dropped and the chunk fetched again', async () => {
    const { hub, a, b, conv } = await pair(new MemoryHub());
    let replaced = 0;
    hub.setTamper((data, sender) => {
      if (sender.label !== FILE_LABEL || typeof data === 'string') return data;
      const view = new DataView(data);
      if (view.getUint8(0) !== FRAME_CHUNK) return data;
      const index = view.getUint32(4);
      if (index === 3 && replaced === 0) {
        replaced++;
        return new Uint8Array([2, 0, 0]).buffer;
      }
      if (index === 9 && replaced === 1) {
        replaced++;
        return new ArrayBuffer(300 * 1024);
      }
      return data;
    });
    const bytes = testBytes(1_000_000, 25);
    const body = await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ready', 10_000);
    expect(replaced).toBe(2);
    expect(await openedHash(b, id)).toBe(body.sha256);
  });

  it('[FILE-8] a chunk that is always corrupt fails the file with integrity; stored chunks stay', async () => {
    const { hub, a, b, conv } = await pair(new MemoryHub());
    hub.setTamper((data, sender) => {
      if (sender.label !== FILE_LABEL || typeof data === 'string') return data;
      const view = new DataView(data);
      if (view.getUint8(0) === FRAME_CHUNK && view.getUint32(4) === 4) view.setUint8(9, 0);
      return data;
    });
    await a.files.send(conv, new Blob([testBytes(600_000, 26)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    const failed = await untilState(b, id, 'failed', 10_000);
    expect(failed.error).toBe('integrity');
    expect(failed.next).toBe(4);
  });

  it('[FILE-7] a manifest that does not match the event fails with integrity', async () => {
    const { hub, a, b, conv } = await pair(new MemoryHub());
    hub.setTamper((data, sender) => {
      if (sender.label !== FILE_LABEL || typeof data === 'string') return data;
      const view = new DataView(data);
      if (view.getUint8(0) === FRAME_MANIFEST) view.setUint8(8, view.getUint8(8) ^ 1);
      return data;
    });
    await a.files.send(conv, new Blob([testBytes(300_000, 27)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    const failed = await untilState(b, id, 'failed', 10_000);
    expect(failed).toMatchObject({ error: 'integrity', next: 0, manifest: false });
    expect(await b.db.fileHashes.count()).toBe(0);
  });

  it('[FILE-8] a whole-file SHA-256 mismatch discards the bytes', async () => {
    const { a, b, conv } = await pair(new MemoryHub());
    b.stopFiles();
    await a.files.send(conv, new Blob([testBytes(300_000, 28)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await waitFor(async () => (await getEvent(b.db, conv, a.id, 1)) !== null);
    const event = (await getEvent(b.db, conv, a.id, 1)) as ChatEvent<'file'>;
    // B's record claims another hash, as a lying author's event would.
    const lying = { ...event, body: { ...event.body, sha256: 'f'.repeat(64) } };
    await ensureFile(b.db, receiveRecord(lying, 'test-key', true, Date.now()));
    b.startFiles();
    const failed = await untilState(b, id, 'failed', 10_000);
    expect(failed).toMatchObject({ error: 'integrity', next: 0 });
    expect(await b.db.fileChunks.count()).toBe(0);
  });
});
