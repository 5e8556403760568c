/**
 * What a session's life writes on the person: last seen, and security notices
 * from failed handshakes. Strangers have no record, so nothing is written for
 * them. [SES-9, SES-11]
 */
import type { PlumeDatabase } from '../../db/db';
import { changePerson } from '../../db/peopleRepo';
import type { PeerId } from '../../lib/ids';
import type { PersonRecord } from '../../lib/people';
import { NOTICE_REASONS, type SessionCloseReasonKey } from '../session/closeReasons';
import { clearTransientNotice, withNotice } from './records';

/** A session came up: seen now, and a timeout notice no longer applies. Null for a stranger. */
export function sessionStarted(
  db: PlumeDatabase,
  peer: PeerId,
  now: number,
): Promise<PersonRecord | null> {
  return changePerson(
    db,
    peer,
    (p) => (p ? { person: { ...clearTransientNotice(p), lastSeen: now } } : undefined),
    now,
  );
}

/** A session ended: seen until now. Null for a stranger. */
export function sessionEnded(
  db: PlumeDatabase,
  peer: PeerId,
  now: number,
): Promise<PersonRecord | null> {
  return changePerson(db, peer, (p) => (p ? { person: { ...p, lastSeen: now } } : undefined), now);
}

/**
 * A handshake failed: record a notice when the reason is one the user must
 * see and we know the peer. Resolves with the changed record, or null.
 */
export async function handshakeFailed(
  db: PlumeDatabase,
  peer: PeerId,
  reason: SessionCloseReasonKey | null,
  at: number,
): Promise<PersonRecord | null> {
  if (!reason || !NOTICE_REASONS.has(reason)) return null;
  return changePerson(
    db,
    peer,
    (p) => (p ? { person: withNotice(p, { at, reason }) } : undefined),
    at,
  );
}
