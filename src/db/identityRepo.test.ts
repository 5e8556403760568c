import { beforeEach, describe, expect, it } from 'vitest';
import { generateIdentityKeys, sign, verify } from '../lib/identity';
import { closeDb, useDatabase } from './db';
import {
  getIdentity,
  saveIdentity,
  saveIdentityIfAbsent,
  updateDisplayName,
  type StoredIdentity,
} from './identityRepo';

let name = '';
beforeEach(() => {
  name = `test-identity-${crypto.randomUUID()}`;
  useDatabase(name);
});

async function makeIdentity(displayName = 'Ada'): Promise<StoredIdentity> {
  return { ...(await generateIdentityKeys()), displayName, createdAt: 1_700_000_000_000 };
}

describe('identity repository', () => {
  it('is empty on first run', async () => {
    expect(await getIdentity()).toBeNull();
  });

  it('stores the identity; the CryptoKeys survive structured clone and still sign', async () => {
    const identity = await makeIdentity();
    await saveIdentity(identity);
    // Reopen, so the row really comes back from IndexedDB and not from a cache.
    closeDb();
    useDatabase(name);
    const stored = await getIdentity();
    expect(stored).not.toBeNull();
    expect(stored!.id).toBe(identity.id);
    expect(stored!.publicKeyRaw).toEqual(identity.publicKeyRaw);
    expect(stored!.privateKey).toBeInstanceOf(CryptoKey);
    expect(stored!.privateKey.extractable).toBe(true);
    const data = new TextEncoder().encode('hello');
    const sig = await sign(stored!.privateKey, data);
    expect(await verify(stored!.publicKeyRaw, sig, data)).toBe(true);
    expect(await crypto.subtle.verify('Ed25519', stored!.publicKey, sig, data)).toBe(true);
  });

  it('saveIdentityIfAbsent keeps the first identity when two tabs race', async () => {
    const [first, second] = await Promise.all([makeIdentity('One'), makeIdentity('Two')]);
    const results = await Promise.all([saveIdentityIfAbsent(first), saveIdentityIfAbsent(second)]);
    expect(results[0].id).toBe(results[1].id);
    expect((await getIdentity())!.id).toBe(results[0].id);
  });

  it('updates the display name only when an identity exists', async () => {
    expect(await updateDisplayName('Nobody')).toBe(false);
    await saveIdentity(await makeIdentity());
    expect(await updateDisplayName('Grace')).toBe(true);
    expect((await getIdentity())!.displayName).toBe('Grace');
  });
});
