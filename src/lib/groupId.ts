/**
 * Group ids and genesis. A group's id is derived from its creator's key and a random salt, and
 * the creator's first event in the group, `group.create`, carries both: any device can check that
 * the genesis proves the id, so nobody can forge another genesis for it.
 * Spec: docs/protocol.md [GRP-1].
 */
import { base32Encode } from './base32';
import { base64urlDecode, base64urlEncode } from './base64url';
import type { ChatEvent } from './chatEvent';
import { DIRECT_HASH_CHARS, isConversationId, sha256 } from './convId';
import { PUBLIC_KEY_BYTES } from './identity';
import type { ConversationId, PeerId } from './ids';

/** Prefix of group conversation ids. */
export const GROUP_PREFIX = 'g:';
/** Domain separation of the group-id hash. */
const GROUP_CONTEXT = 'plume-group/1';
/** [GRP-3] Random bytes of a group salt and of a join link id (128 bits each). */
export const GROUP_RANDOM_BYTES = 16;
/** Bytes of SHA-256(raw key) kept in a PeerId (as ids.ts derives it). */
const PEER_ID_BYTES = 20;

/**
 * Hashes already computed, by input text: a group's fold proves the same genesis and checks the
 * same few dozen keys on every run. Bounded; past the bound it starts again.
 */
const hashed = new Map<string, string | null>();
const HASHED_MAX = 4096;
function remember(text: string, hash: string | null): void {
  if (hashed.size >= HASHED_MAX) hashed.clear();
  hashed.set(text, hash);
}

/** True for a group conversation's id. */
export function isGroupId(value: unknown): value is ConversationId {
  return isConversationId(value) && value.startsWith(GROUP_PREFIX);
}

/**
 * [GRP-1] `g:` + base32(SHA-256("plume-group/1|<creator pub>|<salt>"))[0..26], the pub as
 * canonical base64url of the raw 32-byte key and the salt as 22 base64url characters: cut like a
 * direct id ([CHAT-1]), 130 bits.
 */
export function groupConversationId(creatorPub: string, salt: string): ConversationId {
  const text = `${GROUP_CONTEXT}|${creatorPub}|${salt}`;
  const memo = hashed.get(text);
  if (memo) return memo as ConversationId;
  const digest = sha256(new TextEncoder().encode(text));
  const id = GROUP_PREFIX + base32Encode(digest).slice(0, DIRECT_HASH_CHARS);
  remember(text, id);
  return id as ConversationId;
}

/** A fresh salt for a new group: 128 random bits in base64url. */
export function newGroupSalt(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(GROUP_RANDOM_BYTES)));
}

/**
 * The PeerId of a base64url raw public key, or null when it is not one. Synchronous (the fold
 * checks keys in bodies without awaiting); the same derivation as peerIdFromPublicKey.
 */
export function peerIdOfPub(pub: string): PeerId | null {
  const memo = hashed.get(pub);
  if (memo !== undefined) return memo as PeerId | null;
  const raw = base64urlDecode(pub);
  const id =
    raw && raw.length === PUBLIC_KEY_BYTES
      ? base32Encode(sha256(raw).subarray(0, PEER_ID_BYTES))
      : null;
  remember(pub, id);
  return id as PeerId | null;
}

/**
 * [GRP-1] True when `event` is a genesis that proves its conversation's id: the author's seq 1,
 * its `pub` hashes to the author, and pub and salt hash to `conv`.
 */
export function provesGenesis(event: ChatEvent<'group.create'>): boolean {
  const { pub, salt } = event.body;
  return (
    event.seq === 1 &&
    peerIdOfPub(pub) === event.author &&
    groupConversationId(pub, salt) === event.conv
  );
}
