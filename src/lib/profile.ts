/**
 * Profile fields as they travel to friends (PROFILE, FRIEND_REQUEST,
 * FRIEND_ACCEPT) and as they are stored. Pure validation, so a hostile or
 * newer peer cannot push oversized or control-laden text into the UI.
 * Spec: docs/protocol.md [FR-6].
 */
import { cleanText } from './people';
import { codePointLength } from './text';

/** Longest display name, in code points (as invites, [INV-5]). */
export const PROFILE_NAME_MAX_CHARS = 64;
/** Longest status line, in code points. */
export const STATUS_LINE_MAX_CHARS = 140;
/**
 * Largest avatar, as the length of its data: URL. 48 KiB keeps a PROFILE frame
 * well under MAX_CONTROL_FRAME_BYTES (64 KiB) with room for the other fields.
 */
export const AVATAR_MAX_CHARS = 48 * 1024;

/** A data: URL of a WebP, JPEG or PNG image in canonical base64. */
const AVATAR_RE = /^data:image\/(?:webp|jpeg|png);base64,[A-Za-z0-9+/]+={0,2}$/;

/** The profile one user shows their friends. */
export interface ProfileData {
  name: string;
  statusLine: string;
  /** data: URL or null. */
  avatar: string | null;
  /** Increases with every edit; the receiver keeps the highest. */
  version: number;
}

/** True for an avatar we accept: an image data: URL no longer than AVATAR_MAX_CHARS. */
export function isAvatarDataUrl(value: unknown): value is string {
  return typeof value === 'string' && value.length <= AVATAR_MAX_CHARS && AVATAR_RE.test(value);
}

/** A non-negative safe integer: profile versions and the like. */
export function isVersion(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * A received text field, or null when it is not a string or is too long. A
 * field over the limit is refused rather than cut, so a peer cannot smuggle a
 * longer name past a lenient reader; forbidden characters are dropped.
 */
export function receivedText(value: unknown, max: number): string | null {
  if (typeof value !== 'string' || codePointLength(value) > max) return null;
  return cleanText(value, max);
}

/**
 * Read a profile from a frame's fields (`avatar` may be absent). Returns null
 * for anything out of bounds. Never throws.
 */
export function parseProfileData(value: unknown): ProfileData | null {
  if (typeof value !== 'object' || value === null) return null;
  const fields = value as Record<string, unknown>;
  const name = receivedText(fields.name, PROFILE_NAME_MAX_CHARS);
  const statusLine = receivedText(fields.statusLine, STATUS_LINE_MAX_CHARS);
  const avatar = fields.avatar ?? null;
  if (name === null || statusLine === null || !isVersion(fields.version)) return null;
  if (avatar !== null && !isAvatarDataUrl(avatar)) return null;
  return { name, statusLine, avatar, version: fields.version };
}

/** The wire form of a profile: `avatar` is left out when there is none. */
export function profileFields(profile: ProfileData): {
  name: string;
  statusLine: string;
  version: number;
  avatar?: string;
} {
  const { name, statusLine, version, avatar } = profile;
  return avatar === null ? { name, statusLine, version } : { name, statusLine, version, avatar };
}

/**
 * The version after an edit: a millisecond timestamp, made monotonic so a
 * clock set backwards (or a restore onto another device) never goes back. [FR-6]
 */
export function nextProfileVersion(previous: number, now: number): number {
  return Math.max(previous + 1, Math.floor(now));
}
