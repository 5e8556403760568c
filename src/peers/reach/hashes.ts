/**
 * The hashes we register: friends' tokens first, then the tokens derived from live invites,
 * newest first, at most MAX_REACH_HASHES in all. Friends come first because an invite can be
 * made again, while a friend cut off would have to fall back to the trickle. [SIG-REACH-2]
 */
import { base64urlDecode } from '../../lib/base64url';
import {
  MAX_REACH_HASHES,
  inviteReachToken,
  reachHash,
  type ReachHash,
  type ReachToken,
} from '../../lib/reach';
import type { ReachPlan } from './plan';

/** The hashes to register, and how many tokens did not fit. */
export interface Registration {
  hashes: ReachHash[];
  /** Tokens left out by the cap (0 normally). */
  cut: number;
}

/** Hash what `plan` says opens us, capped at `max` distinct hashes. */
export async function registration(
  plan: Pick<ReachPlan, 'friendTokens' | 'inviteSecrets'>,
  max: number = MAX_REACH_HASHES,
): Promise<Registration> {
  const total = plan.friendTokens.length + plan.inviteSecrets.length;
  const friends = plan.friendTokens.slice(0, max);
  const room = max - friends.length;
  // The store holds only checked secrets; one that does not decode opens nothing.
  const secrets = plan.inviteSecrets
    .slice(0, room)
    .map(base64urlDecode)
    .filter((bytes): bytes is Uint8Array => bytes !== null);
  const invites = await Promise.all(secrets.map(inviteReachToken));
  const tokens: ReachToken[] = [...friends, ...invites];
  const hashes = [...new Set(await Promise.all(tokens.map(reachHash)))];
  return { hashes, cut: total - Math.min(total, max) };
}
