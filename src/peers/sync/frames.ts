/**
 * Sync frames on the session channel (JSON control frames, `v` 1). Parsing
 * never throws; a frame that fails its guard is logged and dropped.
 * Spec: docs/protocol.md [SYNC-1..7].
 */
import { isConversationId } from '../../lib/convId';
import { isPeerId, type ConversationId } from '../../lib/ids';
import { SESSION_PROTOCOL_VERSION } from '../session/constants';
import type { ControlFrame } from '../session/frames';
import { MAX_EVENTS_PER_BATCH, MAX_VV_AUTHORS } from './constants';

type V = typeof SESSION_PROTOCOL_VERSION;
const v = SESSION_PROTOCOL_VERSION;

/** A version vector: author → highest contiguous seq held. */
export type VersionVector = Record<string, number>;

/**
 * [SYNC-1] What the sender holds. `ack` counts the EVENTS frames for `conv` it
 * received since it chose `epoch`, a random id of its sync state: a new epoch
 * tells the other side that state was lost, so it restarts its accounting.
 */
export interface HaveFrame {
  type: 'HAVE';
  v: V;
  conv: ConversationId;
  vv: VersionVector;
  ack: number;
  epoch: string;
}
/** [SYNC-2] Events the receiver lacks, per author in seq order. Each is checked on its own. */
export interface EventsFrame {
  type: 'EVENTS';
  v: V;
  conv: ConversationId;
  events: unknown[];
}
/** [SYNC-6] The sender has read `conv` up to this lamport. */
export interface ReadFrame {
  type: 'READ';
  v: V;
  conv: ConversationId;
  upto: number;
}
/** [SYNC-7] The sender is typing (ephemeral). */
export interface TypingFrame {
  type: 'TYPING';
  v: V;
  conv: ConversationId;
}

export type SyncFrame = HaveFrame | EventsFrame | ReadFrame | TypingFrame;

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Longest epoch id accepted. */
export const MAX_EPOCH_CHARS = 32;

function isEpoch(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_EPOCH_CHARS;
}

/** Validate a version vector. */
export function isVersionVector(value: unknown): value is VersionVector {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= MAX_VV_AUTHORS && entries.every(([k, n]) => isPeerId(k) && isCount(n));
}

/** A sync frame after validation, or null when `frame` is not one or is malformed. */
export function parseSyncFrame(frame: ControlFrame): SyncFrame | null {
  if (frame.v !== SESSION_PROTOCOL_VERSION || !isConversationId(frame.conv)) return null;
  const conv = frame.conv;
  switch (frame.type) {
    case 'HAVE':
      return isVersionVector(frame.vv) && isCount(frame.ack) && isEpoch(frame.epoch)
        ? { type: 'HAVE', v, conv, vv: frame.vv, ack: frame.ack, epoch: frame.epoch }
        : null;
    case 'EVENTS':
      return Array.isArray(frame.events) &&
        frame.events.length > 0 &&
        frame.events.length <= MAX_EVENTS_PER_BATCH
        ? { type: 'EVENTS', v, conv, events: frame.events as unknown[] }
        : null;
    case 'READ':
      return isCount(frame.upto) ? { type: 'READ', v, conv, upto: frame.upto } : null;
    case 'TYPING':
      return { type: 'TYPING', v, conv };
    default:
      return null;
  }
}

/** True for the frame types this module owns (others belong to friends, calls, …). */
export function isSyncType(type: string): boolean {
  return type === 'HAVE' || type === 'EVENTS' || type === 'READ' || type === 'TYPING';
}

/** Build HAVE. */
export function haveFrame(
  conv: ConversationId,
  vv: VersionVector,
  ack: number,
  epoch: string,
): HaveFrame {
  return { type: 'HAVE', v, conv, vv, ack, epoch };
}
/** Build EVENTS. */
export function eventsFrame(conv: ConversationId, events: unknown[]): EventsFrame {
  return { type: 'EVENTS', v, conv, events };
}
/** Build READ. */
export function readFrame(conv: ConversationId, upto: number): ReadFrame {
  return { type: 'READ', v, conv, upto };
}
/** Build TYPING. */
export function typingFrame(conv: ConversationId): TypingFrame {
  return { type: 'TYPING', v, conv };
}
