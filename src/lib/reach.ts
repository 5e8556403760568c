/**
 * Reach tokens: what lets an OFFER through a recipient's signaling object. Each peer gives every
 * friend a random token over their authenticated session, and derives one from each live invite;
 * its own object keeps only the tokens' hashes, so the worker stores no friend list. Shared by the
 * app (which makes, hands out and presents tokens) and the worker (which checks them).
 * Spec: docs/protocol.md [SIG-REACH-1]…[SIG-REACH-7].
 */
import { base64urlEncode } from './base64url';
import { hmacSha256 } from './hmac';

/** Random bytes in a reach token: 128 bits, so it cannot be guessed. [SIG-REACH-1] */
export const REACH_TOKEN_BYTES = 16;
/** A token and a token hash are both 16 bytes, as 22 base64url characters. */
export const REACH_TEXT_RE = /^[A-Za-z0-9_-]{22}$/;
/** Most hashes one peer may register: friends, group memberships and live invites. [SIG-REACH-2] */
export const MAX_REACH_HASHES = 1024;
/** The client frame that registers the hashes with the peer's own object. [SIG-REACH-2] */
export const REACH_FRAME_TYPE = 'REACH';
/** The key of the token in an OFFER's `payload.metadata`. [SIG-REACH-3] */
export const REACH_METADATA_KEY = 'reach';

const HASH_PREFIX = 'plume-reach/1|';
const INVITE_LABEL = 'plume-reach-invite/1';
const encoder = new TextEncoder();

/** A reach token (text form). */
export type ReachToken = string;
/** The hash of a reach token (text form), what the worker stores. */
export type ReachHash = string;

/** True when `text` has the shape of a token or a token hash. */
export function isReachText(text: unknown): text is string {
  return typeof text === 'string' && REACH_TEXT_RE.test(text);
}

/** A fresh random token for one friend (or one group). [SIG-REACH-1] */
export function createReachToken(): ReachToken {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(REACH_TOKEN_BYTES)));
}

/**
 * The hash the worker stores and compares: the first 16 bytes of
 * SHA-256(`plume-reach/1|` + token). 128 bits of a hash of a 128-bit random secret: a leaked
 * store lets nobody present a token. [SIG-REACH-2]
 */
export async function reachHash(token: ReachToken): Promise<ReachHash> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(HASH_PREFIX + token));
  return base64urlEncode(new Uint8Array(digest).slice(0, REACH_TOKEN_BYTES));
}

/**
 * The token an invite's redeemer presents: the first 16 bytes of
 * HMAC-SHA256(invite secret, `plume-reach-invite/1`). Only who holds the invite can make it, and
 * it tells the worker nothing about the secret the friend request proves. [SIG-REACH-5]
 */
export async function inviteReachToken(secret: Uint8Array): Promise<ReachToken> {
  const mac = await hmacSha256(secret, encoder.encode(INVITE_LABEL));
  return base64urlEncode(mac.slice(0, REACH_TOKEN_BYTES));
}

/** The token in an OFFER's metadata, or null when it carries none of the right shape. */
export function reachTokenOf(metadata: unknown): ReachToken | null {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return null;
  const token = (metadata as Record<string, unknown>)[REACH_METADATA_KEY];
  return isReachText(token) ? token : null;
}
