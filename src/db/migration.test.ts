import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { generateIdentityKeys } from '../lib/identity';
import { IDENTITY_KEY, PlumeDatabase, PROFILE_KEY, SCHEMA_V1 } from './db';

describe('schema migrations', () => {
  it('upgrades a v1 database to v2: old rows kept, new tables empty, profile seeded', async () => {
    const name = `test-migration-${crypto.randomUUID()}`;
    const keys = await generateIdentityKeys();
    // A database exactly as issue 2 shipped it.
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
    expect(db.verno).toBe(3);
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
    expect(db.verno).toBe(3);
    expect(await db.profile.count()).toBe(0);
    db.close();
  });
});
