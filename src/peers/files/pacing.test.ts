/**
 * [FILE-9] How the sender feeds its channel: one message at a time (only into
 * an empty buffer) for the first GENTLE_START_BYTES of every upload, then up
 * to HIGH_WATER_BYTES buffered, resumed by 'drain' at LOW_WATER_BYTES. Driven
 * through a stand-in channel whose buffer the test empties by hand.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { FileRow } from '../../db/filesRepo';
import { Emitter } from '../../lib/emitter';
import type { EventId, PeerId } from '../../lib/ids';
import type { Session } from '../session/Session';
import type { Channel, ChannelData, ChannelEvents, ChannelFingerprints } from '../transport';
import {
  CHUNK_BYTES,
  FILE_PROTOCOL_VERSION,
  GENTLE_START_BYTES,
  HIGH_WATER_BYTES,
  LOW_WATER_BYTES,
} from './constants';
import { waitFor } from '../session/testing';
import { decodeDataFrame, FRAME_CHUNK } from './frames';
import { preparedFile, testBytes } from './testing';
import { Upload } from './Upload';

const CHUNK = CHUNK_BYTES;
const FPS: ChannelFingerprints = { local: 'sha-256 AA', remote: 'sha-256 BB' };

/** A channel that buffers everything sent until `drainTo` empties it. */
class StandInChannel {
  readonly events = new Emitter<ChannelEvents>();
  readonly id = 'c1';
  readonly peer = 'peer' as PeerId;
  readonly label = 'plume-file/1';
  readonly metadata = {};
  readonly outbound = false;
  readonly opened = Promise.resolve();
  state: Channel['state'] = 'open';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = -1;
  /** bufferedAmount just before each send, and the frame's size. */
  readonly writes: { before: number; bytes: number; threshold: number }[] = [];
  /** What each binary send carried (copied, as a real channel does) and the buffer it came in. */
  readonly frames: { copy: ArrayBuffer; buffer: ArrayBufferLike }[] = [];

  on<E extends keyof ChannelEvents>(event: E, listener: ChannelEvents[E]) {
    return this.events.on(event, listener);
  }
  send(data: ChannelData): void {
    const bytes = typeof data === 'string' ? data.length : data.byteLength;
    if (data instanceof Uint8Array)
      this.frames.push({ copy: data.slice().buffer, buffer: data.buffer });
    this.writes.push({
      before: this.bufferedAmount,
      bytes,
      threshold: this.bufferedAmountLowThreshold,
    });
    this.bufferedAmount += bytes;
  }
  fingerprints(): Promise<ChannelFingerprints | null> {
    return Promise.resolve(FPS);
  }
  close(): void {
    this.state = 'closed';
  }
  /** The wire took bytes: down to `to`, with 'drain' if that crosses the threshold. */
  drainTo(to: number): void {
    const crossed = this.bufferedAmount > this.bufferedAmountLowThreshold;
    this.bufferedAmount = to;
    if (crossed && to <= this.bufferedAmountLowThreshold) this.events.emit('drain');
  }
}

async function upload(bytes: number | Uint8Array<ArrayBuffer>, chunk = CHUNK) {
  const source = typeof bytes === 'number' ? new Uint8Array(bytes) : bytes;
  const { db, prepared, body } = await preparedFile(source, chunk);
  const row = {
    id: 'd:c:a:1' as EventId,
    peer: 'peer' as PeerId,
    key: prepared.key,
    body,
    count: prepared.count,
  } as FileRow;
  const session = { send: () => true } as unknown as Session;
  const up = new Upload(
    row,
    { type: 'FILE_GET', v: FILE_PROTOCOL_VERSION, id: row.id, ch: 't', from: 0, manifest: false },
    {
      db,
      session,
      env: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) },
      active: () => undefined,
      acked: () => undefined,
    },
  );
  const channel = new StandInChannel();
  up.attach(channel);
  up.onPeerFp({
    type: 'FILE_FP',
    v: FILE_PROTOCOL_VERSION,
    ch: 't',
    local: FPS.remote,
    remote: FPS.local,
  });
  return { up, channel };
}

describe('sender pacing [FILE-9]', () => {
  it('writes one frame at a time into an empty buffer first, then up to the high-water mark', async () => {
    const { up, channel } = await upload(GENTLE_START_BYTES + 8 * CHUNK);
    const written = () => channel.writes.reduce((n, w) => n + w.bytes, 0);
    await waitFor(() => channel.writes.length > 0, 5000, 'the first frame');
    // The gentle start: each drain to 0 lets exactly one frame in, into an empty buffer.
    while (written() < GENTLE_START_BYTES) {
      const before = channel.writes.length;
      expect(channel.bufferedAmount).toBeGreaterThan(0);
      channel.drainTo(0);
      await waitFor(() => channel.writes.length > before, 5000, 'a frame after drain');
      if (written() < GENTLE_START_BYTES) expect(channel.writes.length).toBe(before + 1);
    }
    // No second frame after any drain: it would have met a non-empty buffer, recorded here.
    let at = 0;
    for (const w of channel.writes) {
      if (at < GENTLE_START_BYTES) expect(w).toMatchObject({ before: 0, threshold: 0 });
      at += w.bytes;
    }
    // Then the usual marks: writes go on up to the high-water mark, and a drain to the
    // low-water mark fills it up again.
    expect(channel.bufferedAmountLowThreshold).toBe(LOW_WATER_BYTES);
    await waitFor(() => channel.bufferedAmount >= HIGH_WATER_BYTES, 5000, 'a full buffer');
    const before = channel.writes.length;
    channel.drainTo(LOW_WATER_BYTES);
    await waitFor(() => channel.bufferedAmount >= HIGH_WATER_BYTES, 5000, 'a full buffer again');
    const later = channel.writes.slice(before);
    expect(later.length).toBeGreaterThan(1);
    for (const w of later) expect(w.before).toBeLessThan(HIGH_WATER_BYTES);
    up.stop('test');
  });

  it('builds every frame in one buffer, which send() copies', async () => {
    const chunk = 1000;
    const source = testBytes(7 * chunk + 123);
    const { up, channel } = await upload(source, chunk);
    while (channel.frames.length < 8) {
      const before = channel.frames.length;
      await waitFor(() => channel.frames.length > before, 5000, `frame ${before}`);
      channel.drainTo(0);
    }
    // One allocation for the whole upload, not one per chunk…
    expect(new Set(channel.frames.map((f) => f.buffer)).size).toBe(1);
    // …and each frame as sent is still the right chunk.
    channel.frames.forEach(({ copy }, i) => {
      const frame = decodeDataFrame(copy);
      expect(frame).toMatchObject({ kind: FRAME_CHUNK, index: i, last: true });
      expect(frame!.payload).toEqual(source.subarray(i * chunk, (i + 1) * chunk));
    });
    up.stop('test');
  });
});
