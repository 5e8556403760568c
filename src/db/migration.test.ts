import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { generateIdentityKeys } from '../lib/identity';
import {
  IDENTITY_KEY,
  PlumeDatabase,
  PROFILE_KEY,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  SCHEMA_V5,
} from './db';

describe('schema migrations', () => {
  it('upgrades a v1 database to v2: old rows kept, new tables empty, profile seeded', async () => {
    const name = `test-migration-${crypto.randomUUID()}`;
    const keys = await generateIdentityKeys();
    // A database exactly as schema v1 left it.
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.table('identity').put({
      key: IDENTITY_KEY,
      id: keys.id,
      displayName: 'Ada',
      createdAt: 123,
      publicKeyRaw: keys.publicKeyRaw,
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
    });
    await v1.table('settings').put({ key: 'theme', value: 'dark' });
    v1.close();

    const db = new PlumeDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect((await db.identity.get(IDENTITY_KEY))?.id).toBe(keys.id);
    expect(await db.settings.get('theme')).toEqual({ key: 'theme', value: 'dark' });
    expect(await db.people.count()).toBe(0);
    expect(await db.invites.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.profile.get(PROFILE_KEY)).toEqual({
      key: PROFILE_KEY,
      name: 'Ada',
      avatar: null,
      statusLine: '',
      version: 0,
    });
    db.close();
  });

  it('upgrades an empty v1 database (before onboarding) without seeding a profile', async () => {
    const name = `test-migration-empty-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    v1.close();
    const db = new PlumeDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.profile.count()).toBe(0);
    db.close();
  });

  it('[FILE-9] upgrades a v3 database with chat data to v4: rows kept, file tables empty', async () => {
    const name = `test-migration-v4-${crypto.randomUUID()}`;
    // A database exactly as schema v3 left it, with a conversation and an event.
    const v3 = new Dexie(name);
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2);
    v3.version(3).stores(SCHEMA_V3);
    const conv = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa';
    const author = 'b'.repeat(32);
    const event = {
      conv,
      author,
      seq: 1,
      lamport: 1,
      ts: 5,
      type: 'text',
      body: { text: 'hi' },
      sig: 's',
    };
    await v3.table('events').put(event);
    await v3.table('convs').put({ conv, peer: author, lastActivity: 5 });
    await v3.table('settings').put({ key: 'theme', value: 'dark' });
    v3.close();

    const db = new PlumeDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.events.get([conv, author, 1])).toEqual(event);
    expect((await db.convs.get(conv as never))?.lastActivity).toBe(5);
    expect(await db.settings.get('theme')).toEqual({ key: 'theme', value: 'dark' });
    for (const table of [db.files, db.fileChunks, db.fileHashes, db.fileUploads, db.fileScan]) {
      expect(await table.count()).toBe(0);
    }
    // The new tables work: a chunk stored as a Blob comes back as one.
    await db.fileChunks.put({ key: 'k', index: 0, data: new Blob(['abc']) });
    expect(await (await db.fileChunks.get(['k', 0]))?.data.text()).toBe('abc');
    db.close();
  });

  it('[GRP-18] upgrades a v4 database to v5: events kept and readable, control index and groups table empty', async () => {
    const name = `test-migration-v5-${crypto.randomUUID()}`;
    const v4 = new Dexie(name);
    v4.version(1).stores(SCHEMA_V1);
    v4.version(2).stores(SCHEMA_V2);
    v4.version(3).stores(SCHEMA_V3);
    v4.version(4).stores(SCHEMA_V4);
    const conv = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa';
    const author = 'b'.repeat(32);
    const event = {
      conv,
      author,
      seq: 1,
      lamport: 1,
      ts: 5,
      type: 'text',
      body: { text: 'hi' },
      sig: 's',
    };
    await v4.table('events').put(event);
    v4.close();

    const db = new PlumeDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.events.get([conv, author, 1])).toEqual(event);
    expect(
      await db.events
        .where('[conv+lamport+author]')
        .between([conv, 0, ''], [conv, 9, '\uffff'])
        .count(),
    ).toBe(1);
    // A direct event carries no `control`: the new index holds nothing.
    expect(await db.events.where('control').equals(conv).count()).toBe(0);
    expect(await db.groups.count()).toBe(0);
    await db.events.put({ ...event, seq: 2, control: conv } as never);
    expect(await db.events.where('control').equals(conv).count()).toBe(1);
    db.close();
  });

  it('[GRP-52] upgrades a v5 database to v6: groups kept, the read marks table empty', async () => {
    const name = `test-migration-v6-${crypto.randomUUID()}`;
    const v5 = new Dexie(name);
    v5.version(1).stores(SCHEMA_V1);
    v5.version(2).stores(SCHEMA_V2);
    v5.version(3).stores(SCHEMA_V3);
    v5.version(4).stores(SCHEMA_V4);
    v5.version(5).stores(SCHEMA_V5);
    const conv = 'g:aaaaaaaaaaaaaaaaaaaaaaaaaa';
    await v5.table('groups').put({ conv, fold: {}, keys: {}, controls: 0 });
    v5.close();

    const db = new PlumeDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.groups.count()).toBe(1);
    expect(await db.groupMarks.count()).toBe(0);
    const member = 'b'.repeat(32);
    await db.groupMarks.put({ conv: conv as never, member: member as never, upto: 3, sig: 's' });
    expect((await db.groupMarks.get([conv, member]))?.upto).toBe(3);
    db.close();
  });
});
