/**
 * What the friends engine does with each friend frame on an authenticated
 * session. Every decision reads the person's stored row afresh, because a
 * stranger may become a friend in the middle of a session.
 * Spec: docs/protocol.md [FR-1..8], [INV-11].
 */
import {
  changePerson,
  changePersonCapped,
  redeemInvite,
  type PersonChange,
} from '../../db/peopleRepo';
import { listInvites } from '../../db/invitesRepo';
import type { PlumeDatabase } from '../../db/db';
import { getConv } from '../../db/convsRepo';
import type { ConversationId, PeerId } from '../../lib/ids';
import { matchFriendRequestProof } from '../../lib/invite';
import { log } from '../../lib/log';
import type { PersonRecord } from '../../lib/people';
import type { ProfileData } from '../../lib/profile';
import { opensTo } from '../reach/plan';
import { keepHeldToken } from '../reach/tokens';
import type { Session } from '../session/Session';
import {
  acceptFrame,
  declineFrame,
  profileFrame,
  removedFrame,
  type ParsedFriendFrame,
} from './frames';
import { newPerson, withProfile, withState } from './records';

const logger = log('peers:friends');

/** Most open incoming requests; more from strangers are dropped. [FR-2] */
export const MAX_INCOMING_REQUESTS = 50;

/** What the handlers need from the engine. */
export interface ProtocolContext {
  db: PlumeDatabase;
  now(): number;
  myProfile(): Promise<ProfileData>;
  /** Stored people or invites changed for `peer`: refresh views and dial targets. */
  changed(peer: PeerId): void;
  /** [GRP-61] Whether `peer` and I are both members of group `conv` now. */
  sharesGroup(peer: PeerId, conv: ConversationId): Promise<boolean>;
}

/** The part of an authenticated Session the handlers use (tests pass a fake). */
export type FriendSession = Pick<Session, 'peer' | 'pub' | 'send' | 'close'>;

type Request = Extract<ParsedFriendFrame, { type: 'FRIEND_REQUEST' }>;

/** A record for a stranger met on this session: key from its HELLO, seen now. */
function met(
  session: FriendSession,
  profile: ProfileData,
  state: PersonRecord['state'],
  now: number,
): PersonRecord {
  const pub = session.pub;
  if (!pub) throw new Error('a session is authenticated only after HELLO gave its key');
  return { ...newPerson(session.peer, pub, profile.name, state, now), lastSeen: now };
}

function befriend(
  person: PersonRecord | null,
  session: FriendSession,
  profile: ProfileData,
  now: number,
): PersonChange {
  const base = person ?? met(session, profile, 'friend', now);
  return { person: withState(withProfile(base, profile), 'friend'), dequeue: ['FRIEND_REQUEST'] };
}

async function sendAccept(ctx: ProtocolContext, session: FriendSession): Promise<void> {
  session.send(acceptFrame(await ctx.myProfile()));
}

/** A request with a valid (unused, unexpired) invite proof: friends at once. [INV-11] */
async function redeem(
  ctx: ProtocolContext,
  session: FriendSession,
  secret: string,
  profile: ProfileData,
): Promise<boolean> {
  const now = ctx.now();
  const result = await redeemInvite(
    ctx.db,
    secret,
    session.peer,
    (current) => befriend(current, session, profile, now),
    now,
  );
  if (!result.ok) return false;
  ctx.changed(session.peer);
  await sendAccept(ctx, session);
  return true;
}

/**
 * No valid proof: the user decides. A rejected peer is declined again at once
 * [FR-4]; strangers beyond the cap are dropped, counted in the same
 * transaction that stores them, so a burst cannot overshoot it. [FR-2]
 */
async function askUser(
  ctx: ProtocolContext,
  session: FriendSession,
  person: PersonRecord | null,
  profile: ProfileData,
  via?: PersonRecord['viaGroup'],
): Promise<void> {
  if (person?.state === 'rejected') return void session.send(declineFrame());
  const now = ctx.now();
  const stored = await changePersonCapped(
    ctx.db,
    session.peer,
    (current) => {
      // Read afresh: a decline may have landed since `person` was read.
      if (current?.state === 'rejected') return undefined;
      const fresh = met(session, profile, 'incoming', now);
      const base = current ?? (via ? { ...fresh, viaGroup: via } : fresh);
      if (base.state !== 'incoming' && base.state !== 'declined') return undefined;
      return { person: withState(withProfile(base, profile), 'incoming') };
    },
    { state: 'incoming', max: MAX_INCOMING_REQUESTS },
    now,
  );
  if (stored === 'full') {
    logger.warn('too many open requests; dropping one from', session.peer);
    return session.close('stranger');
  }
  if (stored?.state === 'rejected') return void session.send(declineFrame());
  ctx.changed(session.peer);
}

/** The group a member's request names, when both of us are in it now; else null. */
async function viaGroup(
  ctx: ProtocolContext,
  peer: PeerId,
  conv: ConversationId,
): Promise<PersonRecord['viaGroup'] | null> {
  if (!(await ctx.sharesGroup(peer, conv))) return null;
  return { conv, name: (await getConv(ctx.db, conv))?.name ?? '' };
}

async function onRequest(
  ctx: ProtocolContext,
  session: FriendSession,
  person: PersonRecord | null,
  { proof, profile, group }: Request,
): Promise<void> {
  const state = person?.state;
  if (state === 'removed') return; // our FRIEND_REMOVED is already on its way
  if (state === 'friend' || state === 'outgoing') {
    // A resent request, or both scanned each other: friends.
    const now = ctx.now();
    await changePerson(
      ctx.db,
      session.peer,
      (current) => befriend(current, session, profile, now),
      now,
    );
    ctx.changed(session.peer);
    return sendAccept(ctx, session);
  }
  const match = await matchFriendRequestProof(
    await listInvites(ctx.db),
    session.peer,
    proof,
    ctx.now(),
  );
  if (match.kind === 'valid') {
    if (await redeem(ctx, session, match.record.secret, profile)) return;
    // Someone else redeemed it a moment ago: like a used invite.
  } else if (match.kind === 'none' && !person) {
    // [GRP-61] A member asking over a group both are in is asked about, as "from group X".
    const via = group ? await viaGroup(ctx, session.peer, group) : null;
    if (via) return askUser(ctx, session, person, profile, via);
    logger.info('stranger without a valid invite', session.peer);
    return session.close('stranger');
  }
  // 'repeat' lands here too: a friend's resend was handled above, so this peer
  // used the invite once but is no friend now (we deleted them). That old use
  // must not befriend them again without the user. [INV-11]
  return askUser(ctx, session, person, profile);
}

async function onRemoved(
  ctx: ProtocolContext,
  session: FriendSession,
  person: PersonRecord | null,
): Promise<void> {
  // Blocking sends nothing, and the block stays (a frame queued before it took effect).
  if (person?.blocked) return session.close('blocked');
  if (person?.state === 'rejected') {
    // They withdrew a request we declined: answer, so their tombstone clears,
    // but keep our decline, or they could simply ask again as a stranger. [FR-4]
    session.send(removedFrame());
    return session.close('local');
  }
  // Answer unless this is the answer to our own: then the tombstone is done. [FR-5]
  if (person?.state !== 'removed') session.send(removedFrame());
  if (person) {
    await changePerson(ctx.db, session.peer, () => ({ person: null }), ctx.now());
    ctx.changed(session.peer);
  }
  session.close('local');
}

async function update(
  ctx: ProtocolContext,
  peer: PeerId,
  fn: (p: PersonRecord) => PersonChange | undefined,
): Promise<void> {
  await changePerson(ctx.db, peer, (current) => (current ? fn(current) : undefined), ctx.now());
  ctx.changed(peer);
}

/**
 * Handle one friend frame from `person` (null: a stranger). A stranger may
 * only send FRIEND_REQUEST or FRIEND_REMOVED; anything else closes. [FR-2]
 */
export async function handleFriendFrame(
  ctx: ProtocolContext,
  session: FriendSession,
  person: PersonRecord | null,
  frame: ParsedFriendFrame,
): Promise<void> {
  const state = person?.state;
  switch (frame.type) {
    case 'FRIEND_REQUEST':
      return onRequest(ctx, session, person, frame);
    case 'FRIEND_REMOVED':
      return onRemoved(ctx, session, person);
    case 'FRIEND_ACCEPT':
      if (state === 'outgoing' || state === 'declined' || state === 'friend') {
        return update(ctx, session.peer, (p) => ({
          person: withState(withProfile(p, frame.profile), 'friend'),
          dequeue: ['FRIEND_REQUEST'],
        }));
      }
      break;
    case 'FRIEND_DECLINE':
      if (state === 'outgoing') {
        return update(ctx, session.peer, (p) => ({
          person: withState(p, 'declined'),
          dequeue: ['FRIEND_REQUEST'],
        }));
      }
      break;
    case 'PROFILE':
      if (state === 'friend') {
        return update(ctx, session.peer, (p) =>
          frame.profile.version > p.profileVersion
            ? { person: withProfile(p, frame.profile) }
            : undefined,
        );
      }
      break;
    case 'PROFILE_HAVE':
      if (state === 'friend') {
        const mine = await ctx.myProfile();
        if (mine.version > frame.version) session.send(profileFrame(mine));
        return;
      }
      break;
    case 'REACH':
      // Only a friend's token is kept; a pending or blocked peer's is ignored. [FR-8]
      if (person && opensTo(person)) {
        if (await keepHeldToken(ctx.db, session.peer, frame.token, ctx.now())) {
          ctx.changed(session.peer);
        }
        return;
      }
      break;
  }
  if (!person) return session.close('stranger');
  logger.debug('ignoring', frame.type, 'from', session.peer, 'in state', state);
}
