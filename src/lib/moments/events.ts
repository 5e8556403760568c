/**
 * Moments events: entries of the per-author signed logs of a moments log (one per friend pair).
 * The envelope is a chat event's (conv, author, seq, lamport, ts, type, body, sig) signed over the
 * same canonical encoding, under a context of its own so that a moments event can never pass for
 * a chat event or the other way round. Pure; parsing never throws.
 * Spec: docs/protocol.md, Moments (MOM): [MOM-1]..[MOM-12].
 */
import { base64urlDecode } from '../base64url';
import { hasOnlyKeys, isCounter, isRecord, isText, type BodyRecord } from '../bodyShape';
import { canonicalJson, MAX_THUMB_CHARS, MIME_RE } from '../chatEvent';
import { SIGNATURE_BYTES, sign, verify } from '../identity';
import { isPeerId, type PeerId } from '../ids';
import { base64urlEncode } from '../base64url';
import {
  HISTORY_WINDOWS,
  MAX_COMMENT_CHARS,
  MAX_PICTURES,
  MAX_POST_TEXT_CHARS,
  MAX_VIDEO_MS,
  type HistoryWindow,
} from './limits';
import { isMomentsLogId, type MomentsLogId } from './logId';

/** [MOM-1] Domain separation of the moments event signature. */
export const MOMENT_SIGNING_CONTEXT = 'plume-moment/1\n';
/** [MOM-4] Longest thumbnail of a moments picture: nine must fit one frame with the text. */
export const MAX_MOMENT_THUMB_CHARS = 4_800;
/** [MOM-2] Largest canonical body, UTF-8 bytes: under the 64 KiB control-frame cap. */
export const MAX_MOMENT_BODY_BYTES = 56 * 1024;
/** [MOM-4] A post or comment id: 16..32 base32 characters, random, chosen by its writer. */
const LOCAL_ID_RE = /^[a-z2-7]{16,32}$/;
const HEX256_RE = /^[0-9a-f]{64}$/;
const THUMB_RE = /^data:image\/(?:jpeg|webp|png);base64,[A-Za-z0-9+/]+={0,2}$/;

/** [MOM-4] One picture or video of a post: what checks its bytes, and its thumbnail. */
export interface MediaRef {
  mime: string;
  size: number;
  sha256: string;
  thumb?: string;
  width?: number;
  height?: number;
  /** Milliseconds, for a video. */
  duration?: number;
}

/** A post, named by its author and the author's id for it. */
export interface PostRef {
  author: PeerId;
  id: string;
}
/** A comment, named by its writer and the writer's id for it. */
export interface CommentRef {
  author: PeerId;
  id: string;
}

/** [MOM-4] A post. Every copy (one per friend of the audience) carries the same body. */
export interface PostBody {
  id: string;
  text: string;
  media: MediaRef[];
  /** When posted, ms: copies sent later (a friend added after) keep it. */
  at: number;
}
/** [MOM-8] The author deletes a post: text, pictures and comments go. */
export interface DeletePostBody {
  post: string;
}
/** [MOM-5] Like (`on`) or unlike a post; written to the post's author. */
export interface LikeBody {
  post: PostRef;
  on: boolean;
}
/** [MOM-6] A comment, or a reply to one, on a post; written to the post's author. */
export interface CommentBody {
  post: PostRef;
  id: string;
  text: string;
  replyTo?: CommentRef;
}
/** [MOM-7] The post's author removes a comment from it. */
export interface RemoveCommentBody {
  post: string;
  comment: CommentRef;
}
/** [MOM-9] How far back friends see the author's posts. */
export interface WindowBody {
  window: HistoryWindow;
}
/** [MOM-10] The post's author passes a friend's signed like or comment on to another viewer. */
export interface ForwardBody {
  event: MomentEvent<'mom.like' | 'mom.comment'>;
  /** The writer's raw public key, base64url: it hashes to the writer's id. */
  pub: string;
}

export interface MomentBodies {
  'mom.post': PostBody;
  'mom.delete': DeletePostBody;
  'mom.like': LikeBody;
  'mom.comment': CommentBody;
  'mom.uncomment': RemoveCommentBody;
  'mom.window': WindowBody;
  'mom.fwd': ForwardBody;
}
export type MomentType = keyof MomentBodies;

/** The signed fields. */
export interface UnsignedMoment<T extends MomentType = MomentType> {
  conv: MomentsLogId;
  author: PeerId;
  seq: number;
  lamport: number;
  ts: number;
  type: T;
  body: MomentBodies[T];
}
/** [MOM-1] One moments event as stored and sent; `sig` is base64url Ed25519. */
export type MomentEvent<T extends MomentType = MomentType> = UnsignedMoment<T> & { sig: string };

function isLocalId(value: unknown): value is string {
  return typeof value === 'string' && LOCAL_ID_RE.test(value);
}
function isRef(value: unknown): value is PostRef {
  return (
    isRecord(value) &&
    hasOnlyKeys(value, ['author', 'id']) &&
    isPeerId(value.author) &&
    isLocalId(value.id)
  );
}
function isDimension(value: unknown): boolean {
  return value === undefined || (isCounter(value, 1) && value <= 100_000);
}

function isMediaRef(value: unknown): value is MediaRef {
  return (
    isRecord(value) &&
    hasOnlyKeys(value, ['mime', 'size', 'sha256'], ['thumb', 'width', 'height', 'duration']) &&
    typeof value.mime === 'string' &&
    value.mime.length <= 127 &&
    MIME_RE.test(value.mime) &&
    isCounter(value.size, 1) &&
    typeof value.sha256 === 'string' &&
    HEX256_RE.test(value.sha256) &&
    (value.thumb === undefined ||
      (typeof value.thumb === 'string' &&
        value.thumb.length <= Math.min(MAX_MOMENT_THUMB_CHARS, MAX_THUMB_CHARS) &&
        THUMB_RE.test(value.thumb))) &&
    isDimension(value.width) &&
    isDimension(value.height) &&
    (value.duration === undefined || (isCounter(value.duration, 0) && value.duration <= 86_400_000))
  );
}

/**
 * [MOM-4] Up to nine pictures, or exactly one video of at most MAX_VIDEO_MS, or nothing; never
 * a video beside pictures.
 */
export function isMediaList(value: unknown): value is MediaRef[] {
  if (!Array.isArray(value) || !value.every(isMediaRef)) return false;
  const media = value;
  const videos = media.filter((m) => m.mime.startsWith('video/'));
  if (videos.length === 0) return media.length <= MAX_PICTURES && media.every(isPicture);
  return media.length === 1 && (videos[0]!.duration ?? Infinity) <= MAX_VIDEO_MS;
}
function isPicture(media: MediaRef): boolean {
  return media.mime.startsWith('image/') && media.duration === undefined;
}

/** [MOM-2] One validator per type. */
const GUARDS: { readonly [T in MomentType]: (b: BodyRecord) => boolean } = {
  'mom.post': (b) =>
    hasOnlyKeys(b, ['id', 'text', 'media', 'at']) &&
    isLocalId(b.id) &&
    typeof b.text === 'string' &&
    (b.text === '' || isText(b.text, MAX_POST_TEXT_CHARS)) &&
    isMediaList(b.media) &&
    (b.text !== '' || b.media.length > 0) &&
    isCounter(b.at, 0),
  'mom.delete': (b) => hasOnlyKeys(b, ['post']) && isLocalId(b.post),
  'mom.like': (b) => hasOnlyKeys(b, ['post', 'on']) && isRef(b.post) && typeof b.on === 'boolean',
  'mom.comment': (b) =>
    hasOnlyKeys(b, ['post', 'id', 'text'], ['replyTo']) &&
    isRef(b.post) &&
    isLocalId(b.id) &&
    isText(b.text, MAX_COMMENT_CHARS) &&
    (b.replyTo === undefined || isRef(b.replyTo)),
  'mom.uncomment': (b) =>
    hasOnlyKeys(b, ['post', 'comment']) && isLocalId(b.post) && isRef(b.comment),
  'mom.window': (b) =>
    hasOnlyKeys(b, ['window']) && HISTORY_WINDOWS.includes(b.window as HistoryWindow),
  'mom.fwd': (b) =>
    hasOnlyKeys(b, ['event', 'pub']) &&
    typeof b.pub === 'string' &&
    b.pub.length === 43 &&
    parseInner(b.event) !== null,
};

function parseInner(value: unknown): MomentEvent<'mom.like' | 'mom.comment'> | null {
  const inner = parseMoment(value, false);
  if (typeof inner === 'string') return null;
  return inner.type === 'mom.like' || inner.type === 'mom.comment'
    ? (inner as MomentEvent<'mom.like' | 'mom.comment'>)
    : null;
}

/** True for a moments event type. */
export function isMomentType(value: unknown): value is MomentType {
  return typeof value === 'string' && Object.hasOwn(GUARDS, value);
}

/** Why a wire event is refused before its signature is checked. */
export type MomentShapeError = 'shape' | 'type' | 'body' | 'size';

/**
 * [MOM-2] Shape check of a moments event from the wire: fields, known type, valid body within
 * limits. A forwarded event may not itself be a forward. Returns the event (known fields only)
 * or the reason.
 */
export function parseMoment(value: unknown, outer = true): MomentEvent | MomentShapeError {
  if (!isRecord(value)) return 'shape';
  const e = value;
  if (
    !isMomentsLogId(e.conv) ||
    !isPeerId(e.author) ||
    !isCounter(e.seq, 1) ||
    !isCounter(e.lamport, 1) ||
    !isCounter(e.ts, 0) ||
    typeof e.sig !== 'string' ||
    e.sig.length > 128
  ) {
    return 'shape';
  }
  if (!isMomentType(e.type) || (!outer && e.type === 'mom.fwd')) return 'type';
  const body: unknown = e.body;
  if (!isRecord(body)) return 'body';
  if (new TextEncoder().encode(canonicalJson(body)).byteLength > MAX_MOMENT_BODY_BYTES) {
    return 'size';
  }
  if (!GUARDS[e.type](body)) return 'body';
  return {
    conv: e.conv,
    author: e.author,
    seq: e.seq,
    lamport: e.lamport,
    ts: e.ts,
    type: e.type,
    body: body as unknown as MomentBodies[MomentType],
    sig: e.sig,
  };
}

/** [MOM-1] The bytes the author signs. */
export function momentSigningBytes(event: UnsignedMoment): Uint8Array {
  const { conv, author, seq, lamport, ts, type, body } = event;
  const canonical = canonicalJson({ conv, author, seq, lamport, ts, type, body });
  return new TextEncoder().encode(MOMENT_SIGNING_CONTEXT + canonical);
}

/** Sign a moments event with the author's private key. */
export async function signMoment<T extends MomentType>(
  event: UnsignedMoment<T>,
  privateKey: CryptoKey,
): Promise<MomentEvent<T>> {
  const sig = await sign(privateKey, momentSigningBytes(event));
  return { ...event, sig: base64urlEncode(sig) };
}

/** Verify the signature with the author's raw key. Never throws. */
export async function verifyMoment(event: MomentEvent, authorPub: Uint8Array): Promise<boolean> {
  const sig = base64urlDecode(event.sig);
  if (!sig || sig.length !== SIGNATURE_BYTES) return false;
  return verify(authorPub, sig, momentSigningBytes(event));
}

/** Narrow an event to one type. */
export function isMomentOf<T extends MomentType>(
  event: MomentEvent,
  type: T,
): event is MomentEvent<T> {
  return event.type === type;
}

/** A post's key: `<author>:<id>`. */
export function postKeyOf(author: PeerId, id: string): string {
  return `${author}:${id}`;
}

/** The parts of a post or comment key, or null. */
export function parseRefKey(key: string): PostRef | null {
  const at = key.indexOf(':');
  const ref = { author: key.slice(0, at), id: key.slice(at + 1) };
  return at > 0 && isRef(ref) ? ref : null;
}
