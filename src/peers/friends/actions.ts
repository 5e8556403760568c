/**
 * What the user does to friends: add from an invite, accept, decline, remove,
 * block, and local edits. Each action is one storage transaction; when the
 * engine runs, it then acts on the live session (send now, close, dial).
 * Without an engine (offline start) the outbox keeps what must be sent.
 * Spec: docs/protocol.md [FR-*], [INV-11].
 */
import type { PlumeDatabase } from '../../db/db';
import { addInvite } from '../../db/invitesRepo';
import { changePerson, type PersonChange } from '../../db/peopleRepo';
import { base64urlDecode } from '../../lib/base64url';
import type { IdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import {
  formatInviteLink,
  friendRequestProof,
  newInviteRecord,
  type Invite,
  type InviteRecord,
} from '../../lib/invite';
import type { FriendState, PersonRecord } from '../../lib/people';
import { inviteReachToken } from '../../lib/reach';
import { withHeldReach, withoutGivenReach, withoutReach } from '../reach/records';
import { acceptFrame, declineFrame } from './frames';
import type { FriendsEngine } from './FriendsEngine';
import { newPerson, withState } from './records';

/** What every action needs. `engine` is null while no transport runs. */
export interface FriendActionDeps {
  db: PlumeDatabase;
  keys: IdentityKeys;
  engine: FriendsEngine | null;
  now?: () => number;
}

/** Why adding from an invite did not happen. */
export type AddFailure = 'self' | 'blocked' | 'key-changed';

/** Outcome of {@link addFriendFromInvite}. */
export type AddOutcome =
  { ok: true; id: PeerId; state: FriendState } | { ok: false; reason: AddFailure };

export function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export function nowOf(deps: FriendActionDeps): number {
  return (deps.now ?? Date.now)();
}

/**
 * A scanned or opened invite: pin the key, store the friend as pending and
 * queue FRIEND_REQUEST (sent whenever their session comes up). If they had
 * asked us already, we are friends at once. Until they give us a token of
 * their own, we present the one their invite derives. [FR-1, INV-3, SIG-REACH-5]
 */
export async function addFriendFromInvite(
  deps: FriendActionDeps,
  invite: Invite,
): Promise<AddOutcome> {
  const { db, keys, engine } = deps;
  if (invite.id === keys.id) return { ok: false, reason: 'self' };
  const proof = await friendRequestProof(invite.secret, keys.id);
  const reach = await inviteReachToken(invite.secret);
  const now = nowOf(deps);
  let failure: AddFailure | null = null;
  const person = await changePerson(
    db,
    invite.id,
    (current): PersonChange | undefined => {
      if (current && !sameKey(current.pub, invite.pub)) failure = 'key-changed';
      else if (current?.blocked) failure = 'blocked';
      if (failure || current?.state === 'friend') return undefined;
      if (current?.state === 'incoming') {
        return { person: withHeldReach(withState(current, 'friend'), reach) };
      }
      const base = current ?? newPerson(invite.id, invite.pub, invite.name, 'outgoing', now);
      return {
        person: withHeldReach(withState(base, 'outgoing'), reach),
        enqueue: [{ type: 'FRIEND_REQUEST', proof }],
        dequeue: ['FRIEND_REMOVED'],
      };
    },
    now,
  );
  if (failure) return { ok: false, reason: failure };
  if (!person) throw new Error('unreachable: the person was just stored');
  if (engine && person.state === 'friend') {
    engine.send(invite.id, acceptFrame(await engine.myProfile()));
  }
  await engine?.peerChanged(invite.id);
  return { ok: true, id: invite.id, state: person.state as FriendState };
}

async function change(
  deps: FriendActionDeps,
  id: PeerId,
  fn: (p: PersonRecord) => PersonChange | undefined,
): Promise<PersonRecord | null> {
  return changePerson(deps.db, id, (current) => (current ? fn(current) : undefined), nowOf(deps));
}

/** Accept an incoming request: friends; FRIEND_ACCEPT now or when they resend. [FR-3] */
export async function acceptFriendRequest(deps: FriendActionDeps, id: PeerId): Promise<void> {
  const person = await change(deps, id, (p) =>
    p.state === 'incoming' ? { person: withState(p, 'friend') } : undefined,
  );
  if (person?.state !== 'friend' || !deps.engine) return;
  deps.engine.send(id, acceptFrame(await deps.engine.myProfile()));
  await deps.engine.peerChanged(id);
}

/** Decline an incoming request: hidden, and later requests are declined too. [FR-4] */
export async function declineFriendRequest(deps: FriendActionDeps, id: PeerId): Promise<void> {
  const person = await change(deps, id, (p) =>
    p.state === 'incoming' ? { person: withState(p, 'rejected') } : undefined,
  );
  if (person?.state !== 'rejected' || !deps.engine) return;
  deps.engine.send(id, declineFrame());
  await deps.engine.peerChanged(id);
}

/**
 * Delete a friend (or withdraw a request): a tombstone until they answer our
 * FRIEND_REMOVED; a declined request is simply forgotten. The token I gave
 * them stops opening me at once; theirs is kept while the tombstone is dialled,
 * so the FRIEND_REMOVED does not depend on the trickle. [FR-5, SIG-REACH-6]
 */
export async function removeFriend(deps: FriendActionDeps, id: PeerId): Promise<void> {
  await change(deps, id, (p) => {
    if (p.state === 'declined') return { person: null };
    if (p.state === 'removed' || p.state === 'rejected') return undefined;
    return {
      person: withoutGivenReach(withState(p, 'removed')),
      enqueue: [{ type: 'FRIEND_REMOVED' }],
      dequeue: ['FRIEND_REQUEST'],
    };
  });
  await deps.engine?.peerChanged(id);
}

/**
 * Block or unblock: a blocked peer is never dialled and its channels are
 * refused. Blocking drops both reach tokens; after an unblock, fresh ones are
 * exchanged on the next session. [SIG-REACH-6]
 */
export async function setPersonBlocked(
  deps: FriendActionDeps,
  id: PeerId,
  blocked: boolean,
): Promise<void> {
  await change(deps, id, (p) => {
    if (p.blocked === blocked) return undefined;
    return { person: blocked ? withoutReach({ ...p, blocked }) : { ...p, blocked } };
  });
  await deps.engine?.peerChanged(id);
}

/** A local-only edit (remark, labels, verified, notice): nothing is sent. */
export async function editPerson(
  deps: FriendActionDeps,
  id: PeerId,
  patch: Partial<Pick<PersonRecord, 'remark' | 'labels' | 'verified' | 'notice'>>,
): Promise<void> {
  await change(deps, id, (p) => ({ person: { ...p, ...patch } }));
}

/** Make and store a fresh invite; its reach hash is registered at once. [INV-10, SIG-REACH-5] */
export async function createInvite(deps: FriendActionDeps): Promise<InviteRecord> {
  const record = newInviteRecord(nowOf(deps));
  await addInvite(deps.db, record);
  await deps.engine?.invitesChanged();
  return record;
}

/** The link of one of my invites. [INV-1] */
export function inviteLinkOf(
  origin: string,
  keys: IdentityKeys,
  name: string,
  record: InviteRecord,
): string {
  const secret = base64urlDecode(record.secret);
  if (!secret) throw new TypeError('stored invite secret is not base64url');
  return formatInviteLink(origin, { id: keys.id, pub: keys.publicKeyRaw, secret, name });
}
