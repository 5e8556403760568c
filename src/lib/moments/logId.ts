/**
 * The moments log of a friend pair: one per pair, derived like a direct chat's id from the two
 * sorted PeerIds but with a prefix and a hash context of its own, so it never equals a chat's id
 * and chat validators (`isConversationId`) refuse it. Spec: docs/protocol.md [MOM-1].
 */
import { base32Encode } from '../base32';
import { DIRECT_HASH_CHARS, sha256 } from '../convId';
import type { PeerId } from '../ids';

/** A moments log id: `m:` and 26 base32 characters. */
export type MomentsLogId = string & { readonly __brand: 'MomentsLogId' };

/** Prefix of moments log ids. */
export const MOMENTS_PREFIX = 'm:';
const MOMENTS_CONTEXT = 'plume-moments/1';
const LOG_RE = /^m:[a-z2-7]{26}$/;

/** Type guard for a well-formed moments log id. */
export function isMomentsLogId(value: unknown): value is MomentsLogId {
  return typeof value === 'string' && LOG_RE.test(value);
}

/** [MOM-1] `m:` + base32(SHA-256("plume-moments/1|<lower id>|<higher id>"))[0..26]. */
export function momentsLogId(a: PeerId, b: PeerId): MomentsLogId {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  const digest = sha256(new TextEncoder().encode(`${MOMENTS_CONTEXT}|${lo}|${hi}`));
  return (MOMENTS_PREFIX + base32Encode(digest).slice(0, DIRECT_HASH_CHARS)) as MomentsLogId;
}
