import { base32Encode } from './base32';

/** A PeerId: base32(SHA-256(pub)[0..20]), 32 chars of a-z2-7. See docs/protocol.md, "Friends, sessions, safety numbers and backups". */
export type PeerId = string & { readonly __brand: 'PeerId' };
/** A conversation id (direct: derived from both PeerIds; group: random). */
export type ConversationId = string & { readonly __brand: 'ConversationId' };
/** An event id: `${conv}:${author}:${seq}`. */
export type EventId = string & { readonly __brand: 'EventId' };

export const PEER_ID_LENGTH = 32;
const PEER_ID_RE = /^[a-z2-7]{32}$/;

/** Type guard for a well-formed PeerId. */
export function isPeerId(value: unknown): value is PeerId {
  return typeof value === 'string' && PEER_ID_RE.test(value);
}

/** Derive the PeerId from a raw 32-byte Ed25519 public key. */
export async function peerIdFromPublicKey(raw: Uint8Array): Promise<PeerId> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw as BufferSource));
  return base32Encode(digest.subarray(0, 20)) as PeerId;
}
