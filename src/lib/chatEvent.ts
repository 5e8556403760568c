/**
 * Chat events: one entry of an author's signed append-only log in a
 * conversation. The signature covers a canonical
 * encoding of every field but `sig`, so any relay can forward an event and
 * every receiver can check it against the author's pinned key.
 * Spec: docs/protocol.md [CHAT-3..8].
 */
import { base64urlDecode, base64urlEncode } from './base64url';
import { hasOnlyKeys, isCounter, isRecord, isText, type BodyRecord as Record_ } from './bodyShape';
import { isConversationId, isDirectId, isEventId } from './convId';
import type { GroupBodies, GroupEventType } from './group/bodies';
import { SIGNATURE_BYTES, sign, verify } from './identity';
import { isPeerId, type ConversationId, type EventId, type PeerId } from './ids';

/** [CHAT-5] Text limit of one message, in Unicode code points. */
export const MAX_TEXT_CHARS = 4000;
/** [CHAT-5] Largest canonical body, UTF-8 bytes (4000 escaped code points fit). */
export const MAX_BODY_BYTES = 30_000;
/** [CHAT-5] Longest reaction, in code points (a ZWJ family emoji is about 11). */
export const MAX_EMOJI_CHARS = 16;
/** Domain separation of the event signature. [CHAT-4] */
export const EVENT_SIGNING_CONTEXT = 'plume-event/1\n';

/** A JSON value as event bodies hold it. */
export type BodyValue = string | number | boolean | null | BodyValue[] | { [k: string]: BodyValue };

/** [CHAT-FWD-2] Longest original sender's name a forwarded message may carry, in code points. */
export const MAX_FORWARDED_FROM_CHARS = 64;

/**
 * [CHAT-FWD-1] Marks of a forwarded message: `forwarded` is present (always `true`) on a
 * message sent on from another chat; `forwardedFrom` names its original sender, only when the
 * forwarder chose to include the name.
 */
export interface ForwardMarks {
  forwarded?: true;
  forwardedFrom?: string;
}

/** [CHAT-6] A message. */
export interface TextBody extends ForwardMarks {
  text: string;
  replyTo?: EventId;
}
/** [CHAT-6] A new text for the author's own message. */
export interface EditBody {
  target: EventId;
  text: string;
}
/** [CHAT-6] Recall (delete for everyone) of the author's own message. */
export interface DeleteBody {
  target: EventId;
}
/** [CHAT-6] Set (`on`) or clear one reaction of the author on a message. */
export interface ReactBody {
  target: EventId;
  emoji: string;
  on: boolean;
}

/** [CHAT-13] Longest file name, in code points. */
export const MAX_FILE_NAME_CHARS = 255;
/** [CHAT-13] Longest MIME type. */
export const MAX_MIME_CHARS = 127;
/** [CHAT-13] Longest thumbnail data URL (a small JPEG or WebP, base64). */
export const MAX_THUMB_CHARS = 16_000;
/** [CHAT-13] Allowed chunk sizes (bytes), inclusive. */
export const MIN_CHUNK_BYTES = 64 * 1024;
export const MAX_CHUNK_BYTES = 256 * 1024;
/** [CHAT-13] Largest file: what a device might store (1 TiB); quota decides in practice. */
export const MAX_FILE_BYTES = 2 ** 40;

/**
 * [CHAT-13] A file (image, video, audio, voice message, anything). The bytes
 * travel separately (docs/protocol.md [FILE-*]); the event carries what
 * checks them: `sha256` of the whole file and `chunks`, the SHA-256 of the
 * concatenated 32-byte SHA-256 digests of every chunk in order (so each
 * chunk can be checked on arrival). All hashes lowercase hex.
 */
export interface FileBody extends ForwardMarks {
  name: string;
  size: number;
  mime: string;
  sha256: string;
  chunkSize: number;
  chunks: string;
  /** `data:image/jpeg;base64,…` or `data:image/webp;base64,…`, at most MAX_THUMB_CHARS. */
  thumb?: string;
  /** Pixel size of an image or video. */
  width?: number;
  height?: number;
  /** Length of audio or video, milliseconds. */
  duration?: number;
  /** Recorded in Plume as a voice message. */
  voice?: boolean;
  replyTo?: EventId;
}

/** [CHAT-14] How a call ended, as its entry in the chat records it. */
export type CallOutcome = 'completed' | 'missed' | 'declined' | 'busy' | 'cancelled' | 'failed';
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  'completed',
  'missed',
  'declined',
  'busy',
  'cancelled',
  'failed',
];
/** [GCALL-6] Most people a group call's entry names: the mesh's cap. */
const MAX_CALL_JOINED = 6;
/** [CHAT-14] Longest call, seconds (a week). */
export const MAX_CALL_SECONDS = 7 * 24 * 3600;

/**
 * [CHAT-14] A call's entry in the chat, written by the caller when the call
 * ends (one per call and conversation). `call` is the call id of the CALL_*
 * frames; `duration` is whole seconds (0 unless completed).
 */
export interface CallBody {
  call: string;
  media: 'audio' | 'video';
  outcome: CallOutcome;
  duration: number;
  /** Part of a group call. */
  group?: boolean;
  /** [GCALL-6] A group's call: everyone who was connected in it, the writer first. */
  joined?: PeerId[];
}

/** Bodies of the known types: chat types, and group control types ([GRP-2]). */
export interface EventBodies extends GroupBodies {
  text: TextBody;
  edit: EditBody;
  delete: DeleteBody;
  react: ReactBody;
  file: FileBody;
  call: CallBody;
}

/** Types that become a message in the chat (the others modify one). */
export type MessageEventType = 'text' | 'file' | 'call';
/** True for text, file and call events. */
export function isMessageType(type: EventType): type is MessageEventType {
  return type === 'text' || type === 'file' || type === 'call';
}
export type EventType = keyof EventBodies;

/** The signed fields. */
export interface UnsignedEvent<T extends EventType = EventType> {
  conv: ConversationId;
  author: PeerId;
  seq: number;
  lamport: number;
  ts: number;
  type: T;
  body: EventBodies[T];
}

/** [CHAT-3] One event as stored and sent: `sig` is base64url Ed25519. */
export type ChatEvent<T extends EventType = EventType> = UnsignedEvent<T> & { sig: string };

/** A shape check of one type's body. */
export type BodyGuard<T extends EventType> = (b: Record_) => b is Record_ & EventBodies[T];
/** The types every conversation knows: a direct chat's, which groups share. */
type ChatEventType = Exclude<EventType, GroupEventType>;
/** Shape checks of the group control types, which the group code brings ([GRP-3]). */
export type GroupBodyGuards = { readonly [T in GroupEventType]: BodyGuard<T> };

/**
 * [CHAT-6] One validator per chat type: adding a type without one fails the typecheck. The
 * group control types' validators live with the group code ([GRP-3]) and are passed in by
 * what checks a group's events, so a device that holds no group never loads them.
 */
const CHAT_BODY_GUARDS: { readonly [T in ChatEventType]: BodyGuard<T> } = {
  text: (b): b is Record_ & TextBody =>
    hasOnlyKeys(b, ['text'], ['replyTo', ...FORWARD_KEYS]) &&
    isText(b.text, MAX_TEXT_CHARS) &&
    (b.replyTo === undefined || isEventId(b.replyTo)) &&
    hasValidForwardMarks(b),
  edit: (b): b is Record_ & EditBody =>
    hasOnlyKeys(b, ['target', 'text']) && isEventId(b.target) && isText(b.text, MAX_TEXT_CHARS),
  delete: (b): b is Record_ & DeleteBody => hasOnlyKeys(b, ['target']) && isEventId(b.target),
  react: (b): b is Record_ & ReactBody =>
    hasOnlyKeys(b, ['target', 'emoji', 'on']) &&
    isEventId(b.target) &&
    isText(b.emoji, MAX_EMOJI_CHARS) &&
    typeof b.on === 'boolean',
  file: (b): b is Record_ & FileBody =>
    hasOnlyKeys(
      b,
      ['name', 'size', 'mime', 'sha256', 'chunkSize', 'chunks'],
      ['thumb', 'width', 'height', 'duration', 'voice', 'replyTo', ...FORWARD_KEYS],
    ) &&
    isFileName(b.name) &&
    isCounter(b.size, 0) &&
    b.size <= MAX_FILE_BYTES &&
    isMime(b.mime) &&
    isHex256(b.sha256) &&
    isHex256(b.chunks) &&
    isCounter(b.chunkSize, MIN_CHUNK_BYTES) &&
    b.chunkSize <= MAX_CHUNK_BYTES &&
    (b.thumb === undefined || isThumb(b.thumb)) &&
    (b.width === undefined || isDimension(b.width)) &&
    (b.height === undefined || isDimension(b.height)) &&
    (b.duration === undefined || isCounter(b.duration, 0)) &&
    (b.voice === undefined || typeof b.voice === 'boolean') &&
    (b.replyTo === undefined || isEventId(b.replyTo)) &&
    hasValidForwardMarks(b),
  call: (b): b is Record_ & CallBody =>
    hasOnlyKeys(b, ['call', 'media', 'outcome', 'duration'], ['group', 'joined']) &&
    typeof b.call === 'string' &&
    CALL_ID_RE.test(b.call) &&
    (b.media === 'audio' || b.media === 'video') &&
    CALL_OUTCOMES.includes(b.outcome as CallOutcome) &&
    isCounter(b.duration, 0) &&
    b.duration <= MAX_CALL_SECONDS &&
    (b.group === undefined || typeof b.group === 'boolean') &&
    (b.joined === undefined ||
      (Array.isArray(b.joined) && b.joined.length <= MAX_CALL_JOINED && b.joined.every(isPeerId))),
};

/** [CHAT-FWD-1] The optional keys of a forwarded text or file. */
const FORWARD_KEYS = ['forwarded', 'forwardedFrom'];

/**
 * [CHAT-FWD-1..3] `forwarded` is absent or exactly `true`; `forwardedFrom` only with it, a
 * name of 1..64 code points without control characters; a forwarded message quotes nothing.
 */
export function hasValidForwardMarks(b: Record_): boolean {
  if (b.forwarded === undefined) return b.forwardedFrom === undefined;
  return (
    b.forwarded === true &&
    b.replyTo === undefined &&
    (b.forwardedFrom === undefined || isForwardedFrom(b.forwardedFrom))
  );
}

function isForwardedFrom(value: unknown): value is string {
  return (
    isText(value, MAX_FORWARDED_FROM_CHARS) &&
    ![...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f')
  );
}

/** [CHAT-14] A call id: 16..43 base64url characters. */
export const CALL_ID_RE = /^[A-Za-z0-9_-]{16,43}$/;
const HEX256_RE = /^[0-9a-f]{64}$/;
/** [CHAT-13] A MIME type: type/subtype, lowercase, no parameters. */
export const MIME_RE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const THUMB_RE = /^data:image\/(?:jpeg|webp|png);base64,[A-Za-z0-9+/]+={0,2}$/;

function isHex256(value: unknown): value is string {
  return typeof value === 'string' && HEX256_RE.test(value);
}
function isMime(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_MIME_CHARS && MIME_RE.test(value);
}
function isThumb(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_THUMB_CHARS && THUMB_RE.test(value);
}
function isDimension(value: unknown): value is number {
  return isCounter(value, 1) && value <= 100_000;
}
/** [CHAT-13] A bare name: no path separators or control characters. */
function isFileName(value: unknown): value is string {
  return (
    isText(value, MAX_FILE_NAME_CHARS) &&
    ![...value].some(
      (ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 || ch === '\u007f',
    ) &&
    value !== '.' &&
    value !== '..'
  );
}

/** True for a chat type (text, edit, delete, react, file, call). */
export function isChatEventType(value: unknown): value is ChatEventType {
  return typeof value === 'string' && Object.hasOwn(CHAT_BODY_GUARDS, value);
}

/** Deterministic JSON: object keys sorted by code unit, no whitespace. [CHAT-4] */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record_;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** [CHAT-4] The bytes the author signs. */
export function signingBytes(event: UnsignedEvent): Uint8Array {
  const { conv, author, seq, lamport, ts, type, body } = event;
  const canonical = canonicalJson({ conv, author, seq, lamport, ts, type, body });
  return new TextEncoder().encode(EVENT_SIGNING_CONTEXT + canonical);
}

/** Sign an event with the author's private key. */
export async function signEvent<T extends EventType>(
  event: UnsignedEvent<T>,
  privateKey: CryptoKey,
): Promise<ChatEvent<T>> {
  const sig = await sign(privateKey, signingBytes(event));
  return { ...event, sig: base64urlEncode(sig) };
}

/** Verify with an imported key (import once per peer: sync checks thousands). Never throws. */
export async function verifyEventWithKey(event: ChatEvent, key: CryptoKey): Promise<boolean> {
  const sig = base64urlDecode(event.sig);
  if (!sig || sig.length !== SIGNATURE_BYTES) return false;
  try {
    const data = signingBytes(event) as BufferSource;
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, sig as BufferSource, data);
  } catch {
    return false;
  }
}

/** Verify the signature with the author's pinned raw key. Never throws. */
export async function verifyEvent(event: ChatEvent, authorPub: Uint8Array): Promise<boolean> {
  const sig = base64urlDecode(event.sig);
  if (!sig) return false;
  return verify(authorPub, sig, signingBytes(event));
}

/** Why a wire event is refused before its signature is checked. */
export type EventShapeError = 'shape' | 'type' | 'body' | 'size';

/**
 * [CHAT-7] Shape check of an event from the wire: fields, known type, valid
 * body within limits. Returns the event (only its known fields) or the reason.
 * Group control types are known only with `groupGuards`, and never in a direct chat ([GRP-2]).
 */
export function parseWireEvent(
  value: unknown,
  groupGuards?: GroupBodyGuards,
): ChatEvent | EventShapeError {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'shape';
  const e = value as Record_;
  if (
    !isConversationId(e.conv) ||
    !isPeerId(e.author) ||
    !isCounter(e.seq, 1) ||
    !isCounter(e.lamport, 1) ||
    !isCounter(e.ts, 0) ||
    typeof e.sig !== 'string' ||
    e.sig.length > 128
  ) {
    return 'shape';
  }
  const guard = guardOf(e.type, e.conv, groupGuards);
  if (!guard) return 'type';
  const body: unknown = e.body;
  if (!isRecord(body)) return 'body';
  if (new TextEncoder().encode(canonicalJson(body)).byteLength > MAX_BODY_BYTES) return 'size';
  if (!guard(body)) return 'body';
  return {
    conv: e.conv,
    author: e.author,
    seq: e.seq,
    lamport: e.lamport,
    ts: e.ts,
    type: e.type as EventType,
    body,
    sig: e.sig,
  };
}

/** The body check of `type`, or none for a type not known in `conv`. */
function guardOf(
  type: unknown,
  conv: ConversationId,
  groupGuards: GroupBodyGuards | undefined,
): BodyGuard<EventType> | null {
  if (isChatEventType(type)) return CHAT_BODY_GUARDS[type];
  // [GRP-2] Control types belong to groups: a direct conversation does not know them.
  if (!groupGuards || isDirectId(conv) || typeof type !== 'string') return null;
  return Object.hasOwn(groupGuards, type) ? groupGuards[type as GroupEventType] : null;
}

/** Narrow an event to one type. */
export function isEventOf<T extends EventType>(event: ChatEvent, type: T): event is ChatEvent<T> {
  return event.type === type;
}
