/**
 * Reach tokens in storage: the one I give each friend, made the first time it is needed, and
 * the one each friend gave me. Each write re-reads the person in its transaction, because a
 * friendship can end while a session is still handing tokens over. [SIG-REACH-1], [FR-8]
 */
import type { PlumeDatabase } from '../../db/db';
import { changePerson, getPerson } from '../../db/peopleRepo';
import type { PeerId } from '../../lib/ids';
import type { PersonRecord } from '../../lib/people';
import { createReachToken, type ReachToken } from '../../lib/reach';
import { opensTo } from './plan';
import { withHeldReach } from './records';

/**
 * The token I give `peer`, made and stored when they have none yet; null unless they are a
 * friend I let reach me.
 */
export async function givenToken(
  db: PlumeDatabase,
  peer: PeerId,
  now: number,
): Promise<ReachToken | null> {
  const person = await getPerson(db, peer);
  if (!person || !opensTo(person)) return null;
  if (person.reachGiven) return person.reachGiven;
  const stored = await changePerson(
    db,
    peer,
    (current) =>
      current && opensTo(current) && !current.reachGiven
        ? { person: { ...current, reachGiven: createReachToken() } }
        : undefined,
    now,
  );
  return stored && opensTo(stored) ? (stored.reachGiven ?? null) : null;
}

/**
 * Keep the token a friend gave me. Resolves with the changed record, or null when nothing was
 * written (not a friend any more, blocked, or the same token again).
 */
export async function keepHeldToken(
  db: PlumeDatabase,
  peer: PeerId,
  token: ReachToken,
  now: number,
): Promise<PersonRecord | null> {
  let changed = false;
  const stored = await changePerson(
    db,
    peer,
    (current) => {
      if (!current || !opensTo(current) || current.reachHeld === token) return undefined;
      changed = true;
      return { person: withHeldReach(current, token) };
    },
    now,
  );
  return changed ? stored : null;
}
