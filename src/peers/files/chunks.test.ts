import { describe, expect, it } from 'vitest';
import { chunkCount, chunkLength, prefixBytes } from '../../lib/fileChunks';
import { digestSlot, pageCount, pageLength, pieceBounds } from './chunks';
import { DIGESTS_PER_PAGE, FRAME_HEADER_BYTES, MAX_PIECE_BYTES } from './constants';
import {
  decodeDataFrame,
  decodeFlow,
  encodeDataFrameInto,
  encodeFlow,
  fingerprintsMirror,
  FRAME_CHUNK,
  FRAME_MANIFEST,
  parseFileFrame,
  type Bytes,
  type DataFrame,
} from './frames';
import { Meter } from './meter';

const body = { size: 1_000_000, chunkSize: 65_536 };

/** A frame in a buffer of its own. */
function encodeDataFrame(
  kind: DataFrame['kind'],
  index: number,
  last: boolean,
  payload: Uint8Array,
): Bytes {
  return encodeDataFrameInto(
    new Uint8Array(FRAME_HEADER_BYTES + payload.byteLength),
    kind,
    index,
    last,
    payload,
  );
}

describe('chunk bookkeeping [FILE-1][FILE-7]', () => {
  it('[FILE-1] splits a file into ceil(size / chunkSize) chunks, the last one short', () => {
    expect(chunkCount(0, 65_536)).toBe(0);
    expect(chunkCount(1, 65_536)).toBe(1);
    expect(chunkCount(65_536, 65_536)).toBe(1);
    expect(chunkCount(65_537, 65_536)).toBe(2);
    expect(chunkCount(body.size, body.chunkSize)).toBe(16);
    expect(chunkLength(body, 0)).toBe(65_536);
    expect(chunkLength(body, 15)).toBe(1_000_000 - 15 * 65_536);
    expect(chunkLength(body, 16)).toBe(0);
    expect(chunkLength(body, -1)).toBe(0);
    expect(prefixBytes(body, 0)).toBe(0);
    expect(prefixBytes(body, 3)).toBe(3 * 65_536);
    expect(prefixBytes(body, 16)).toBe(1_000_000);
    expect(prefixBytes(body, 99)).toBe(1_000_000);
  });

  it('[FILE-7] manifest pages hold DIGESTS_PER_PAGE digests; the last one is short', () => {
    expect(pageCount(0)).toBe(0);
    expect(pageCount(1)).toBe(1);
    expect(pageCount(DIGESTS_PER_PAGE)).toBe(1);
    expect(pageCount(DIGESTS_PER_PAGE + 1)).toBe(2);
    expect(pageLength(DIGESTS_PER_PAGE + 3, 0)).toBe(DIGESTS_PER_PAGE * 32);
    expect(pageLength(DIGESTS_PER_PAGE + 3, 1)).toBe(3 * 32);
    expect(pageLength(DIGESTS_PER_PAGE + 3, 2)).toBe(0);
    expect(digestSlot(0)).toEqual({ page: 0, slot: 0 });
    expect(digestSlot(DIGESTS_PER_PAGE + 5)).toEqual({ page: 1, slot: 5 });
  });

  it('[FILE-7] a chunk larger than one frame is cut into pieces that cover it exactly', () => {
    expect(pieceBounds(0)).toEqual([[0, 0]]);
    expect(pieceBounds(196_608)).toEqual([[0, 196_608]]);
    const big = 256 * 1024;
    expect(pieceBounds(big)).toEqual([
      [0, MAX_PIECE_BYTES],
      [MAX_PIECE_BYTES, big],
    ]);
  });
});

describe('file frames [FILE-3..8]', () => {
  it('[FILE-7] binary frames round-trip and anything else is refused', () => {
    const payload = new Uint8Array([1, 2, 3]);
    const frame = encodeDataFrame(FRAME_CHUNK, 70_000, true, payload);
    expect(frame.byteLength).toBe(11);
    expect(decodeDataFrame(frame.buffer)).toMatchObject({
      kind: FRAME_CHUNK,
      index: 70_000,
      last: true,
    });
    expect([...decodeDataFrame(frame.buffer)!.payload]).toEqual([1, 2, 3]);
    expect(decodeDataFrame(encodeDataFrame(FRAME_MANIFEST, 0, false, payload).buffer)?.last).toBe(
      false,
    );
    expect(decodeDataFrame(new ArrayBuffer(7))).toBeNull();
    const bad = (patch: (b: Uint8Array) => void) => {
      const copy = frame.slice();
      patch(copy);
      return decodeDataFrame(copy.buffer);
    };
    expect(bad((b) => (b[0] = 9))).toBeNull();
    expect(bad((b) => (b[1] = 2))).toBeNull();
    expect(bad((b) => (b[3] = 1))).toBeNull();
  });

  it('[FILE-8] ACK and FROM parse strictly', () => {
    expect(decodeFlow(encodeFlow('ACK', 5))).toEqual({ type: 'ACK', v: 1, next: 5 });
    expect(decodeFlow(encodeFlow('FROM', 0))).toEqual({ type: 'FROM', v: 1, next: 0 });
    for (const bad of [
      '{"type":"ACK","v":1,"next":-1}',
      '{"type":"ACK","v":2,"next":1}',
      '{"type":"NACK","v":1,"next":1}',
      '{"type":"ACK","v":1,"next":1.5}',
      'not json',
      `{"type":"ACK","v":1,"next":1,"pad":"${'x'.repeat(200)}"}`,
    ]) {
      expect(decodeFlow(bad)).toBeNull();
    }
    expect(decodeFlow(new ArrayBuffer(4))).toBeNull();
  });

  it('[FILE-3][FILE-5] control frames are checked field by field', () => {
    const id = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:1';
    const ch = 'A'.repeat(22);
    expect(parseFileFrame({ type: 'FILE_GET', v: 1, id, ch, from: 3, manifest: false })).toEqual({
      type: 'FILE_GET',
      v: 1,
      id,
      ch,
      from: 3,
      manifest: false,
    });
    expect(
      parseFileFrame({ type: 'FILE_GET', v: 1, id, ch: 'short', from: 3, manifest: false }),
    ).toBeNull();
    expect(
      parseFileFrame({ type: 'FILE_GET', v: 1, id, ch, from: 2 ** 32, manifest: false }),
    ).toBeNull();
    expect(
      parseFileFrame({ type: 'FILE_GET', v: 1, id: 'x', ch, from: 0, manifest: true }),
    ).toBeNull();
    expect(parseFileFrame({ type: 'FILE_NO', v: 1, id, ch, reason: 'whatever' })).toBeNull();
    expect(parseFileFrame({ type: 'FILE_NO', v: 1, id, ch, reason: 'busy' })).not.toBeNull();
    const fp = `sha-256 ${Array(32).fill('AB').join(':')}`;
    expect(parseFileFrame({ type: 'FILE_FP', v: 1, ch, local: fp, remote: fp })).not.toBeNull();
    expect(parseFileFrame({ type: 'FILE_FP', v: 1, ch, local: 'AB', remote: fp })).toBeNull();
    expect(parseFileFrame({ type: 'FILE_CANCEL', v: 1, id })).not.toBeNull();
    expect(parseFileFrame({ type: 'FILE_OTHER', v: 1, id })).toBeNull();
  });

  it('[FILE-4] fingerprints must mirror: their local is my remote and the other way round', () => {
    const mine = { local: 'sha-256 AA', remote: 'sha-256 BB' };
    expect(fingerprintsMirror(mine, { local: 'sha-256 BB', remote: 'sha-256 AA' })).toBe(true);
    expect(fingerprintsMirror(mine, { local: 'sha-256 BB', remote: 'sha-256 CC' })).toBe(false);
    expect(fingerprintsMirror(mine, { local: 'sha-256 AA', remote: 'sha-256 BB' })).toBe(false);
  });
});

describe('progress meter', () => {
  it('averages speed over its window, estimates time left, throttles events', () => {
    const meter = new Meter();
    expect(meter.speed(0)).toBe(0);
    expect(meter.eta(0, 100)).toBeNull();
    meter.add(0, 0);
    meter.add(1000, 1_000_000);
    meter.add(2000, 2_000_000);
    expect(meter.speed(2000)).toBe(1_000_000);
    expect(meter.eta(2000, 10_000_000)).toBe(8);
    meter.add(10_000, 2_000_000);
    // The window slid past the fast seconds: a stall shows as slow.
    expect(meter.speed(10_000)).toBeLessThan(1_000_000);
    expect(meter.due(0)).toBe(true);
    expect(meter.due(100)).toBe(false);
    expect(meter.due(300)).toBe(true);
  });
});
