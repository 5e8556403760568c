/**
 * The plaintext inside a backup file ([BAK-10]): identity, my profile, people,
 * invites, outbox and settings as JSON. `parseBackupPayload` checks every field
 * before anything is written, so a file that decrypts but is malformed (a bug
 * in another version, a crafted file) is refused as corrupt. Text that reaches
 * the UI is cleaned as received profiles are ([INV-5]): a file is no more
 * trusted than a peer.
 */
import { base64urlDecode } from './base64url';
import { PUBLIC_KEY_BYTES } from './identity';
import { isPeerId, type PeerId } from './ids';
import { INVITE_SECRET_BYTES, type InviteRecord } from './invite';
import {
  cleanLabels,
  cleanRemark,
  cleanText,
  isPersonState,
  LABEL_MAX_CHARS,
  MAX_LABELS,
  REMARK_MAX_CHARS,
  type OutboxEntry,
  type PersonRecord,
  type SecurityNotice,
} from './people';
import {
  isAvatarDataUrl,
  isVersion,
  PROFILE_NAME_MAX_CHARS,
  STATUS_LINE_MAX_CHARS,
} from './profile';
import { isReachText } from './reach';
import { codePointLength } from './text';

/** The `format` of the payload this version writes and reads. */
export const BACKUP_FORMAT = 'plume-backup/1';
/** Most people, invites, outbox entries or settings a backup may hold (sanity bound). */
export const BACKUP_MAX_ITEMS = 100_000;
/** A PKCS#8 Ed25519 private key is 48 bytes; allow some room for other encodings. */
const PKCS8_MAX_BYTES = 256;
/** Longest notice reason or setting key. */
const SHORT_TEXT_MAX = 64;
/**
 * How far a profile version may lie in the future of the restoring device.
 * Versions are edit times in ms ([FR-6]); one from far ahead would freeze a
 * profile (nothing newer could replace it), so such a file is corrupt.
 */
export const MAX_VERSION_AHEAD_MS = 24 * 60 * 60 * 1000;

/** The identity, with the private key as base64url PKCS#8. */
export interface BackupIdentity {
  id: PeerId;
  pub: string;
  pkcs8: string;
  displayName: string;
  createdAt: number;
}

/** A person with the pinned key as base64url; every other field as stored. */
export type BackupPerson = Omit<PersonRecord, 'pub'> & { pub: string };

/** My profile fields besides the display name. */
export interface BackupProfile {
  name: string;
  avatar: string | null;
  statusLine: string;
  version: number;
}

/** The whole payload. */
export interface BackupPayload {
  format: typeof BACKUP_FORMAT;
  createdAt: number;
  identity: BackupIdentity;
  profile: BackupProfile | null;
  people: BackupPerson[];
  invites: InviteRecord[];
  outbox: Omit<OutboxEntry, 'seq'>[];
  settings: { key: string; value: unknown }[];
}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && codePointLength(value) <= max;
}
function isB64(value: unknown, min: number, max: number): value is string {
  const bytes = typeof value === 'string' ? base64urlDecode(value) : null;
  return bytes !== null && bytes.length >= min && bytes.length <= max;
}
function isNotice(value: unknown): value is SecurityNotice | null {
  return (
    value === null || (isObject(value) && isTime(value.at) && isText(value.reason, SHORT_TEXT_MAX))
  );
}
function isLabels(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_LABELS &&
    value.every((label) => isText(label, LABEL_MAX_CHARS))
  );
}
/** An absent reach token (a friendship older than tokens), or one of the right shape. */
function isOptionalReach(value: unknown): boolean {
  return value === undefined || isReachText(value);
}

function isList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length <= BACKUP_MAX_ITEMS;
}

function isIdentity(v: unknown): v is BackupIdentity {
  return (
    isObject(v) &&
    isPeerId(v.id) &&
    isB64(v.pub, PUBLIC_KEY_BYTES, PUBLIC_KEY_BYTES) &&
    isB64(v.pkcs8, 1, PKCS8_MAX_BYTES) &&
    isText(v.displayName, PROFILE_NAME_MAX_CHARS) &&
    isTime(v.createdAt)
  );
}

function isPerson(v: unknown): v is BackupPerson {
  return (
    isObject(v) &&
    isPeerId(v.id) &&
    isB64(v.pub, PUBLIC_KEY_BYTES, PUBLIC_KEY_BYTES) &&
    isText(v.name, PROFILE_NAME_MAX_CHARS) &&
    (v.remark === null || isText(v.remark, REMARK_MAX_CHARS)) &&
    (v.avatar === null || isAvatarDataUrl(v.avatar)) &&
    isText(v.statusLine, STATUS_LINE_MAX_CHARS) &&
    isVersion(v.profileVersion) &&
    isLabels(v.labels) &&
    isPersonState(v.state) &&
    typeof v.verified === 'boolean' &&
    typeof v.blocked === 'boolean' &&
    (v.lastSeen === null || isTime(v.lastSeen)) &&
    isNotice(v.notice) &&
    isTime(v.createdAt) &&
    isOptionalReach(v.reachGiven) &&
    isOptionalReach(v.reachHeld)
  );
}

function isInvite(v: unknown): v is InviteRecord {
  if (!isObject(v)) return false;
  const used = v.usedBy === undefined && v.usedAt === undefined;
  const usedBoth = isPeerId(v.usedBy) && isTime(v.usedAt);
  return (
    isB64(v.secret, INVITE_SECRET_BYTES, INVITE_SECRET_BYTES) &&
    isTime(v.createdAt) &&
    isTime(v.expiresAt) &&
    (used || usedBoth)
  );
}

const PROOF_RE = /^[A-Za-z0-9_-]{43}$/;

function isOutboxEntry(v: unknown): v is Omit<OutboxEntry, 'seq'> {
  if (!isObject(v) || !isPeerId(v.to) || !isTime(v.createdAt) || !isObject(v.frame)) return false;
  const { type, proof } = v.frame;
  if (type === 'FRIEND_REMOVED') return true;
  return type === 'FRIEND_REQUEST' && typeof proof === 'string' && PROOF_RE.test(proof);
}

function isProfile(v: unknown): v is BackupProfile | null {
  return (
    v === null ||
    (isObject(v) &&
      isText(v.name, PROFILE_NAME_MAX_CHARS) &&
      (v.avatar === null || isAvatarDataUrl(v.avatar)) &&
      isText(v.statusLine, STATUS_LINE_MAX_CHARS) &&
      isVersion(v.version))
  );
}

function isSetting(v: unknown): v is { key: string; value: unknown } {
  return isObject(v) && isText(v.key, SHORT_TEXT_MAX) && 'value' in v;
}

/** The person with every shown text cleaned of controls and bidi overrides. [INV-5] */
function cleanPerson(p: BackupPerson): BackupPerson {
  return {
    ...p,
    name: cleanText(p.name, PROFILE_NAME_MAX_CHARS),
    remark: cleanRemark(p.remark),
    statusLine: cleanText(p.statusLine, STATUS_LINE_MAX_CHARS),
    labels: cleanLabels(p.labels),
  };
}

function cleanProfile(p: BackupProfile | null): BackupProfile | null {
  if (!p) return null;
  const name = cleanText(p.name, PROFILE_NAME_MAX_CHARS);
  return { ...p, name, statusLine: cleanText(p.statusLine, STATUS_LINE_MAX_CHARS) };
}

/**
 * Check a parsed JSON value field by field. Null when anything is missing,
 * mistyped or out of bounds, when an outbox entry is for someone not in
 * `people`, or when a profile version lies more than MAX_VERSION_AHEAD_MS
 * after `now`. Names, remarks, labels and status lines come back cleaned.
 * Unknown extra fields are ignored. Pure; never throws.
 */
export function parseBackupPayload(value: unknown, now: number = Date.now()): BackupPayload | null {
  if (!isObject(value) || value.format !== BACKUP_FORMAT || !isTime(value.createdAt)) return null;
  const { identity, profile, people, invites, outbox, settings } = value;
  if (!isIdentity(identity) || !isProfile(profile)) return null;
  if (!isList(people) || !people.every(isPerson)) return null;
  if (!isList(invites) || !invites.every(isInvite)) return null;
  if (!isList(outbox) || !outbox.every(isOutboxEntry)) return null;
  if (!isList(settings) || !settings.every(isSetting)) return null;
  const ids = new Set(people.map((p) => p.id));
  if (ids.size !== people.length || ids.has(identity.id)) return null;
  // Outbox frames only ever wait for a stored person (peopleRepo writes them together).
  if (!outbox.every((entry) => ids.has(entry.to))) return null;
  const latest = now + MAX_VERSION_AHEAD_MS;
  if ((profile && profile.version > latest) || people.some((p) => p.profileVersion > latest)) {
    return null;
  }
  return {
    format: BACKUP_FORMAT,
    createdAt: value.createdAt,
    identity: { ...identity, displayName: cleanText(identity.displayName, PROFILE_NAME_MAX_CHARS) },
    profile: cleanProfile(profile),
    people: people.map(cleanPerson),
    invites,
    outbox,
    settings,
  };
}
