/**
 * Call control frames on the authenticated session (JSON, `v` 1). Parsing
 * never throws; a frame that fails its guard is logged and dropped by the
 * engine. Spec: docs/protocol.md [CALL-1..9].
 */
import { CALL_ID_RE } from '../../lib/chatEvent';
import { isGroupId } from '../../lib/groupId';
import { isPeerId, type ConversationId, type PeerId } from '../../lib/ids';
import { MAX_GROUP_MEMBERS } from '../../lib/group/rules';
import { SESSION_PROTOCOL_VERSION } from '../session/constants';
import type { ControlFrame } from '../session/frames';
import { MAX_CALL_PEOPLE, type CallMedia } from './api';
import { MAX_LINK_ID_CHARS } from './constants';

type V = typeof SESSION_PROTOCOL_VERSION;
const v = SESSION_PROTOCOL_VERSION;

/**
 * [CALL-2] The sender rings the receiver into call `call`. `joined` are the
 * people already in the call (the sender first), `ringing` those being rung
 * (the receiver among them). Together at most MAX_CALL_PEOPLE, no repeats.
 * [GCALL-2] A group's call names the group: `joined` at most MAX_CALL_PEOPLE,
 * `ringing` any of its other members.
 */
export interface RingFrame {
  type: 'CALL_RING';
  v: V;
  call: string;
  media: CallMedia;
  joined: PeerId[];
  ringing: PeerId[];
  group?: ConversationId;
}
/** [CALL-4] The sender is in the call now (sent to every member with a session). */
export interface AcceptFrame {
  type: 'CALL_ACCEPT';
  v: V;
  call: string;
}
/** [CALL-5] The sender will not take the call. */
export interface DeclineFrame {
  type: 'CALL_DECLINE';
  v: V;
  call: string;
}
/** [CALL-3] The sender is in another call. */
export interface BusyFrame {
  type: 'CALL_BUSY';
  v: V;
  call: string;
}
/** [CALL-5] The ringer gave up ringing the receiver (hung up, or the ring timed out). */
export interface CancelFrame {
  type: 'CALL_CANCEL';
  v: V;
  call: string;
}
/** [CALL-6] The sender left the call (or is not in it). */
export interface LeaveFrame {
  type: 'CALL_LEAVE';
  v: V;
  call: string;
}
/** [GCALL-4] The sender counts MAX_CALL_PEOPLE in the call already: the receiver is not in. */
export interface FullFrame {
  type: 'CALL_FULL';
  v: V;
  call: string;
}
/** [CALL-9] What the sender's media is doing now. */
export interface StateFrame {
  type: 'CALL_STATE';
  v: V;
  call: string;
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
}
/**
 * [CALL-8] The DTLS fingerprints of media link `link` as the sender sees
 * them; the receiver's must mirror them.
 */
export interface FingerprintFrame {
  type: 'CALL_FP';
  v: V;
  call: string;
  link: string;
  local: string;
  remote: string;
}

export type CallFrame =
  | RingFrame
  | AcceptFrame
  | DeclineFrame
  | BusyFrame
  | CancelFrame
  | LeaveFrame
  | FullFrame
  | StateFrame
  | FingerprintFrame;

/** Frame types that carry nothing but the call id. */
export type BareCallType =
  'CALL_ACCEPT' | 'CALL_DECLINE' | 'CALL_BUSY' | 'CALL_CANCEL' | 'CALL_LEAVE' | 'CALL_FULL';
const BARE: ReadonlySet<string> = new Set<BareCallType>([
  'CALL_ACCEPT',
  'CALL_DECLINE',
  'CALL_BUSY',
  'CALL_CANCEL',
  'CALL_LEAVE',
  'CALL_FULL',
]);

/** [CALL-8] A fingerprint in the canonical form of [SES-4]. */
const FINGERPRINT_RE = /^sha-(?:256|384|512) [0-9A-F]{2}(?::[0-9A-F]{2}){31,63}$/;
const LINK_ID_RE = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_LINK_ID_CHARS}}$`);

/** True for the frame types this module owns. */
export function isCallType(type: string): boolean {
  return type.startsWith('CALL_');
}

/** [CALL-1] A well-formed call id. */
export function isCallId(value: unknown): value is string {
  return typeof value === 'string' && CALL_ID_RE.test(value);
}

function isPeerList(value: unknown, max: number): value is PeerId[] {
  return Array.isArray(value) && value.length >= 1 && value.length <= max && value.every(isPeerId);
}

function parseRing(frame: ControlFrame, call: string): RingFrame | null {
  const { media, joined, ringing, group } = frame;
  if (media !== 'audio' && media !== 'video') return null;
  if (group !== undefined && !isGroupId(group)) return null;
  // [GCALL-2] A group's call rings its members; the call itself stays within the mesh's cap.
  const most = group === undefined ? MAX_CALL_PEOPLE : MAX_GROUP_MEMBERS;
  if (!isPeerList(joined, MAX_CALL_PEOPLE) || !isPeerList(ringing, most)) return null;
  const all = [...joined, ...ringing];
  if (all.length > most || new Set(all).size !== all.length) return null;
  const ring: RingFrame = {
    type: 'CALL_RING',
    v,
    call,
    media,
    joined: [...joined],
    ringing: [...ringing],
  };
  if (group !== undefined) ring.group = group;
  return ring;
}

/** A call frame after validation, or null when `frame` is not one or is malformed. */
export function parseCallFrame(frame: ControlFrame): CallFrame | null {
  if (frame.v !== SESSION_PROTOCOL_VERSION || !isCallId(frame.call)) return null;
  const call = frame.call;
  if (BARE.has(frame.type)) return { type: frame.type as BareCallType, v, call };
  switch (frame.type) {
    case 'CALL_RING':
      return parseRing(frame, call);
    case 'CALL_STATE': {
      const { muted, cameraOff, sharing } = frame;
      if (typeof muted !== 'boolean' || typeof cameraOff !== 'boolean') return null;
      if (typeof sharing !== 'boolean') return null;
      return { type: 'CALL_STATE', v, call, muted, cameraOff, sharing };
    }
    case 'CALL_FP': {
      const { link, local, remote } = frame;
      if (typeof link !== 'string' || !LINK_ID_RE.test(link)) return null;
      if (typeof local !== 'string' || !FINGERPRINT_RE.test(local)) return null;
      if (typeof remote !== 'string' || !FINGERPRINT_RE.test(remote)) return null;
      return { type: 'CALL_FP', v, call, link, local, remote };
    }
    default:
      return null;
  }
}

/** Build CALL_RING ([GCALL-2]: naming the group of a group's call). */
export function ringFrame(
  call: string,
  media: CallMedia,
  joined: PeerId[],
  ringing: PeerId[],
  group: ConversationId | null = null,
): RingFrame {
  const ring: RingFrame = { type: 'CALL_RING', v, call, media, joined, ringing };
  if (group) ring.group = group;
  return ring;
}
/** Build one of the frames that carry only the call id. */
export function bareFrame<T extends BareCallType>(
  type: T,
  call: string,
): { type: T; v: V; call: string } {
  return { type, v, call };
}
/** Build CALL_STATE. */
export function stateFrame(
  call: string,
  state: { muted: boolean; cameraOff: boolean; sharing: boolean },
): StateFrame {
  const { muted, cameraOff, sharing } = state;
  return { type: 'CALL_STATE', v, call, muted, cameraOff, sharing };
}
/** Build CALL_FP. */
export function fingerprintFrame(
  call: string,
  link: string,
  fps: { local: string; remote: string },
): FingerprintFrame {
  return { type: 'CALL_FP', v, call, link, local: fps.local, remote: fps.remote };
}
