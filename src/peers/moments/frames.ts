/**
 * Moments frames on a friend's session (JSON control frames, `v` 1): the HAVE/EVENTS exchange
 * of the pair's moments log, shaped as chat sync's ([SYNC-1], [SYNC-2]) with types of their own
 * so chat sync never sees a moments log, and the pull of a picture's bytes. Parsing never
 * throws; a frame that fails its guard is dropped. Spec: docs/protocol.md [MOM-13], [MOM-17].
 */
import { isMomentsLogId, type MomentsLogId } from '../../lib/moments/logId';
import { SESSION_PROTOCOL_VERSION } from '../session/constants';
import type { ControlFrame } from '../session/frames';
import { MAX_EVENTS_PER_BATCH } from '../sync/constants';
import { isVersionVector, type VersionVector } from '../sync/frames';
import { MAX_PICTURES } from '../../lib/moments/limits';

type V = typeof SESSION_PROTOCOL_VERSION;
const v = SESSION_PROTOCOL_VERSION;

/** [MOM-17] Bytes of a picture in one MOM_PART (base64 keeps it under the 64 KiB frame cap). */
export const PART_BYTES = 45_000;
const KEY_RE = /^[a-z2-7]{32}:[a-z2-7]{16,32}$/;

/** [MOM-13] What the sender holds of the pair's moments log. */
export interface MomHaveFrame {
  type: 'MOM_HAVE';
  v: V;
  log: MomentsLogId;
  vv: VersionVector;
}
/** [MOM-13] Events of the pair's log the receiver lacks, per author in seq order. */
export interface MomEventsFrame {
  type: 'MOM_EVENTS';
  v: V;
  log: MomentsLogId;
  events: unknown[];
}
/** [MOM-17] Ask for a part of a picture's bytes, from `offset`. */
export interface MomPullFrame {
  type: 'MOM_PULL';
  v: V;
  post: string;
  index: number;
  offset: number;
}
/** [MOM-17] A part of a picture's bytes (`data` base64), or `data: null` when not served. */
export interface MomPartFrame {
  type: 'MOM_PART';
  v: V;
  post: string;
  index: number;
  offset: number;
  total: number;
  data: string | null;
}

export type MomFrame = MomHaveFrame | MomEventsFrame | MomPullFrame | MomPartFrame;

const TYPES = new Set(['MOM_HAVE', 'MOM_EVENTS', 'MOM_PULL', 'MOM_PART']);

/** True for the frame types this module owns. */
export function isMomType(type: string): boolean {
  return TYPES.has(type);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
function isMediaSlot(post: unknown, index: unknown): boolean {
  return typeof post === 'string' && KEY_RE.test(post) && isCount(index) && index < MAX_PICTURES;
}

/** A moments frame after validation, or null. */
export function parseMomFrame(frame: ControlFrame): MomFrame | null {
  if (frame.v !== v) return null;
  switch (frame.type) {
    case 'MOM_HAVE':
      return isMomentsLogId(frame.log) && isVersionVector(frame.vv)
        ? { type: 'MOM_HAVE', v, log: frame.log, vv: frame.vv }
        : null;
    case 'MOM_EVENTS':
      return isMomentsLogId(frame.log) &&
        Array.isArray(frame.events) &&
        frame.events.length > 0 &&
        frame.events.length <= MAX_EVENTS_PER_BATCH
        ? { type: 'MOM_EVENTS', v, log: frame.log, events: frame.events as unknown[] }
        : null;
    case 'MOM_PULL':
      return isMediaSlot(frame.post, frame.index) && isCount(frame.offset)
        ? {
            type: 'MOM_PULL',
            v,
            post: frame.post as string,
            index: frame.index as number,
            offset: frame.offset,
          }
        : null;
    case 'MOM_PART':
      return isMediaSlot(frame.post, frame.index) &&
        isCount(frame.offset) &&
        isCount(frame.total) &&
        (frame.data === null ||
          (typeof frame.data === 'string' && frame.data.length <= PART_BYTES * 2))
        ? {
            type: 'MOM_PART',
            v,
            post: frame.post as string,
            index: frame.index as number,
            offset: frame.offset,
            total: frame.total,
            data: frame.data,
          }
        : null;
    default:
      return null;
  }
}

export function momHave(log: MomentsLogId, vv: VersionVector): MomHaveFrame {
  return { type: 'MOM_HAVE', v, log, vv };
}
export function momEvents(log: MomentsLogId, events: unknown[]): MomEventsFrame {
  return { type: 'MOM_EVENTS', v, log, events };
}
export function momPull(post: string, index: number, offset: number): MomPullFrame {
  return { type: 'MOM_PULL', v, post, index, offset };
}
export function momPart(
  post: string,
  index: number,
  offset: number,
  total: number,
  data: string | null,
): MomPartFrame {
  return { type: 'MOM_PART', v, post, index, offset, total, data };
}
