/**
 * Group control events: the bodies of the `group.*` event types, their limits and their shape
 * checks. They travel in the ordinary event envelope ([CHAT-3]) in the members' own logs, so
 * HAVE/EVENTS sync carries them unchanged. People are named `member`, never `target`: in an
 * event body `target` means an event id (edit, delete, react), and storage indexes it as one.
 * Spec: docs/protocol.md [GRP-2], [GRP-3].
 */
import { hasOnlyKeys, isCounter, isRecord, isText, type BodyRecord } from '../bodyShape';
import { isPeerId, type PeerId } from '../ids';
import { isReachText } from '../reach';

/** [GRP-3] Longest group name and group nickname, in code points. */
export const GROUP_NAME_MAX_CHARS = 64;
export const GROUP_NICKNAME_MAX_CHARS = 32;
/** [GRP-3] Longest announcement, in code points (CJK at 3 bytes each fits the body cap). */
export const GROUP_ANNOUNCEMENT_MAX_CHARS = 2000;
/** [GRP-3] Longest reason given with a join or an invitation that needs approval. */
export const GROUP_REASON_MAX_CHARS = 140;
/**
 * [GRP-3] Longest avatar data URL. With a full causal context (256 authors, about 13 KB) it
 * still fits the 30,000-byte body cap of [CHAT-5], as long as it travels in a meta of its own.
 */
export const GROUP_AVATAR_MAX_CHARS = 12_000;
/** [GRP-2] Most authors in a causal context (as a HAVE's version vector, [SYNC-1]). */
export const MAX_CONTEXT_AUTHORS = 256;

/** [GRP-2] The author's version vector of the group when writing: author → highest seq held. */
export type CausalContext = Record<string, number>;
/** A role someone holds. Ranks are strict: owner > admin > member ([GRP-7]). */
export type Role = 'owner' | 'admin' | 'member';
/** What the owner can appoint with `group.role`. */
export type AppointedRole = 'admin' | 'member';

interface Causal {
  ctx: CausalContext;
}
/** [GRP-3] Genesis: the creator's seq 1; proves the group id ([GRP-1]). */
export interface GroupCreateBody extends Causal {
  name: string;
  salt: string;
  /** The creator's raw public key, base64url: the id hashes it. */
  pub: string;
  avatar?: string;
  announcement?: string;
  approval?: boolean;
  reach?: string;
}
/** [GRP-3] A member adds someone (an invitation when approval is required). */
export interface GroupAddBody extends Causal {
  member: PeerId;
  pub: string;
  reach?: string;
  reason?: string;
}
/** [GRP-3] The link create event a join uses: the issuer's log position and the link id. */
export interface GroupLinkRef {
  by: PeerId;
  seq: number;
  id: string;
}
/** [GRP-3] Someone joins by a link; the author is the joiner and `pub` its key. */
export interface GroupJoinBody extends Causal {
  link: GroupLinkRef;
  pub: string;
  reach?: string;
  reason?: string;
}
/** [GRP-3] An admin or the owner removes a member; `seen` is the member's seq they had seen. */
export interface GroupRemoveBody extends Causal {
  member: PeerId;
  seen: number;
}
/** [GRP-3] The owner appoints or demotes an admin. */
export interface GroupRoleBody extends Causal {
  member: PeerId;
  role: AppointedRole;
}
/** [GRP-3] The owner hands the group to another member. */
export interface GroupTransferBody extends Causal {
  member: PeerId;
}
/** [GRP-3] Name, avatar, announcement and the approval setting; `null` clears. */
export interface GroupMetaBody extends Causal {
  name?: string;
  avatar?: string | null;
  announcement?: string | null;
  approval?: boolean;
}
/** [GRP-3] A join link (group code) is created or revoked. */
export type GroupLinkBody = Causal &
  ({ op: 'create'; id: string; expires: number } | { op: 'revoke'; id: string });
/** [GRP-3] The author's nickname in this group; `null` clears. */
export interface GroupNickBody extends Causal {
  nickname: string | null;
}
/** [GRP-3] The author's reach token for this group (rotated after a removal). */
export interface GroupReachBody extends Causal {
  token: string;
}
/** [GRP-3] Leave, and dissolve (owner only), carry only the context. */
export type GroupBareBody = Causal;

/** Bodies of the group control types. */
export interface GroupBodies {
  'group.create': GroupCreateBody;
  'group.add': GroupAddBody;
  'group.join': GroupJoinBody;
  'group.leave': GroupBareBody;
  'group.remove': GroupRemoveBody;
  'group.role': GroupRoleBody;
  'group.transfer': GroupTransferBody;
  'group.meta': GroupMetaBody;
  'group.link': GroupLinkBody;
  'group.nick': GroupNickBody;
  'group.reach': GroupReachBody;
  'group.dissolve': GroupBareBody;
}
export type GroupEventType = keyof GroupBodies;

/** [GRP-2] A causal context: at most 256 PeerIds, each with a seq of at least 1. */
export function isCausalContext(value: unknown): value is CausalContext {
  if (!isRecord(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_CONTEXT_AUTHORS &&
    entries.every(([k, n]) => isPeerId(k) && isCounter(n, 1))
  );
}

/**
 * Canonical unpadded base64url of 32 bytes (a raw Ed25519 key): 43 characters, the last one
 * carrying 4 bits and two zero bits. A pattern, not a decode: the fold checks many.
 */
const PUB_RE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
/** Canonical unpadded base64url of 16 bytes: 22 characters, the last with four zero bits. */
const RANDOM_ID_RE = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/** A raw Ed25519 public key (PUBLIC_KEY_BYTES) in canonical base64url. */
export function isPubText(value: unknown): value is string {
  return typeof value === 'string' && PUB_RE.test(value);
}

/** 16 random bytes (GROUP_RANDOM_BYTES, groupId.ts) in canonical base64url: a salt or a link id. */
export function isRandomId(value: unknown): value is string {
  return typeof value === 'string' && RANDOM_ID_RE.test(value);
}

/** One line of text: no control characters (names and nicknames). */
function isLine(value: unknown, max: number): value is string {
  return isText(value, max) && ![...value].some((ch) => ch < ' ' || ch === '\u007f');
}

const AVATAR_RE = /^data:image\/(?:webp|jpeg|png);base64,[A-Za-z0-9+/]+={0,2}$/;
function isAvatar(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= GROUP_AVATAR_MAX_CHARS && AVATAR_RE.test(value)
  );
}

const optional = (b: BodyRecord, key: string, check: (v: unknown) => boolean): boolean =>
  b[key] === undefined || check(b[key]);
const isReason = (v: unknown) => isText(v, GROUP_REASON_MAX_CHARS);
const isAnnouncement = (v: unknown) => isText(v, GROUP_ANNOUNCEMENT_MAX_CHARS);
const isBool = (v: unknown) => typeof v === 'boolean';

function isLinkRef(value: unknown): value is GroupLinkRef {
  return (
    isRecord(value) &&
    hasOnlyKeys(value, ['by', 'seq', 'id']) &&
    isPeerId(value.by) &&
    isCounter(value.seq, 1) &&
    isRandomId(value.id)
  );
}

type Guard<T> = (b: BodyRecord) => b is BodyRecord & T;
const ctxOk = (b: BodyRecord) => isCausalContext(b.ctx);

/** [GRP-3] One shape check per group type: a type without one fails the typecheck. */
export const GROUP_BODY_GUARDS: { readonly [T in GroupEventType]: Guard<GroupBodies[T]> } = {
  'group.create': (b): b is BodyRecord & GroupCreateBody =>
    hasOnlyKeys(
      b,
      ['ctx', 'name', 'salt', 'pub'],
      ['avatar', 'announcement', 'approval', 'reach'],
    ) &&
    ctxOk(b) &&
    isLine(b.name, GROUP_NAME_MAX_CHARS) &&
    isRandomId(b.salt) &&
    isPubText(b.pub) &&
    optional(b, 'avatar', isAvatar) &&
    optional(b, 'announcement', isAnnouncement) &&
    optional(b, 'approval', isBool) &&
    optional(b, 'reach', isReachText),
  'group.add': (b): b is BodyRecord & GroupAddBody =>
    hasOnlyKeys(b, ['ctx', 'member', 'pub'], ['reach', 'reason']) &&
    ctxOk(b) &&
    isPeerId(b.member) &&
    isPubText(b.pub) &&
    optional(b, 'reach', isReachText) &&
    optional(b, 'reason', isReason),
  'group.join': (b): b is BodyRecord & GroupJoinBody =>
    hasOnlyKeys(b, ['ctx', 'link', 'pub'], ['reach', 'reason']) &&
    ctxOk(b) &&
    isLinkRef(b.link) &&
    // The joiner has seen the link it uses, so the join is replayed after it. [GRP-6]
    ((b.ctx as CausalContext)[b.link.by] ?? 0) >= b.link.seq &&
    isPubText(b.pub) &&
    optional(b, 'reach', isReachText) &&
    optional(b, 'reason', isReason),
  'group.leave': (b): b is BodyRecord & GroupBareBody => hasOnlyKeys(b, ['ctx']) && ctxOk(b),
  'group.remove': (b): b is BodyRecord & GroupRemoveBody =>
    hasOnlyKeys(b, ['ctx', 'member', 'seen']) &&
    ctxOk(b) &&
    isPeerId(b.member) &&
    isCounter(b.seen, 0) &&
    // `seen` is the context's entry for the member, said out loud. [GRP-3]
    ((b.ctx as CausalContext)[b.member] ?? 0) === b.seen,
  'group.role': (b): b is BodyRecord & GroupRoleBody =>
    hasOnlyKeys(b, ['ctx', 'member', 'role']) &&
    ctxOk(b) &&
    isPeerId(b.member) &&
    (b.role === 'admin' || b.role === 'member'),
  'group.transfer': (b): b is BodyRecord & GroupTransferBody =>
    hasOnlyKeys(b, ['ctx', 'member']) && ctxOk(b) && isPeerId(b.member),
  'group.meta': (b): b is BodyRecord & GroupMetaBody =>
    hasOnlyKeys(b, ['ctx'], ['name', 'avatar', 'announcement', 'approval']) &&
    Object.keys(b).length > 1 &&
    ctxOk(b) &&
    optional(b, 'name', (v) => isLine(v, GROUP_NAME_MAX_CHARS)) &&
    optional(b, 'avatar', (v) => v === null || isAvatar(v)) &&
    optional(b, 'announcement', (v) => v === null || isAnnouncement(v)) &&
    optional(b, 'approval', isBool),
  'group.link': (b): b is BodyRecord & GroupLinkBody =>
    ctxOk(b) &&
    isRandomId(b.id) &&
    ((b.op === 'create' &&
      hasOnlyKeys(b, ['ctx', 'op', 'id', 'expires']) &&
      isCounter(b.expires, 1)) ||
      (b.op === 'revoke' && hasOnlyKeys(b, ['ctx', 'op', 'id']))),
  'group.nick': (b): b is BodyRecord & GroupNickBody =>
    hasOnlyKeys(b, ['ctx', 'nickname']) &&
    ctxOk(b) &&
    (b.nickname === null || isLine(b.nickname, GROUP_NICKNAME_MAX_CHARS)),
  'group.reach': (b): b is BodyRecord & GroupReachBody =>
    hasOnlyKeys(b, ['ctx', 'token']) && ctxOk(b) && isReachText(b.token),
  'group.dissolve': (b): b is BodyRecord & GroupBareBody => hasOnlyKeys(b, ['ctx']) && ctxOk(b),
};

/** True for a group control type. */
export function isGroupEventType(value: unknown): value is GroupEventType {
  return typeof value === 'string' && Object.hasOwn(GROUP_BODY_GUARDS, value);
}
