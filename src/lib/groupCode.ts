/**
 * Group codes: the link (and QR) an admin shows so that anyone can join a group. It names the
 * group, the code's link id (its secret, the `id` of a `group.link` create), its expiry, the
 * members who answer for it and a name hint. The joiner proves the link id to one of them over an
 * authenticated session, bound to its own PeerId, and presents a reach token derived from it.
 * Spec: docs/protocol.md [GRP-40]…[GRP-43].
 */
import { base64urlDecode, base64urlEncode } from './base64url';
import { GROUP_PREFIX, isGroupId } from './groupId';
import { hmacSha256, hmacSha256Verify } from './hmac';
import { isPeerId, type ConversationId, type PeerId } from './ids';
import { encodeInviteName, inviteName } from './invite';
import { REACH_TOKEN_BYTES, type ReachToken } from './reach';

/** The route of a group code link. [GRP-40] */
export const GROUP_CODE_ROUTE = '#/join/';
/** Bytes of a link id (128 bits). [GRP-3] */
export const LINK_ID_BYTES = 16;
/** How long a new code lives: the longest the fold allows. [GRP-4] */
export const GROUP_CODE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** At most this many members answer for one code. [GRP-40] */
export const MAX_CODE_HOSTS = 3;
/** Longer input is not examined. */
export const GROUP_CODE_TEXT_MAX_LENGTH = 2048;
/** Name hints are cut to this many code points, like a group name. */
const NAME_MAX_CHARS = 64;

const GROUP_ID_CHARS = 26;
const NAME_FIELD_RE = /^[A-Za-z0-9\-_!~*'()%]*$/;
const FORBIDDEN_NAME_CHARS = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;
const EXPIRES_RE = /^[0-9a-z]{1,11}$/;
const REACH_LABEL = 'plume-reach-group-code/1';
const PROOF_CONTEXT = 'plume-group-join/1|';
const encoder = new TextEncoder();

/** What a group code says. */
export interface GroupCode {
  conv: ConversationId;
  /** The link id (22 base64url characters): the code's secret. */
  link: string;
  /** Unix ms after which the code no longer admits anyone. */
  expires: number;
  /** Members to dial, the issuer first. */
  hosts: PeerId[];
  /** The group's name when the code was made: a hint, never trusted. */
  name: string;
}

/** Why a text is not a usable group code. [GRP-41] */
export const GroupCodeFailure = {
  'not-plume': 'This is not a Plume group code.',
  'too-long': 'This code is too long to be a Plume group code.',
  malformed: 'This group code is damaged.',
  'bad-encoding': 'This group code is damaged.',
} as const;

export type GroupCodeFailureReason = keyof typeof GroupCodeFailure;

export type GroupCodeParseResult =
  { ok: true; code: GroupCode } | { ok: false; reason: GroupCodeFailureReason; message: string };

function fail(reason: GroupCodeFailureReason): GroupCodeParseResult {
  return { ok: false, reason, message: GroupCodeFailure[reason] };
}

/** A fresh link id for a new code. */
export function createLinkId(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(LINK_ID_BYTES)));
}

/** The payload after `#/join/`. [GRP-40] */
export function formatGroupCodePayload(code: GroupCode): string {
  const conv = code.conv.slice(GROUP_PREFIX.length);
  const hosts = code.hosts.slice(0, MAX_CODE_HOSTS).join('-');
  const name = encodeInviteName([...inviteName(code.name)].slice(0, NAME_MAX_CHARS).join(''));
  return `${conv}.${code.link}.${code.expires.toString(36)}.${hosts}.${name}`;
}

/** The full link for the QR and the copy button; a trailing slash of `origin` is ignored. */
export function formatGroupCodeLink(origin: string, code: GroupCode): string {
  return `${origin.replace(/\/+$/, '')}/${GROUP_CODE_ROUTE}${formatGroupCodePayload(code)}`;
}

/** True when `text` looks like a group code at all (a link or fragment with the join route). */
export function isGroupCodeText(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith(GROUP_CODE_ROUTE)) return true;
  if (!/^https?:\/\//i.test(trimmed)) return false;
  try {
    return new URL(trimmed).hash.startsWith(GROUP_CODE_ROUTE);
  } catch {
    return false;
  }
}

function extractPayload(text: string): string | null {
  if (text.startsWith(GROUP_CODE_ROUTE)) return text.slice(GROUP_CODE_ROUTE.length);
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.hash.startsWith(GROUP_CODE_ROUTE) ? url.hash.slice(GROUP_CODE_ROUTE.length) : null;
  } catch {
    return null;
  }
}

function decodeName(field: string): string | null {
  if (!NAME_FIELD_RE.test(field)) return null;
  try {
    const name = decodeURIComponent(field);
    if ([...name].length > NAME_MAX_CHARS || FORBIDDEN_NAME_CHARS.test(name)) return null;
    return name;
  } catch {
    return null;
  }
}

/**
 * Parse a scanned or pasted group code: a full link (any http(s) origin) or the `#/join/`
 * fragment. Never throws; a damaged code says so. Expiry is not judged here. [GRP-41]
 */
export function parseGroupCode(text: unknown): GroupCodeParseResult {
  if (typeof text !== 'string') return fail('not-plume');
  const trimmed = text.trim();
  if (trimmed.length > GROUP_CODE_TEXT_MAX_LENGTH) return fail('too-long');
  const payload = extractPayload(trimmed);
  if (payload === null) return fail('not-plume');
  const parts = payload.split('.');
  if (parts.length !== 5) return fail('malformed');
  const [convText, link, expiresText, hostsText, nameField] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const conv = `${GROUP_PREFIX}${convText}`;
  if (convText.length !== GROUP_ID_CHARS || !isGroupId(conv)) return fail('malformed');
  const linkBytes = base64urlDecode(link);
  if (!linkBytes) return fail('bad-encoding');
  if (linkBytes.length !== LINK_ID_BYTES) return fail('malformed');
  if (!EXPIRES_RE.test(expiresText)) return fail('malformed');
  const expires = parseInt(expiresText, 36);
  if (!Number.isSafeInteger(expires) || expires <= 0) return fail('malformed');
  const hosts = hostsText.split('-');
  if (hosts.length < 1 || hosts.length > MAX_CODE_HOSTS || !hosts.every(isPeerId))
    return fail('malformed');
  if (new Set(hosts).size !== hosts.length) return fail('malformed');
  const name = decodeName(nameField);
  if (name === null) return fail('bad-encoding');
  return { ok: true, code: { conv, link, expires, hosts, name } };
}

/**
 * The reach token a joiner presents to a code's hosts: the first 16 bytes of
 * HMAC-SHA256(link id bytes, `plume-reach-group-code/1`). [GRP-42]
 */
export async function groupCodeReachToken(link: string): Promise<ReachToken | null> {
  const secret = base64urlDecode(link);
  if (!secret || secret.length !== LINK_ID_BYTES) return null;
  const mac = await hmacSha256(secret, encoder.encode(REACH_LABEL));
  return base64urlEncode(mac.slice(0, REACH_TOKEN_BYTES));
}

function proofData(conv: ConversationId, joiner: PeerId): Uint8Array {
  return encoder.encode(`${PROOF_CONTEXT}${conv}|${joiner}`);
}

/**
 * The joiner's proof that it holds the code: base64url(HMAC-SHA256(link id bytes,
 * `plume-group-join/1|<conv>|<joiner's PeerId>`)), bound to the joiner, so a proof seen in
 * transit is useless to anyone else. [GRP-43]
 */
export async function groupJoinProof(
  link: string,
  conv: ConversationId,
  joiner: PeerId,
): Promise<string> {
  const secret = base64urlDecode(link);
  if (!secret) throw new Error('a link id must be base64url');
  return base64urlEncode(await hmacSha256(secret, proofData(conv, joiner)));
}

/** True when `proof` is `joiner`'s proof of `link` for `conv` (constant time). [GRP-43] */
export async function verifyGroupJoinProof(
  link: string,
  conv: ConversationId,
  joiner: PeerId,
  proof: string,
): Promise<boolean> {
  const secret = base64urlDecode(link);
  const mac = base64urlDecode(proof);
  if (!secret || !mac) return false;
  return hmacSha256Verify(secret, proofData(conv, joiner), mac);
}
