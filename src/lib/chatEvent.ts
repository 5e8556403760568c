/**
 * Chat events: one entry of an author's signed append-only log in a
 * conversation (ARCHITECTURE.md, Data). The signature covers a canonical
 * encoding of every field but `sig`, so any relay can forward an event and
 * every receiver can check it against the author's pinned key.
 * Spec: docs/protocol.md [CHAT-3..8].
 */
import { base64urlDecode, base64urlEncode } from './base64url';
import { isConversationId, isEventId } from './convId';
import { SIGNATURE_BYTES, sign, verify } from './identity';
import { isPeerId, type ConversationId, type EventId, type PeerId } from './ids';

/** [CHAT-5] Text limit of one message, in Unicode code points. */
export const MAX_TEXT_CHARS = 4000;
/** [CHAT-5] Largest canonical body, UTF-8 bytes (4000 escaped code points fit). */
export const MAX_BODY_BYTES = 30_000;
/** [CHAT-5] Longest reaction, in code points (a ZWJ family emoji is about 11). */
export const MAX_EMOJI_CHARS = 16;
/** Largest lamport/seq/ts accepted: a safe integer. */
const MAX_COUNTER = Number.MAX_SAFE_INTEGER;
/** Domain separation of the event signature. [CHAT-4] */
export const EVENT_SIGNING_CONTEXT = 'plume-event/1\n';

/** A JSON value as event bodies hold it. */
export type BodyValue = string | number | boolean | null | BodyValue[] | { [k: string]: BodyValue };

/** [CHAT-6] A message. */
export interface TextBody {
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

/** Bodies of the known types; later issues add `file` and `call`. */
export interface EventBodies {
  text: TextBody;
  edit: EditBody;
  delete: DeleteBody;
  react: ReactBody;
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

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && codePoints(value) <= max;
}

type Record_ = Record<string, unknown>;

/** Keys must be exactly these (optional ones may be absent): no smuggled fields. */
function hasOnlyKeys(body: Record_, required: string[], optional: string[] = []): boolean {
  const keys = Object.keys(body);
  return (
    required.every((k) => k in body) &&
    keys.every((k) => required.includes(k) || optional.includes(k))
  );
}

/** [CHAT-6] One validator per type: adding a type without one fails the typecheck. */
const BODY_GUARDS: { readonly [T in EventType]: (b: Record_) => b is Record_ & EventBodies[T] } = {
  text: (b): b is Record_ & TextBody =>
    hasOnlyKeys(b, ['text'], ['replyTo']) &&
    isText(b.text, MAX_TEXT_CHARS) &&
    (b.replyTo === undefined || isEventId(b.replyTo)),
  edit: (b): b is Record_ & EditBody =>
    hasOnlyKeys(b, ['target', 'text']) && isEventId(b.target) && isText(b.text, MAX_TEXT_CHARS),
  delete: (b): b is Record_ & DeleteBody => hasOnlyKeys(b, ['target']) && isEventId(b.target),
  react: (b): b is Record_ & ReactBody =>
    hasOnlyKeys(b, ['target', 'emoji', 'on']) &&
    isEventId(b.target) &&
    isText(b.emoji, MAX_EMOJI_CHARS) &&
    typeof b.on === 'boolean',
};

/** True for a type this build understands. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(BODY_GUARDS, value);
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

function isCounter(value: unknown, min: number): value is number {
  return (
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= MAX_COUNTER
  );
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a wire event is refused before its signature is checked. */
export type EventShapeError = 'shape' | 'type' | 'body' | 'size';

/**
 * [CHAT-7] Shape check of an event from the wire: fields, known type, valid
 * body within limits. Returns the event (only its known fields) or the reason.
 */
export function parseWireEvent(value: unknown): ChatEvent | EventShapeError {
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
  if (!isEventType(e.type)) return 'type';
  const body: unknown = e.body;
  if (!isRecord(body)) return 'body';
  if (new TextEncoder().encode(canonicalJson(body)).byteLength > MAX_BODY_BYTES) return 'size';
  if (!BODY_GUARDS[e.type](body)) return 'body';
  return {
    conv: e.conv,
    author: e.author,
    seq: e.seq,
    lamport: e.lamport,
    ts: e.ts,
    type: e.type,
    body: body,
    sig: e.sig,
  };
}

/** Narrow an event to one type. */
export function isEventOf<T extends EventType>(event: ChatEvent, type: T): event is ChatEvent<T> {
  return event.type === type;
}

/** Count of code points (the unit of MAX_TEXT_CHARS). */
export function textLength(text: string): number {
  return codePoints(text);
}
