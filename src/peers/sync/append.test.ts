import { afterEach, describe, expect, it } from 'vitest';
import { ensureConv, getConv } from '../../db/convsRepo';
import { storeEvents } from '../../db/chatStore';
import { PlumeDatabase } from '../../db/db';
import { signEvent } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import { generateIdentityKeys, type IdentityKeys } from '../../lib/identity';
import type { PersonRecord } from '../../lib/people';
import { appendEvent, NotFriendError } from './append';

let dbs: PlumeDatabase[] = [];
afterEach(() => {
  for (const db of dbs) db.close();
  dbs = [];
});

function open(name: string): PlumeDatabase {
  const db = new PlumeDatabase(name);
  dbs.push(db);
  return db;
}

function friendRecord(keys: IdentityKeys, blocked = false): PersonRecord {
  return {
    id: keys.id,
    pub: keys.publicKeyRaw,
    name: 'Bob',
    remark: null,
    avatar: null,
    statusLine: '',
    profileVersion: 0,
    labels: [],
    state: 'friend',
    verified: false,
    blocked,
    lastSeen: null,
    notice: null,
    createdAt: 1,
  };
}

/** My install's database with Bob as a friend and our conversation row. */
async function setup() {
  const [me, bob] = [await generateIdentityKeys(), await generateIdentityKeys()];
  const name = `test-append-${crypto.randomUUID()}`;
  const db = open(name);
  await db.people.put(friendRecord(bob));
  const conv = directConversationId(me.id, bob.id);
  const who = { conv, peer: bob.id, members: [me.id, bob.id] };
  await ensureConv(db, who, 1);
  return { db, name, me, bob, conv, who };
}

describe('appendEvent [SYNC-4][CHAT-3]', () => {
  it('[CHAT-3] takes the next seq and a lamport above what another tab stored meanwhile', async () => {
    const { db, name, me, bob, conv, who } = await setup();
    const first = await appendEvent(db, me, conv, 'text', { text: 'one' }, 10);
    expect(first.event).toMatchObject({ seq: 1, lamport: 1 });
    // Another tab of the same install (its own connection) appends, and Bob's reply lands there.
    const other = open(name);
    await appendEvent(other, me, conv, 'text', { text: 'two, from the other tab' }, 11);
    const reply = await signEvent(
      { conv, author: bob.id, seq: 1, lamport: 7, ts: 12, type: 'text', body: { text: 'hi' } },
      bob.privateKey,
    );
    await storeEvents(other, who, [reply], me.id, 12);
    // This page signed from the head it stored last; the transaction sees that it moved.
    const third = await appendEvent(db, me, conv, 'text', { text: 'three' }, 13);
    expect(third.event).toMatchObject({ seq: 3, lamport: 8 });
    expect((await getConv(db, conv))!.vv).toEqual({ [me.id]: 3, [bob.id]: 1 });
  });

  it('[SYNC-4] refuses once the friend is blocked, though nothing was read before the store', async () => {
    const { db, me, bob, conv } = await setup();
    await appendEvent(db, me, conv, 'text', { text: 'one' }, 10);
    await db.people.put(friendRecord(bob, true));
    await expect(appendEvent(db, me, conv, 'text', { text: 'two' }, 11)).rejects.toBeInstanceOf(
      NotFriendError,
    );
    expect((await getConv(db, conv))!.vv).toEqual({ [me.id]: 1 });
  });

  it('refuses a conversation that does not exist', async () => {
    const { db, me, bob } = await setup();
    const stranger = directConversationId(bob.id, (await generateIdentityKeys()).id);
    await expect(appendEvent(db, me, stranger, 'text', { text: 'x' }, 1)).rejects.toBeInstanceOf(
      NotFriendError,
    );
  });
});
