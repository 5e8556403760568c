/**
 * Reach tokens on a person record: pure transitions, shared by the user's actions and the
 * friend protocol so revocation is written once. [SIG-REACH-6]
 */
import type { PersonRecord } from '../../lib/people';
import type { ReachToken } from '../../lib/reach';

/** The record without the token I gave them: its hash leaves the registered set. */
export function withoutGivenReach(person: PersonRecord): PersonRecord {
  if (person.reachGiven === undefined) return person;
  const { reachGiven: _dropped, ...rest } = person;
  return rest;
}

/** The record without either token: nothing opens me to them, nothing of theirs is presented. */
export function withoutReach(person: PersonRecord): PersonRecord {
  if (person.reachGiven === undefined && person.reachHeld === undefined) return person;
  const { reachGiven: _given, reachHeld: _held, ...rest } = person;
  return rest;
}

/** The record holding `token` as the one to present when dialling them. */
export function withHeldReach(person: PersonRecord, token: ReachToken): PersonRecord {
  return person.reachHeld === token ? person : { ...person, reachHeld: token };
}
