/**
 * File frames. Control frames travel on the authenticated session (JSON, `v`
 * 1): FILE_GET, FILE_FP, FILE_NO, FILE_CANCEL. On the per-transfer channel the
 * sender writes binary frames (manifest pages, chunks) and the receiver text
 * frames (ACK, FROM). Parsing never throws; anything malformed is null, and
 * the caller logs and drops it. Spec: docs/protocol.md [FILE-3..8].
 */
import { isEventId } from '../../lib/convId';
import type { EventId } from '../../lib/ids';
import type { ControlFrame } from '../session/frames';
import type { Channel, ChannelFingerprints, ChannelMessage } from '../transport';
import { FILE_PROTOCOL_VERSION, FRAME_HEADER_BYTES } from './constants';

type V = typeof FILE_PROTOCOL_VERSION;
const v = FILE_PROTOCOL_VERSION;

/** [FILE-3] Receiver → sender: send file `id` from chunk `from` on the channel tagged `ch`. */
export interface FileGetFrame {
  type: 'FILE_GET';
  v: V;
  id: EventId;
  ch: string;
  from: number;
  /** The receiver has no verified manifest yet: send it first. */
  manifest: boolean;
}
/** [FILE-4] This side's DTLS fingerprints of the channel tagged `ch`. */
export interface FileFpFrame {
  type: 'FILE_FP';
  v: V;
  ch: string;
  local: string;
  remote: string;
}
/** [FILE-5] The sender refuses a FILE_GET (or ends the transfer on channel `ch`). */
export interface FileNoFrame {
  type: 'FILE_NO';
  v: V;
  id: EventId;
  ch: string;
  reason: FileNoReason;
}
/** [FILE-6] Either side cancels the transfer of `id`. */
export interface FileCancelFrame {
  type: 'FILE_CANCEL';
  v: V;
  id: EventId;
}

export type FileControlFrame = FileGetFrame | FileFpFrame | FileNoFrame | FileCancelFrame;

/** [FILE-5] Why a sender refuses. */
export type FileNoReason =
  'unknown' | 'missing' | 'cancelled' | 'busy' | 'range' | 'fingerprint' | 'timeout';
const NO_REASONS: readonly FileNoReason[] = [
  'unknown',
  'missing',
  'cancelled',
  'busy',
  'range',
  'fingerprint',
  'timeout',
];

/** [FILE-3] A channel tag: 16..43 base64url characters. */
const CH_RE = /^[A-Za-z0-9_-]{16,43}$/;
/** [FILE-4] `<algorithm> <HEX:HEX:…>` as ChannelFingerprints spells it. */
const FP_RE = /^[a-z0-9-]{1,16} [0-9A-F]{2}(?::[0-9A-F]{2}){15,63}$/;

/** True for a well-formed channel tag. */
export function isChannelTag(value: unknown): value is string {
  return typeof value === 'string' && CH_RE.test(value);
}

function isFp(value: unknown): value is string {
  return typeof value === 'string' && FP_RE.test(value);
}

function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) < 2 ** 32;
}

/** True for the type of a file control frame (the engine routes on it). */
export function isFileFrameType(type: string): boolean {
  return type.startsWith('FILE_');
}

/** A file control frame after validation, or null. */
export function parseFileFrame(frame: ControlFrame): FileControlFrame | null {
  if (frame.v !== FILE_PROTOCOL_VERSION) return null;
  switch (frame.type) {
    case 'FILE_GET':
      return isEventId(frame.id) &&
        isChannelTag(frame.ch) &&
        isIndex(frame.from) &&
        typeof frame.manifest === 'boolean'
        ? {
            type: 'FILE_GET',
            v,
            id: frame.id,
            ch: frame.ch,
            from: frame.from,
            manifest: frame.manifest,
          }
        : null;
    case 'FILE_FP':
      return isChannelTag(frame.ch) && isFp(frame.local) && isFp(frame.remote)
        ? { type: 'FILE_FP', v, ch: frame.ch, local: frame.local, remote: frame.remote }
        : null;
    case 'FILE_NO':
      return isEventId(frame.id) &&
        isChannelTag(frame.ch) &&
        NO_REASONS.includes(frame.reason as FileNoReason)
        ? { type: 'FILE_NO', v, id: frame.id, ch: frame.ch, reason: frame.reason as FileNoReason }
        : null;
    case 'FILE_CANCEL':
      return isEventId(frame.id) ? { type: 'FILE_CANCEL', v, id: frame.id } : null;
    default:
      return null;
  }
}

/** Builders, so the shapes live in one place. */
export const fileFrames = {
  get: (id: EventId, ch: string, from: number, manifest: boolean): FileGetFrame => ({
    type: 'FILE_GET',
    v,
    id,
    ch,
    from,
    manifest,
  }),
  fp: (ch: string, fps: ChannelFingerprints): FileFpFrame => ({
    type: 'FILE_FP',
    v,
    ch,
    local: fps.local,
    remote: fps.remote,
  }),
  no: (id: EventId, ch: string, reason: FileNoReason): FileNoFrame => ({
    type: 'FILE_NO',
    v,
    id,
    ch,
    reason,
  }),
  cancel: (id: EventId): FileCancelFrame => ({ type: 'FILE_CANCEL', v, id }),
};

/**
 * [FILE-4] True when `theirs` (the peer's view of the channel, received over
 * the authenticated session) mirrors `mine`: their local certificate is the
 * one my DTLS sees remotely and the other way round. Anything else means the
 * channel does not end at the session's peer (a relay sits in between).
 */
export function fingerprintsMirror(
  mine: ChannelFingerprints,
  theirs: Pick<FileFpFrame, 'local' | 'remote'>,
): boolean {
  return theirs.local === mine.remote && theirs.remote === mine.local;
}

/** Attempts at reading a channel's fingerprints, and the pause between them. */
const FINGERPRINT_TRIES = 4;
const FINGERPRINT_RETRY_MS = 100;

/**
 * A channel's DTLS fingerprints, asked for a few times: right after 'open' a
 * browser has been seen to report a description without them once in a while.
 * Null when they never come (the caller refuses the channel).
 */
export async function channelFingerprints(
  channel: Pick<Channel, 'fingerprints' | 'state'>,
  sleep: (ms: number) => Promise<void>,
): Promise<ChannelFingerprints | null> {
  for (let attempt = 1; ; attempt++) {
    const fps = await channel.fingerprints();
    if (fps || attempt >= FINGERPRINT_TRIES || channel.state === 'closed') return fps;
    await sleep(FINGERPRINT_RETRY_MS * attempt);
  }
}

// ---- binary frames on the file channel [FILE-7] ---------------------------------

/** Kinds of binary frames. */
export const FRAME_MANIFEST = 0x01;
export const FRAME_CHUNK = 0x02;
/** Flags: the last manifest page, or the last piece of a chunk. */
export const FLAG_LAST = 0x01;

/** Bytes backed by a plain ArrayBuffer (what Blob and channels accept). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** One decoded binary frame; `payload` is a view into the received buffer. */
export interface DataFrame {
  kind: typeof FRAME_MANIFEST | typeof FRAME_CHUNK;
  last: boolean;
  /** Page (manifest) or chunk index. */
  index: number;
  payload: Bytes;
}

/**
 * Build a binary frame (kind, flags, two zero bytes, u32 index big-endian,
 * payload) at the start of `out` (at least FRAME_HEADER_BYTES + the payload
 * long); returns the view of `out` that holds it. A sender reuses
 * one buffer for every frame, since a channel's send() takes a copy (it is
 * reused the moment send() returns): one allocation per transfer, not one per
 * chunk, which cost the sender's thread about a third of its time (bench:transfer).
 */
export function encodeDataFrameInto(
  out: Bytes,
  kind: DataFrame['kind'],
  index: number,
  last: boolean,
  payload: Uint8Array,
): Bytes {
  const length = FRAME_HEADER_BYTES + payload.byteLength;
  if (out.byteLength < length)
    throw new RangeError(`frame of ${length} bytes in ${out.byteLength}`);
  out[0] = kind;
  out[1] = last ? FLAG_LAST : 0;
  out[2] = 0;
  out[3] = 0;
  new DataView(out.buffer, out.byteOffset).setUint32(4, index);
  out.set(payload, FRAME_HEADER_BYTES);
  return out.subarray(0, length);
}

/** Parse a binary frame, or null: too short, unknown kind or flags, reserved bytes set. */
export function decodeDataFrame(data: ArrayBuffer): DataFrame | null {
  if (data.byteLength < FRAME_HEADER_BYTES) return null;
  const view = new DataView(data);
  const kind = view.getUint8(0);
  const flags = view.getUint8(1);
  if ((kind !== FRAME_MANIFEST && kind !== FRAME_CHUNK) || (flags & ~FLAG_LAST) !== 0) return null;
  if (view.getUint16(2) !== 0) return null;
  return {
    kind,
    last: flags === FLAG_LAST,
    index: view.getUint32(4),
    payload: new Uint8Array(data, FRAME_HEADER_BYTES),
  };
}

// ---- text frames on the file channel [FILE-8] ------------------------------------

/** Receiver → sender: chunks [0, next) are stored (ACK) or: send again from `next` (FROM). */
export interface FlowFrame {
  type: 'ACK' | 'FROM';
  v: V;
  next: number;
}

/** Largest text frame on a file channel. */
const MAX_FLOW_FRAME_CHARS = 128;

/** Encode an ACK or FROM. */
export function encodeFlow(type: FlowFrame['type'], next: number): string {
  return JSON.stringify({ type, v, next });
}

/** Parse an ACK or FROM, or null. */
export function decodeFlow(data: ChannelMessage): FlowFrame | null {
  if (typeof data !== 'string' || data.length > MAX_FLOW_FRAME_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const f = value as Record<string, unknown>;
  if ((f.type !== 'ACK' && f.type !== 'FROM') || f.v !== v || !isIndex(f.next)) return null;
  return { type: f.type, v, next: f.next };
}
