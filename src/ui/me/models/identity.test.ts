import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, useDatabase } from '../../../db/db';
import { IdentityError, StorageError } from '../../../lib/errors';
import { setLogSink } from '../../../lib/log';
import {
  createIdentity,
  identityError,
  identityKeys,
  identityState,
  loadIdentity,
  me,
  setDisplayName,
} from './identity';

let name = '';
beforeEach(() => {
  name = `test-model-identity-${crypto.randomUUID()}`;
  useDatabase(name);
  identityState.value = 'loading';
  me.value = null;
  identityError.value = null;
});

describe('identity model', () => {
  it('first run: none, then create makes the identity ready with keys', async () => {
    await loadIdentity();
    expect(identityState.value).toBe('none');
    expect(me.value).toBeNull();
    await createIdentity('  Ada  ');
    expect(identityState.value).toBe('ready');
    expect(me.value?.displayName).toBe('Ada');
    expect(identityKeys.value?.id).toBe(me.value?.id);
    expect(identityKeys.value?.privateKey).toBeInstanceOf(CryptoKey);
  });

  it('a reload reads the same identity back from IndexedDB', async () => {
    await createIdentity('Ada');
    const id = me.value!.id;
    closeDb();
    useDatabase(name);
    identityState.value = 'loading';
    me.value = null;
    await loadIdentity();
    expect(identityState.value).toBe('ready');
    expect(me.peek()?.id).toBe(id);
  });

  it('refuses an empty name without touching storage', async () => {
    await expect(createIdentity('   ')).rejects.toBeInstanceOf(IdentityError);
    await loadIdentity();
    expect(identityState.value).toBe('none');
  });

  it('a storage failure stays loading (no onboarding over an unreadable identity) and sets the error', async () => {
    const restore = setLogSink(() => undefined);
    const db = useDatabase(`test-model-broken-${crypto.randomUUID()}`);
    const broken = () => Promise.reject(Object.assign(new Error('nope'), { name: 'UnknownError' }));
    db.identity.get = broken as unknown as typeof db.identity.get;
    await loadIdentity();
    expect(identityState.value).toBe('loading');
    expect(identityError.value).toBeInstanceOf(StorageError);
    restore();
  });

  it('renames', async () => {
    await createIdentity('Ada');
    await setDisplayName('Grace');
    expect(me.value?.displayName).toBe('Grace');
    closeDb();
    useDatabase(name);
    await loadIdentity();
    expect(me.value?.displayName).toBe('Grace');
  });
});
