/**
 * The friend protocol's decisions, one frame at a time, on a real (fake-indexeddb)
 * database and a fake session, so each rule of the spec is pinned down by a
 * test that fails when the rule is broken.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlumeDatabase } from '../../db/db';
import { addInvite } from '../../db/invitesRepo';
import { changePerson, getPerson, listPeople } from '../../db/peopleRepo';
import { base64urlDecode } from '../../lib/base64url';
import type { PeerId } from '../../lib/ids';
import { friendRequestProof, INVITE_TTL_MS, newInviteRecord } from '../../lib/invite';
import { setLogSink } from '../../lib/log';
import type { PersonRecord, PersonState } from '../../lib/people';
import type { ProfileData } from '../../lib/profile';
import { randomPeerId } from '../memory/MemoryHub';
import type { SessionCloseReasonKey } from '../session/closeReasons';
import type { OutgoingFrame } from '../session/frames';
import type { ParsedFriendFrame } from './frames';
import {
  handleFriendFrame,
  MAX_INCOMING_REQUESTS,
  type FriendSession,
  type ProtocolContext,
} from './handlers';
import { newPerson } from './records';
import { createReachToken } from '../../lib/reach';

const MINE: ProfileData = { name: 'Ada', statusLine: '', avatar: null, version: 500 };
const THEIRS: ProfileData = { name: 'Bob', statusLine: 'hi', avatar: null, version: 7 };
const NO_MATCH = 'A'.repeat(43);

let db: PlumeDatabase;
let restoreLog: () => void;
beforeEach(() => {
  restoreLog = setLogSink(() => undefined);
  db = new PlumeDatabase(`test-handlers-${crypto.randomUUID()}`);
});
afterEach(() => {
  db.close();
  restoreLog();
});

const ctx: ProtocolContext = {
  get db() {
    return db;
  },
  now: () => Date.now(),
  myProfile: () => Promise.resolve(MINE),
  changed: () => undefined,
  sharesGroup: () => Promise.resolve(false),
};

/** A fake authenticated session that records what the handlers do with it. */
function fakeSession(peer: PeerId = randomPeerId()) {
  const sent: string[] = [];
  const state: { closed: SessionCloseReasonKey | null } = { closed: null };
  const session: FriendSession = {
    peer,
    pub: crypto.getRandomValues(new Uint8Array(32)),
    send: (frame: OutgoingFrame) => {
      sent.push(frame.type);
      return true;
    },
    close: (reason: SessionCloseReasonKey = 'local') => {
      state.closed ??= reason;
    },
  };
  return { session, sent, state };
}

async function store(
  session: FriendSession,
  personState: PersonState,
  patch: Partial<PersonRecord> = {},
): Promise<PersonRecord> {
  const person = { ...newPerson(session.peer, session.pub!, 'Bob', personState, 1), ...patch };
  await changePerson(db, session.peer, () => ({ person }), 1);
  return person;
}

async function handle(session: FriendSession, frame: ParsedFriendFrame): Promise<void> {
  await handleFriendFrame(ctx, session, await getPerson(db, session.peer), frame);
}

function request(proof: string): ParsedFriendFrame {
  return { type: 'FRIEND_REQUEST', proof, profile: THEIRS };
}

/** A stored invite and a proof for `peer`; `expired` makes it past its 24 h. */
async function invite(peer: PeerId, options: { expired?: boolean; usedBy?: PeerId } = {}) {
  const created = options.expired ? Date.now() - INVITE_TTL_MS - 1000 : Date.now();
  const record = newInviteRecord(created);
  if (options.usedBy) Object.assign(record, { usedBy: options.usedBy, usedAt: created });
  await addInvite(db, record);
  return friendRequestProof(base64urlDecode(record.secret)!, peer);
}

describe('friend requests [FR-2][FR-3][INV-11]', () => {
  it('[FR-2] at most MAX_INCOMING_REQUESTS strangers are stored, even all at once', async () => {
    const requesters = Array.from({ length: 120 }, () => fakeSession());
    // One expired invite: each requester's proof is bound to its own id. [INV-9]
    const record = newInviteRecord(Date.now() - INVITE_TTL_MS - 1000);
    await addInvite(db, record);
    const secret = base64urlDecode(record.secret)!;
    const proofs = await Promise.all(
      requesters.map((r) => friendRequestProof(secret, r.session.peer)),
    );
    await Promise.all(requesters.map((r, i) => handle(r.session, request(proofs[i]!))));
    const incoming = (await listPeople(db)).filter((p) => p.state === 'incoming');
    expect(incoming).toHaveLength(MAX_INCOMING_REQUESTS);
    const dropped = requesters.filter((r) => r.state.closed === 'stranger');
    expect(dropped).toHaveLength(120 - MAX_INCOMING_REQUESTS);
  });

  it('[FR-2] with the cap reached a stranger is closed and not stored; a known peer still asks', async () => {
    for (let i = 0; i < MAX_INCOMING_REQUESTS; i++) await store(fakeSession().session, 'incoming');
    const stranger = fakeSession();
    await handle(stranger.session, request(await invite(stranger.session.peer, { expired: true })));
    expect(stranger.state.closed).toBe('stranger');
    expect(await getPerson(db, stranger.session.peer)).toBeNull();
    const declinedUs = fakeSession();
    await store(declinedUs.session, 'declined');
    await handle(declinedUs.session, request(NO_MATCH));
    expect(await getPerson(db, declinedUs.session.peer)).toMatchObject({ state: 'incoming' });
  });

  it('[INV-11][FR-3] a repeat proof from someone who is no friend (deleted since) asks the user', async () => {
    const peer = fakeSession();
    const proof = await invite(peer.session.peer, { usedBy: peer.session.peer });
    await handle(peer.session, request(proof));
    expect(await getPerson(db, peer.session.peer)).toMatchObject({ state: 'incoming' });
    expect(peer.sent).toEqual([]);
  });

  it('[INV-11][FR-3] a repeat proof from a friend (a resend) is accepted again', async () => {
    const peer = fakeSession();
    await store(peer.session, 'friend');
    await handle(
      peer.session,
      request(await invite(peer.session.peer, { usedBy: peer.session.peer })),
    );
    expect(peer.sent).toEqual(['FRIEND_ACCEPT']);
    expect(await getPerson(db, peer.session.peer)).toMatchObject({ state: 'friend', name: 'Bob' });
  });

  it('[FR-3] removed: a request is ignored (our FRIEND_REMOVED is on its way)', async () => {
    const peer = fakeSession();
    const before = await store(peer.session, 'removed');
    await handle(peer.session, request(await invite(peer.session.peer)));
    expect(peer.sent).toEqual([]);
    expect(peer.state.closed).toBeNull();
    expect(await getPerson(db, peer.session.peer)).toEqual(before);
  });

  it('[FR-3] declined and no matching invite: the request becomes incoming', async () => {
    const peer = fakeSession();
    await store(peer.session, 'declined');
    await handle(peer.session, request(NO_MATCH));
    expect(await getPerson(db, peer.session.peer)).toMatchObject({
      state: 'incoming',
      name: 'Bob',
    });
    expect(peer.sent).toEqual([]);
    expect(peer.state.closed).toBeNull();
  });

  it('[FR-3][FR-4] rejected: FRIEND_DECLINE at once, for an expired, used or unknown proof', async () => {
    const peer = fakeSession();
    await store(peer.session, 'rejected');
    const other = randomPeerId();
    await handle(peer.session, request(await invite(peer.session.peer, { expired: true })));
    await handle(peer.session, request(await invite(peer.session.peer, { usedBy: other })));
    await handle(peer.session, request(NO_MATCH));
    expect(peer.sent).toEqual(['FRIEND_DECLINE', 'FRIEND_DECLINE', 'FRIEND_DECLINE']);
    expect(await getPerson(db, peer.session.peer)).toMatchObject({ state: 'rejected' });
  });
});

describe('FRIEND_REMOVED [FR-5]', () => {
  it('[FR-5] a stranger’s FRIEND_REMOVED is answered and nothing is stored', async () => {
    const peer = fakeSession();
    await handle(peer.session, { type: 'FRIEND_REMOVED' });
    expect(peer.sent).toEqual(['FRIEND_REMOVED']);
    expect(peer.state.closed).toBe('local');
    expect(await getPerson(db, peer.session.peer)).toBeNull();
  });

  it('[FR-5] a friend’s FRIEND_REMOVED deletes them and is answered', async () => {
    const peer = fakeSession();
    await store(peer.session, 'friend');
    await handle(peer.session, { type: 'FRIEND_REMOVED' });
    expect(peer.sent).toEqual(['FRIEND_REMOVED']);
    expect(await getPerson(db, peer.session.peer)).toBeNull();
  });

  it('[FR-5] the answer to our own FRIEND_REMOVED ends the tombstone and is not answered (no loop)', async () => {
    const peer = fakeSession();
    await store(peer.session, 'removed');
    await handle(peer.session, { type: 'FRIEND_REMOVED' });
    expect(peer.sent).toEqual([]);
    expect(await getPerson(db, peer.session.peer)).toBeNull();
  });

  it('[FR-5][FR-4] a rejected peer’s FRIEND_REMOVED is answered but our decline stays', async () => {
    const peer = fakeSession();
    const before = await store(peer.session, 'rejected');
    await handle(peer.session, { type: 'FRIEND_REMOVED' });
    expect(peer.sent).toEqual(['FRIEND_REMOVED']);
    expect(await getPerson(db, peer.session.peer)).toEqual(before);
  });

  it('[FR-5][SES-2] a blocked peer’s FRIEND_REMOVED (queued before the block) keeps the row, says nothing', async () => {
    const peer = fakeSession();
    const before = await store(peer.session, 'friend', { blocked: true });
    await handle(peer.session, { type: 'FRIEND_REMOVED' });
    expect(peer.sent).toEqual([]);
    expect(peer.state.closed).toBe('blocked');
    expect(await getPerson(db, peer.session.peer)).toEqual(before);
  });
});

describe('profiles [FR-6][FR-7]', () => {
  const newer: ParsedFriendFrame = {
    type: 'PROFILE',
    profile: { name: 'Mallory', statusLine: '', avatar: null, version: 99 },
  };

  it('[FR-6] PROFILE from anyone but a friend is ignored', async () => {
    for (const state of ['outgoing', 'incoming', 'declined', 'rejected', 'removed'] as const) {
      const peer = fakeSession();
      const before = await store(peer.session, state);
      await handle(peer.session, newer);
      expect(await getPerson(db, peer.session.peer)).toEqual(before);
    }
  });

  it('[FR-6] a friend’s PROFILE is kept only when newer than the one held', async () => {
    const peer = fakeSession();
    await store(peer.session, 'friend', { profileVersion: 100, name: 'Bob' });
    await handle(peer.session, newer);
    expect(await getPerson(db, peer.session.peer)).toMatchObject({
      name: 'Bob',
      profileVersion: 100,
    });
    await handle(peer.session, {
      ...newer,
      profile: { ...newer.profile, version: 101 },
    });
    expect(await getPerson(db, peer.session.peer)).toMatchObject({
      name: 'Mallory',
      profileVersion: 101,
    });
  });

  it('[FR-7] PROFILE is sent only when the friend holds an older version', async () => {
    const peer = fakeSession();
    await store(peer.session, 'friend');
    await handle(peer.session, { type: 'PROFILE_HAVE', version: MINE.version });
    await handle(peer.session, { type: 'PROFILE_HAVE', version: MINE.version + 1 });
    expect(peer.sent).toEqual([]);
    await handle(peer.session, { type: 'PROFILE_HAVE', version: MINE.version - 1 });
    expect(peer.sent).toEqual(['PROFILE']);
    const stranger = fakeSession();
    await store(stranger.session, 'outgoing');
    await handle(stranger.session, { type: 'PROFILE_HAVE', version: 0 });
    expect(stranger.sent).toEqual([]);
  });
});

describe('reach tokens [FR-8]', () => {
  it('[FR-8] a friend’s token is kept, and replaced by the next one it sends', async () => {
    const friend = fakeSession();
    await store(friend.session, 'friend');
    const first = createReachToken();
    await handle(friend.session, { type: 'REACH', token: first });
    expect((await getPerson(db, friend.session.peer))?.reachHeld).toBe(first);
    const second = createReachToken();
    await handle(friend.session, { type: 'REACH', token: second });
    expect((await getPerson(db, friend.session.peer))?.reachHeld).toBe(second);
    expect(friend.state.closed).toBeNull();
  });

  it('[FR-8] a pending or blocked peer’s token is ignored; a stranger’s closes its session', async () => {
    const invited = createReachToken();
    for (const state of ['outgoing', 'incoming', 'declined', 'removed', 'rejected'] as const) {
      const pending = fakeSession();
      await store(pending.session, state, { reachHeld: invited });
      await handle(pending.session, { type: 'REACH', token: createReachToken() });
      expect((await getPerson(db, pending.session.peer))?.reachHeld).toBe(invited);
      expect(pending.state.closed).toBeNull();
    }
    const blocked = fakeSession();
    await store(blocked.session, 'friend', { blocked: true });
    await handle(blocked.session, { type: 'REACH', token: createReachToken() });
    expect((await getPerson(db, blocked.session.peer))?.reachHeld).toBeUndefined();
    const stranger = fakeSession();
    await handle(stranger.session, { type: 'REACH', token: createReachToken() });
    expect(stranger.state.closed).toBe('stranger');
    expect(await getPerson(db, stranger.session.peer)).toBeNull();
  });
});
