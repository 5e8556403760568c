/**
 * The people this install knows, as stored (src/db/ people table) and as the
 * friends engine reasons about them. Pure types and small validators; the UI
 * sees a projection of these (src/ui/friends/models/friends.ts).
 * Spec: docs/protocol.md [FR-*].
 */
import type { ConversationId, PeerId } from './ids';
import type { ReachToken } from './reach';

/** Where a relationship stands, as the UI shows it. */
export type FriendState =
  | 'friend' // both sides agreed (valid invite, or request accepted)
  | 'outgoing' // we asked (no valid invite); waiting for them, maybe still in the outbox
  | 'incoming' // they asked without a valid invite; we must accept or decline
  | 'declined'; // our request was declined (kept so the user sees it)

/**
 * Stored states. Two are hidden from the list but keep the key pinned:
 * - `removed`: we deleted them; a tombstone until FRIEND_REMOVED is answered. [FR-5]
 * - `rejected`: we declined their request; later requests get FRIEND_DECLINE. [FR-4]
 */
export type PersonState = FriendState | 'removed' | 'rejected';

/** States shown in the friends list. */
export const VISIBLE_STATES: ReadonlySet<PersonState> = new Set<PersonState>([
  'friend',
  'outgoing',
  'incoming',
  'declined',
]);

/** True for a state the UI lists. */
export function isVisibleState(state: PersonState): state is FriendState {
  return VISIBLE_STATES.has(state);
}

const PERSON_STATES: ReadonlySet<string> = new Set([...VISIBLE_STATES, 'removed', 'rejected']);

/** Type guard for a stored state. */
export function isPersonState(value: unknown): value is PersonState {
  return typeof value === 'string' && PERSON_STATES.has(value);
}

/** A security notice on a friend: a handshake mismatch the user must see. [SES-9] */
export interface SecurityNotice {
  at: number;
  /** Reason code: 'key-changed' | 'key-hash' | 'fingerprint' | 'signature' | 'replay' | 'timeout'. */
  reason: string;
}

/** One person as stored. `pub` is the pinned raw key; it never changes. */
export interface PersonRecord {
  id: PeerId;
  /** Raw 32-byte Ed25519 public key, pinned when first seen; hashes to `id`. */
  pub: Uint8Array;
  /** Their own display name (from the invite, then from PROFILE). */
  name: string;
  /** Local alias; never sent. */
  remark: string | null;
  /** data: URL or null. */
  avatar: string | null;
  statusLine: string;
  /** Version of their profile we hold (0 = only the invite's name hint). */
  profileVersion: number;
  /** Local labels (groups); never sent. */
  labels: string[];
  state: PersonState;
  verified: boolean;
  blocked: boolean;
  lastSeen: number | null;
  notice: SecurityNotice | null;
  createdAt: number;
  /**
   * The reach token I gave them: its hash opens my signaling object to their OFFERs. Made when
   * first needed for a friend, dropped when they stop being one. [SIG-REACH-1], [SIG-REACH-6]
   */
  reachGiven?: ReachToken;
  /**
   * The reach token I present when I dial them: the latest one they gave me ([FR-8]), or until
   * then the one derived from their invite I redeemed. [SIG-REACH-5]
   */
  reachHeld?: ReachToken;
  /** [GRP-61] The request came (or went) over this group's session: shown with it. */
  viaGroup?: { conv: ConversationId; name: string };
}

/** What the outbox holds: frames resent on every session until answered. [FR-1, FR-5] */
export type OutboxFrame =
  { type: 'FRIEND_REQUEST'; proof: string; group?: ConversationId } | { type: 'FRIEND_REMOVED' };

/** One outbox entry. `seq` is assigned by the store. */
export interface OutboxEntry {
  seq?: number;
  to: PeerId;
  frame: OutboxFrame;
  createdAt: number;
}

/** Longest remark, in code points. */
export const REMARK_MAX_CHARS = 64;
/** Longest label, in code points. */
export const LABEL_MAX_CHARS = 32;
/** Most labels per person. */
export const MAX_LABELS = 20;

/** Controls, lone surrogates and bidi overrides/isolates: never stored in names. [INV-5] */
const FORBIDDEN_TEXT_CHARS = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/gu;

/** Drop forbidden characters, collapse whitespace, trim, cut to `max` code points. Pure. */
export function cleanText(text: string, max: number): string {
  const clean = text.replace(FORBIDDEN_TEXT_CHARS, '').replace(/\s+/g, ' ').trim();
  return [...clean].slice(0, max).join('');
}

/** A remark as stored: cleaned, and null when empty. */
export function cleanRemark(remark: string | null): string | null {
  if (remark === null) return null;
  const clean = cleanText(remark, REMARK_MAX_CHARS);
  return clean === '' ? null : clean;
}

/** Labels as stored: cleaned, non-empty, unique, at most MAX_LABELS. */
export function cleanLabels(labels: readonly string[]): string[] {
  const out: string[] = [];
  for (const label of labels) {
    const clean = cleanText(label, LABEL_MAX_CHARS);
    if (clean !== '' && !out.includes(clean)) out.push(clean);
    if (out.length === MAX_LABELS) break;
  }
  return out;
}

/** A person's title: the remark when set, else their name. */
export function personTitle(person: Pick<PersonRecord, 'name' | 'remark'>): string {
  return person.remark ?? person.name;
}
