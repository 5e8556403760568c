import { beforeEach, describe, expect, it } from 'vitest';
import { base32Encode } from '../lib/base32';
import { generateIdentityKeys } from '../lib/identity';
import type { PeerId } from '../lib/ids';
import { newInviteRecord } from '../lib/invite';
import type { PersonRecord } from '../lib/people';
import { IDENTITY_KEY, PlumeDatabase } from './db';
import { addInvite, INVITE_KEEP_MS, listInvites, pruneInvites } from './invitesRepo';
import { dequeue, outboxFor } from './outboxRepo';
import { changePerson, dialTargets, getPerson, redeemInvite } from './peopleRepo';
import { loadMyProfile, saveMyProfile } from './profileRepo';

/** A random well-formed PeerId (not derived from a key). */
const randomPeerId = (): PeerId =>
  base32Encode(crypto.getRandomValues(new Uint8Array(20))) as PeerId;

let db: PlumeDatabase;
beforeEach(() => {
  db = new PlumeDatabase(`test-repos-${crypto.randomUUID()}`);
});

function person(id: PeerId, patch: Partial<PersonRecord> = {}): PersonRecord {
  return {
    id,
    pub: new Uint8Array(32),
    name: 'X',
    remark: null,
    avatar: null,
    statusLine: '',
    profileVersion: 0,
    labels: [],
    state: 'friend',
    verified: false,
    blocked: false,
    lastSeen: null,
    notice: null,
    createdAt: 1,
    ...patch,
  };
}

describe('people and outbox repositories', () => {
  it('changes a person and their outbox in one step; a queued type is replaced, not doubled', async () => {
    const id = randomPeerId();
    const request = { type: 'FRIEND_REQUEST', proof: 'p'.repeat(43) } as const;
    await changePerson(db, id, () => ({ person: person(id), enqueue: [request] }), 1);
    await changePerson(db, id, (p) => ({ person: p!, enqueue: [request] }), 2);
    expect((await outboxFor(db, id)).map((e) => e.frame.type)).toEqual(['FRIEND_REQUEST']);
    await changePerson(
      db,
      id,
      (p) => ({
        person: { ...p!, state: 'removed' },
        enqueue: [{ type: 'FRIEND_REMOVED' }],
        dequeue: ['FRIEND_REQUEST'],
      }),
      3,
    );
    expect((await outboxFor(db, id)).map((e) => e.frame.type)).toEqual(['FRIEND_REMOVED']);
    await dequeue(db, id, 'FRIEND_REMOVED');
    expect(await outboxFor(db, id)).toEqual([]);
    // Deleting the person deletes their outbox too.
    await changePerson(db, id, () => ({ person: person(id), enqueue: [request] }), 4);
    await changePerson(db, id, () => ({ person: null }), 5);
    expect(await getPerson(db, id)).toBeNull();
    expect(await outboxFor(db, id)).toEqual([]);
  });

  it('dials friends, pending requests and tombstones, never blocked people', async () => {
    const [friend, outgoing, removed, incoming, blocked, queued] = Array.from(
      { length: 6 },
      randomPeerId,
    );
    await db.people.bulkPut([
      person(friend!),
      person(outgoing!, { state: 'outgoing' }),
      person(removed!, { state: 'removed' }),
      person(incoming!, { state: 'incoming' }),
      person(blocked!, { blocked: true }),
    ]);
    await db.outbox.add({ to: queued!, frame: { type: 'FRIEND_REMOVED' }, createdAt: 1 });
    await db.outbox.add({ to: blocked!, frame: { type: 'FRIEND_REMOVED' }, createdAt: 1 });
    expect((await dialTargets(db)).sort()).toEqual([friend, outgoing, removed, queued].sort());
  });

  it('[INV-11] two strangers racing for one invite: exactly one redeems it', async () => {
    const record = newInviteRecord(1);
    await addInvite(db, record);
    const [x, y] = [randomPeerId(), randomPeerId()];
    const results = await Promise.all(
      [x, y].map((id) => redeemInvite(db, record.secret, id, () => ({ person: person(id) }), 5)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'taken' }]);
    const stored = (await listInvites(db))[0]!;
    expect([x, y]).toContain(stored.usedBy);
    // The winner may redeem again (a resent request).
    const again = await redeemInvite(db, record.secret, stored.usedBy!, () => undefined, 6);
    expect(again.ok).toBe(true);
    expect(await redeemInvite(db, 'nope', x, () => undefined, 6)).toEqual({
      ok: false,
      reason: 'gone',
    });
  });

  it('[INV-10] keeps expired and used invites for INVITE_KEEP_MS, newest first', async () => {
    const old = newInviteRecord(0);
    const fresh = newInviteRecord(INVITE_KEEP_MS);
    await addInvite(db, old);
    await addInvite(db, fresh);
    expect((await listInvites(db)).map((r) => r.secret)).toEqual([fresh.secret, old.secret]);
    await pruneInvites(db, old.expiresAt + INVITE_KEEP_MS - 1);
    expect(await listInvites(db)).toHaveLength(2);
    await pruneInvites(db, old.expiresAt + INVITE_KEEP_MS + 1);
    expect((await listInvites(db)).map((r) => r.secret)).toEqual([fresh.secret]);
  });
});

describe('profile repository', () => {
  it('[FR-6] bumps the version on every edit and when the name changed elsewhere', async () => {
    expect(await loadMyProfile(db)).toBeNull();
    const keys = await generateIdentityKeys();
    await db.identity.put({ key: IDENTITY_KEY, ...keys, displayName: 'Ada', createdAt: 1 });
    expect(await loadMyProfile(db, 10)).toEqual({
      name: 'Ada',
      avatar: null,
      statusLine: '',
      version: 0,
    });
    const edited = await saveMyProfile(db, { statusLine: 'hi' }, 1000);
    expect(edited).toMatchObject({ statusLine: 'hi', version: 1000 });
    // A clock that went backwards still moves the version forward.
    expect((await saveMyProfile(db, { displayName: 'Ada L.' }, 5))!.version).toBe(1001);
    expect((await db.identity.get(IDENTITY_KEY))!.displayName).toBe('Ada L.');
    await db.identity.update(IDENTITY_KEY, { displayName: 'Renamed' });
    expect(await loadMyProfile(db, 2000)).toMatchObject({ name: 'Renamed', version: 2000 });
  });
});
