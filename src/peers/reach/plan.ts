/**
 * Which tokens open us and which we present, read from the stored people and invites. Pure, so
 * the rules of [SIG-REACH-2], [SIG-REACH-5] and [SIG-REACH-6] are tested without storage.
 */
import type { PeerId } from '../../lib/ids';
import { inviteStatus, type InviteRecord } from '../../lib/invite';
import type { PersonRecord } from '../../lib/people';
import type { ReachToken } from '../../lib/reach';

/** What the stored records say, before any hashing. */
export interface ReachPlan {
  /** The token to present to each peer we hold one for (blocked people get none). */
  present: Map<PeerId, ReachToken>;
  /** Tokens we gave to current friends, the most recently seen first. */
  friendTokens: ReachToken[];
  /** Secrets (base64url) of live invites: unused and unexpired, newest first. */
  inviteSecrets: string[];
  /** When the next live invite expires (its hash must go then), or null. */
  nextExpiry: number | null;
}

/** True while `person` is a friend we let reach us: the one a given token is for. */
export function opensTo(person: PersonRecord): boolean {
  return person.state === 'friend' && !person.blocked;
}

function seenOrder(a: PersonRecord, b: PersonRecord): number {
  return (b.lastSeen ?? -Infinity) - (a.lastSeen ?? -Infinity) || a.id.localeCompare(b.id);
}

/** The plan for `people` and `invites` at time `now`. */
export function reachPlan(
  people: readonly PersonRecord[],
  invites: readonly InviteRecord[],
  now: number,
): ReachPlan {
  const present = new Map<PeerId, ReachToken>();
  for (const person of people) {
    if (!person.blocked && person.reachHeld) present.set(person.id, person.reachHeld);
  }
  const friendTokens = people
    .filter((person) => opensTo(person) && person.reachGiven !== undefined)
    .sort(seenOrder)
    .map((person) => person.reachGiven as ReachToken);
  const live = invites
    .filter((invite) => inviteStatus(invite, now) === 'valid')
    .sort((a, b) => b.createdAt - a.createdAt);
  const expiries = live.map((invite) => invite.expiresAt);
  return {
    present,
    friendTokens,
    inviteSecrets: live.map((invite) => invite.secret),
    nextExpiry: expiries.length > 0 ? Math.min(...expiries) : null,
  };
}
