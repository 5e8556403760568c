/**
 * Invite links and friend-request proofs: `<origin>/#/add/<id>.<pub>.<secret>.<name>`.
 * Pure and transport-independent; the friends model stores the records and
 * the session sends the proof. Spec: docs/protocol.md [INV-1..12].
 */
import { base64urlDecode, base64urlEncode } from './base64url';
import { hmacSha256, hmacSha256Verify } from './hmac';
import { isPeerId, peerIdFromPublicKey, type PeerId } from './ids';
import { codePointLength } from './text';

/** Size of an invite secret: 128 bits. [INV-4] */
export const INVITE_SECRET_BYTES = 16;
/** An unused invite expires 24 h after it was made. [INV-10] */
export const INVITE_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest display name an invite may carry, in Unicode code points. [INV-5] */
export const INVITE_NAME_MAX_CHARS = 64;
/** Longest text `parseInviteLink` looks at; anything longer is refused unread. */
export const INVITE_TEXT_MAX_LENGTH = 2048;
/** The app route an invite link opens. [INV-1] */
export const INVITE_ROUTE = '#/add/';
/** Raw Ed25519 public key length (as `PUBLIC_KEY_BYTES` in identity.ts). */
const PUBLIC_KEY_BYTES = 32;

/** A parsed invite: whose it is, their key, the one-time secret and a name hint. */
export interface Invite {
  id: PeerId;
  /** Raw 32-byte Ed25519 public key; hashes to `id`. */
  pub: Uint8Array;
  /** The one-time secret, `INVITE_SECRET_BYTES` long. */
  secret: Uint8Array;
  /** Display name as the inviter set it; a hint until their PROFILE arrives. */
  name: string;
}

/** Why a text is not a usable invite. The UI shows the sentence. */
export const InviteFailure = {
  'not-plume': 'this is not a Plume invite',
  'too-long': 'the text is too long to be a Plume invite',
  malformed: 'the invite is incomplete or damaged',
  'bad-encoding': 'the invite contains characters or encodings it may not',
  'bad-key-hash': 'the key in the invite does not match its id',
  'name-too-long': `the name in the invite is longer than ${INVITE_NAME_MAX_CHARS} characters`,
  'bad-name': 'the name in the invite contains control characters',
} as const;
export type InviteFailureReason = keyof typeof InviteFailure;

/** Result of `parseInviteLink`. `base` is the app address of a full link, else null. */
export type InviteParseResult =
  | { ok: true; invite: Invite; base: string | null }
  | { ok: false; reason: InviteFailureReason; message: string };

const BARE_PAYLOAD_START = /^[a-z2-7]{32}\./;
/** What a name field may hold before percent-decoding: encodeURIComponent output. */
const NAME_FIELD_RE = /^[A-Za-z0-9\-_!~*'()%]*$/;
/** Characters refused in names: controls, bidi overrides/isolates, lone surrogates. */
const FORBIDDEN_NAME_CHARS = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/gu;
/** Left bare by encodeURIComponent but escaped by us: `.` is the field separator,
 * and linkifiers drop trailing `.`, `)`, `!` and friends from URLs. */
const EXTRA_ESCAPES = /[.!~*'()]/g;

function fail(reason: InviteFailureReason): InviteParseResult {
  return { ok: false, reason, message: InviteFailure[reason] };
}

/** 16 fresh random bytes for a new invite. [INV-4] */
export function createInviteSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(INVITE_SECRET_BYTES));
}

/**
 * The name as it may appear in an invite: lone surrogates become U+FFFD, control
 * and bidi-override characters are dropped, and it is cut to
 * `INVITE_NAME_MAX_CHARS` code points. [INV-5]
 */
export function inviteName(name: string): string {
  const clean = name.replace(FORBIDDEN_NAME_CHARS, (c) => (/\p{Cs}/u.test(c) ? '\uFFFD' : ''));
  return [...clean].slice(0, INVITE_NAME_MAX_CHARS).join('');
}

/** Percent-encode a name so it holds only `[A-Za-z0-9_-]` and `%XX`. [INV-6] */
export function encodeInviteName(name: string): string {
  return encodeURIComponent(inviteName(name)).replace(
    EXTRA_ESCAPES,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The payload after `#/add/`: `<id>.<pub>.<secret>.<name>`. [INV-2] */
export function formatInvitePayload(invite: Invite): string {
  const { id, pub, secret, name } = invite;
  return `${id}.${base64urlEncode(pub)}.${base64urlEncode(secret)}.${encodeInviteName(name)}`;
}

/**
 * The full invite link for the QR code and the share sheet. `origin` is the
 * app's address (`location.origin`); a trailing slash is ignored. The name is
 * cleaned with `inviteName`, so the link always parses back. [INV-1]
 */
export function formatInviteLink(origin: string, invite: Invite): string {
  return `${origin.replace(/\/+$/, '')}/${INVITE_ROUTE}${formatInvitePayload(invite)}`;
}

/** Split a full link, a `#/add/` fragment or a bare payload into payload and base. */
function extractPayload(text: string): { payload: string; base: string | null } | null {
  if (text.startsWith(INVITE_ROUTE))
    return { payload: text.slice(INVITE_ROUTE.length), base: null };
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if (!url.hash.startsWith(INVITE_ROUTE)) return null;
    return { payload: url.hash.slice(INVITE_ROUTE.length), base: url.origin + url.pathname };
  }
  return BARE_PAYLOAD_START.test(text) ? { payload: text, base: null } : null;
}

function decodeName(field: string): { name: string } | { reason: InviteFailureReason } {
  if (!NAME_FIELD_RE.test(field)) return { reason: 'bad-encoding' };
  let name: string;
  try {
    name = decodeURIComponent(field);
  } catch {
    return { reason: 'bad-encoding' };
  }
  if (codePointLength(name) > INVITE_NAME_MAX_CHARS) return { reason: 'name-too-long' };
  // A global regex keeps lastIndex between .test() calls; search() does not.
  if (name.search(FORBIDDEN_NAME_CHARS) !== -1) return { reason: 'bad-name' };
  return { name };
}

/**
 * Parse what a scanner, a paste or the `#/add/` route produced: a full link
 * (any http(s) origin), a `#/add/...` fragment, or the bare payload. Checks
 * that the key hashes to the id. Never throws. [INV-1..8]
 */
export async function parseInviteLink(text: string): Promise<InviteParseResult> {
  if (typeof text !== 'string') return fail('not-plume');
  const trimmed = text.trim();
  if (trimmed.length > INVITE_TEXT_MAX_LENGTH) return fail('too-long');
  const found = extractPayload(trimmed);
  if (!found) return fail('not-plume');
  const parts = found.payload.split('.');
  if (parts.length !== 4) return fail('malformed');
  const [idText, pubText, secretText, nameField] = parts as [string, string, string, string];
  if (!isPeerId(idText)) return fail('malformed');
  const pub = base64urlDecode(pubText);
  const secret = base64urlDecode(secretText);
  if (!pub || !secret) return fail('bad-encoding');
  if (pub.length !== PUBLIC_KEY_BYTES || secret.length !== INVITE_SECRET_BYTES) {
    return fail('malformed');
  }
  const decoded = decodeName(nameField);
  if ('reason' in decoded) return fail(decoded.reason);
  if ((await peerIdFromPublicKey(pub)) !== idText) return fail('bad-key-hash');
  return { ok: true, invite: { id: idText, pub, secret, name: decoded.name }, base: found.base };
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `FRIEND_REQUEST.proof`: base64url HMAC-SHA256(secret, utf8(myId)). [INV-9] */
export async function friendRequestProof(secret: Uint8Array, myId: PeerId): Promise<string> {
  return base64urlEncode(await hmacSha256(secret, utf8(myId)));
}

/** True when `proof` is `friendRequestProof(secret, fromId)`. Constant-time; never throws. [INV-9] */
export async function verifyFriendRequestProof(
  secret: Uint8Array,
  fromId: PeerId,
  proof: string,
): Promise<boolean> {
  const mac = typeof proof === 'string' ? base64urlDecode(proof) : null;
  if (!mac || secret.length === 0) return false;
  return hmacSha256Verify(secret, utf8(fromId), mac);
}

/** What the inviter stores per invite it made (the "My code" list). [INV-10] */
export interface InviteRecord {
  /** base64url of the secret; unique, so usable as the store key. */
  secret: string;
  createdAt: number;
  /** `createdAt + INVITE_TTL_MS`. */
  expiresAt: number;
  /** Who redeemed it; set together with `usedAt`. */
  usedBy?: PeerId;
  usedAt?: number;
}

/** State of an invite at `now`. A used invite stays 'used' after it would have expired. */
export type InviteStatus = 'valid' | 'expired' | 'used';

/** A fresh invite record with a new secret, valid for `INVITE_TTL_MS`. [INV-10] */
export function newInviteRecord(now: number = Date.now()): InviteRecord {
  return {
    secret: base64urlEncode(createInviteSecret()),
    createdAt: now,
    expiresAt: now + INVITE_TTL_MS,
  };
}

/** Pure status of an invite at `now`. [INV-10] */
export function inviteStatus(invite: InviteRecord, now: number): InviteStatus {
  if (invite.usedBy !== undefined) return 'used';
  return now < invite.expiresAt ? 'valid' : 'expired';
}

/** A copy of `invite` marked as redeemed by `by` at `now`. [INV-11] */
export function markInviteUsed(invite: InviteRecord, by: PeerId, now: number): InviteRecord {
  return { ...invite, usedBy: by, usedAt: now };
}

/**
 * What a FRIEND_REQUEST's proof matched among the inviter's records:
 * - `valid`: unused and unexpired. Befriend at once and `markInviteUsed`.
 * - `repeat`: already redeemed by this same peer (a resent request). Befriend, change nothing.
 * - `expired` / `used` (by someone else) / `none`: ask the user to accept or decline.
 */
export type InviteMatch =
  { kind: 'valid' | 'repeat' | 'expired' | 'used'; record: InviteRecord } | { kind: 'none' };

/** Find the record whose secret produced `proof` for `fromId`. Never throws. [INV-11] */
export async function matchFriendRequestProof(
  records: readonly InviteRecord[],
  fromId: PeerId,
  proof: string,
  now: number,
): Promise<InviteMatch> {
  for (const record of records) {
    const secret = base64urlDecode(record.secret);
    if (!secret || !(await verifyFriendRequestProof(secret, fromId, proof))) continue;
    if (record.usedBy === fromId) return { kind: 'repeat', record };
    return { kind: inviteStatus(record, now), record };
  }
  return { kind: 'none' };
}
