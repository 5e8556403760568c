import { describe, expect, it } from 'vitest';
import { eventIdOf } from '../../lib/convId';
import { MemoryHub } from '../memory/MemoryHub';
import { makeRawPeer, sleep, waitFor } from '../session/testing';
import type { Channel, ChannelMetadata } from '../transport';
import { FILE_LABEL } from './constants';
import type { FileEngineOptions } from './FileEngine';
import {
  fileRow,
  filePair,
  frameSpy,
  sha256Hex,
  TEST_TUNING,
  testBytes,
  untilFile,
  untilState,
} from './testing';
import { fileTestHooks } from './testHooks';

const { warnings, cleanup } = fileTestHooks();

async function pair(
  hub = new MemoryHub(),
  autoDownload = () => true,
  tuning: FileEngineOptions['tuning'] = TEST_TUNING,
) {
  const made = await filePair(hub, { autoDownload, tuning });
  cleanup.push(
    () => made.a.stop(),
    () => made.b.stop(),
  );
  return { hub, ...made };
}

function slowHub(): MemoryHub {
  return new MemoryHub({ latencyMs: 5, bytesPerTick: 32 * 1024 });
}

/** Resolves true when `channel` closed without ever opening (it was refused). */
async function refused(channel: Channel): Promise<boolean> {
  try {
    await channel.opened;
    await waitFor(() => channel.state === 'closed', 1000, 'channel closed');
  } catch {
    // opened rejected: refused before it opened
  }
  return channel.state === 'closed';
}

/** A well-formed channel tag nobody asked for. */
const STRAY_TAG = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('cancelling', () => {
  it('[FILE-6] the receiver cancels: both sides show it, the prefix stays, accept resumes it', async () => {
    const { a, b, conv } = await pair(slowHub());
    const gets = frameSpy(a, 'FILE_GET');
    const bytes = testBytes(4_000_000, 31);
    await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilFile(b, id, (r) => r.next >= 6, 10_000, 'six chunks');
    await b.files.cancel(id);
    const cancelled = await untilState(b, id, 'cancelled');
    expect(cancelled.cancelledBy).toBe('me');
    expect(await b.files.open(id)).toBeNull();
    await untilFile(a, id, (r) => r.state === 'cancelled' && r.cancelledBy === 'peer');
    // Wait for the last verified chunks to be stored, then read the prefix.
    await sleep(50);
    const kept = (await fileRow(b, id)).next;
    expect(kept).toBeGreaterThan(0);
    await b.files.accept(id);
    await untilState(b, id, 'ready', 15_000);
    expect(gets[gets.length - 1]!.from).toBe(kept);
    expect(await sha256Hex(await (await b.files.open(id))!.arrayBuffer())).toBe(
      await sha256Hex(bytes),
    );
    await untilState(a, id, 'ready');
  }, 30_000);

  it('[FILE-6] the sender cancels: the receiver is told and cannot fetch until the sender resumes', async () => {
    const { a, b, conv } = await pair(slowHub());
    const noes = frameSpy(b, 'FILE_NO');
    const bytes = testBytes(4_000_000, 32);
    await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilFile(b, id, (r) => r.next >= 6, 10_000, 'six chunks');
    await a.files.cancel(id);
    expect((await fileRow(a, id)).state).toBe('cancelled');
    // The sender's own copy stays whole and can still be opened.
    expect((await a.files.open(id))?.size).toBe(bytes.length);
    await untilFile(b, id, (r) => r.state === 'cancelled' && r.cancelledBy === 'peer');
    await b.files.accept(id);
    await waitFor(() => noes.some((f) => f.reason === 'cancelled'), 5000, 'FILE_NO cancelled');
    await untilState(b, id, 'cancelled');
    await a.files.accept(id);
    expect((await fileRow(a, id)).state).toBe('ready');
    await b.files.accept(id);
    await untilState(b, id, 'ready', 15_000);
  }, 30_000);

  it('[FILE-6] declining a file that asks first tells the sender', async () => {
    const { a, b, conv } = await pair(new MemoryHub(), () => false);
    await a.files.send(conv, new Blob([testBytes(100_000, 33)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await untilState(b, id, 'ask');
    await b.files.cancel(id);
    await untilFile(a, id, (r) => r.state === 'cancelled' && r.cancelledBy === 'peer');
    expect(await b.db.fileChunks.count()).toBe(0);
  });
});

describe('refusing file channels', () => {
  it('[FILE-2] a channel from a peer without an authenticated session is refused', async () => {
    const hub = new MemoryHub();
    const { a } = await pair(hub);
    const stranger = await makeRawPeer(hub);
    const channel = stranger.transport.connect(a.id, {
      label: FILE_LABEL,
      metadata: { ch: STRAY_TAG },
    });
    expect(await refused(channel)).toBe(true);
    expect(warnings.some((w) => w.includes('no authenticated session'))).toBe(true);
  });

  it('[FILE-2] a friend’s channel without a tag that could match a FILE_GET is refused', async () => {
    const { a, b } = await pair();
    // A well-formed tag may still see its request come: held, see early.test.ts [FILE-12].
    const metadatas: ChannelMetadata[] = [{}, { ch: 42 }, { ch: 'short' }];
    for (const metadata of metadatas) {
      const channel = b.transport.connect(a.id, { label: FILE_LABEL, metadata });
      expect(await refused(channel)).toBe(true);
    }
    expect(warnings.filter((w) => w.includes('no matching request')).length).toBe(3);
  });

  it('[FILE-4] a file channel without fingerprints is not used; the pull tries again later', async () => {
    const { hub, a, b, conv } = await pair();
    hub.setMissingFingerprints(true);
    await a.files.send(conv, new Blob([testBytes(200_000, 35)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await waitFor(() => warnings.some((w) => w.includes('no DTLS fingerprints')), 5000, 'refusal');
    expect((await fileRow(b, id)).next).toBe(0);
    hub.setMissingFingerprints(false);
    await untilState(b, id, 'ready', 10_000);
  });

  /** Retries slow enough that a test turns an attack off before they run out. */
  const slowRetryPair = () =>
    pair(new MemoryHub(), () => true, {
      ...TEST_TUNING,
      retry: { baseMs: 400, capMs: 800, minMs: 300 },
    });

  const refusals = () => warnings.filter((w) => w.includes('not bound to its session')).length;

  it('[FILE-4] a channel that once failed to bind is tried again by itself', async () => {
    const { hub, a, b, conv } = await slowRetryPair();
    hub.setMitm(true);
    await a.files.send(conv, new Blob([testBytes(200_000, 36)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await waitFor(() => refusals() > 0, 5000, 'refusal');
    hub.setMitm(false);
    // No accept, no Try again: the next pull binds and the file completes.
    await untilState(b, id, 'ready', 10_000);
  });

  it('[FILE-4] other retries before it do not use up the retries of an unbound channel', async () => {
    const { hub, a, b, conv } = await slowRetryPair();
    // Three pulls end without fingerprints (retried as always)…
    hub.setMissingFingerprints(true);
    await a.files.send(conv, new Blob([testBytes(200_000, 37)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    const missing = () => warnings.filter((w) => w.includes('no DTLS fingerprints')).length;
    await waitFor(() => missing() >= 6, 15_000, 'three pulls without fingerprints');
    // …then one channel does not bind: still retried, and the file completes.
    hub.setMissingFingerprints(false);
    hub.setMitm(true);
    await waitFor(() => refusals() > 0, 5000, 'refusal');
    hub.setMitm(false);
    await untilState(b, id, 'ready', 10_000);
  }, 30_000);

  it('[FILE-4] a file channel whose DTLS fingerprints do not mirror the session’s view is refused', async () => {
    const { hub, a, b, conv } = await pair();
    // The sessions are up and genuine; from now on signaling relays two DTLS sessions.
    hub.setMitm(true);
    await a.files.send(conv, new Blob([testBytes(300_000, 34)]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    const failed = await untilState(b, id, 'failed', 10_000);
    expect(failed).toMatchObject({ error: 'network', next: 0 });
    expect(await b.db.fileChunks.count()).toBe(0);
    expect(warnings.some((w) => w.includes('not bound to its session'))).toBe(true);
    hub.setMitm(false);
    await b.files.accept(id);
    await untilState(b, id, 'ready', 10_000);
  });
});
