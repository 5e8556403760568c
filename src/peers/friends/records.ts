/**
 * Pure transitions of a person record, shared by the protocol handlers and
 * the user's actions, so both sides of every rule are written once.
 */
import type { PeerId } from '../../lib/ids';
import type { PersonRecord, PersonState, SecurityNotice } from '../../lib/people';
import type { ProfileData } from '../../lib/profile';
import { NOTICE_SEVERITY, TRANSIENT_NOTICES } from '../session/closeReasons';

/** A new record for someone whose key we just pinned. */
export function newPerson(
  id: PeerId,
  pub: Uint8Array,
  name: string,
  state: PersonState,
  now: number,
): PersonRecord {
  return {
    id,
    pub,
    name,
    remark: null,
    avatar: null,
    statusLine: '',
    profileVersion: 0,
    labels: [],
    state,
    verified: false,
    blocked: false,
    lastSeen: null,
    notice: null,
    createdAt: now,
  };
}

/**
 * Take a received profile unless we hold a newer one. Equal versions are
 * taken too: the first profile (version 0) replaces the invite's name hint.
 */
export function withProfile(person: PersonRecord, profile: ProfileData): PersonRecord {
  if (profile.version < person.profileVersion) return person;
  return {
    ...person,
    name: profile.name,
    statusLine: profile.statusLine,
    avatar: profile.avatar,
    profileVersion: profile.version,
  };
}

/** Record a security notice unless a more serious one is already shown. [SES-9] */
export function withNotice(person: PersonRecord, notice: SecurityNotice): PersonRecord {
  const current = person.notice;
  const rank = (reason: string) => NOTICE_SEVERITY[reason] ?? 0;
  if (current && rank(current.reason) > rank(notice.reason)) return person;
  return { ...person, notice };
}

/** After a good session: a transient notice (a timeout) no longer applies. */
export function clearTransientNotice(person: PersonRecord): PersonRecord {
  if (!person.notice || !TRANSIENT_NOTICES.has(person.notice.reason)) return person;
  return { ...person, notice: null };
}

/** The record with a new state (same object when unchanged). */
export function withState(person: PersonRecord, state: PersonState): PersonRecord {
  return person.state === state ? person : { ...person, state };
}
