import { beforeEach, describe, expect, it } from 'vitest';
import { restoreBackupPayload } from '../../../db/backupRepo';
import { getDb, useDatabase } from '../../../db/db';
import { addInvite } from '../../../db/invitesRepo';
import { changePerson } from '../../../db/peopleRepo';
import { saveMyProfile } from '../../../db/profileRepo';
import { saveSetting } from '../../../db/settings';
import { decryptBackup, encryptBackup, PBKDF2_ITERATIONS_MIN } from '../../../lib/backupCrypto';
import { parseBackupPayload, type BackupPayload } from '../../../lib/backupPayload';
import { generateIdentityKeys, sign, verify } from '../../../lib/identity';
import { newInviteRecord } from '../../../lib/invite';
import { setLogSink } from '../../../lib/log';
import { createReachToken } from '../../../lib/reach';
import { newPerson } from '../../../peers/friends/records';
import { exportBackup, importBackup } from './backup';
import { createIdentity, identityKeys, identityState, me } from './identity';

const PASS = 'correct horse battery staple';

function resetIdentityModel(): void {
  identityState.value = 'loading';
  me.value = null;
}

beforeEach(() => {
  useDatabase(`test-backup-${crypto.randomUUID()}`);
  resetIdentityModel();
});

async function populated(): Promise<Blob> {
  await createIdentity('Ada');
  const friend = await generateIdentityKeys();
  const db = getDb();
  await changePerson(
    db,
    friend.id,
    () => ({
      person: {
        ...newPerson(friend.id, friend.publicKeyRaw, 'Bob', 'friend', 5),
        remark: 'Bobby',
        labels: ['work'],
        reachGiven: createReachToken(),
        reachHeld: createReachToken(),
      },
      enqueue: [{ type: 'FRIEND_REMOVED' }],
    }),
    5,
  );
  await addInvite(db, newInviteRecord(7));
  await saveSetting('theme', 'dark');
  await saveMyProfile(db, { statusLine: 'away' }, 9);
  return exportBackup(PASS);
}

async function tablesOf() {
  const db = getDb();
  return {
    identity: await db.identity.toArray(),
    people: await db.people.toArray(),
    invites: await db.invites.toArray(),
    outbox: await db.outbox.toArray(),
    settings: await db.settings.toArray(),
    profile: await db.profile.toArray(),
  };
}

function freshInstall(): void {
  useDatabase(`test-backup-fresh-${crypto.randomUUID()}`);
  resetIdentityModel();
}

describe('identity backup', () => {
  it('[BAK-10] round-trips identity, friends, invites, outbox, settings and profile into a fresh install', async () => {
    const file = await populated();
    const original = await tablesOf();
    const originalKeys = identityKeys.value!;
    freshInstall();
    const result = await importBackup(file, PASS);
    expect(result).toEqual({ ok: true, id: originalKeys.id });
    expect(identityState.value).toBe('ready');
    expect(me.value?.id).toBe(originalKeys.id);
    const restored = await tablesOf();
    expect(restored.people).toEqual(original.people);
    expect(restored.invites).toEqual(original.invites);
    expect(restored.settings).toEqual(original.settings);
    expect(restored.profile).toEqual(original.profile);
    expect(restored.outbox.map((e) => e.frame)).toEqual(original.outbox.map((e) => e.frame));
    // The restored private key is the same key: it signs what the old public key verifies.
    const data = new TextEncoder().encode('same me');
    const sig = await sign(identityKeys.value!.privateKey, data);
    expect(await verify(originalKeys.publicKeyRaw, sig, data)).toBe(true);
    expect(identityKeys.value!.privateKey.extractable).toBe(true);
  });

  it('[BAK-7][BAK-9] a wrong passphrase or a damaged file is refused and changes nothing', async () => {
    const file = await populated();
    freshInstall();
    const before = await tablesOf();
    expect(await importBackup(file, 'wrong passphrase')).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    const bytes = new Uint8Array(await file.arrayBuffer());
    bytes[bytes.length - 40]! ^= 1;
    expect(await importBackup(new Blob([bytes]), PASS)).toEqual({ ok: false, reason: 'corrupt' });
    expect(await importBackup(new Blob(['hello']), PASS)).toEqual({
      ok: false,
      reason: 'not-a-backup',
    });
    expect(await tablesOf()).toEqual(before);
    expect(identityState.value).toBe('loading');
  });

  it('[BAK-9] refuses to restore over an existing identity (not-empty)', async () => {
    const file = await populated();
    const before = await tablesOf();
    expect(await importBackup(file, PASS)).toEqual({ ok: false, reason: 'not-empty' });
    expect(await tablesOf()).toEqual(before);
  });

  it('[BAK-10] a payload that decrypts but is malformed is corrupt and changes nothing', async () => {
    const file = await populated();
    const opened = await decryptBackup(new Uint8Array(await file.arrayBuffer()), PASS);
    if (!opened.ok) throw new Error('fixture');
    const payload = JSON.parse(new TextDecoder().decode(opened.payload)) as BackupPayload;
    const other = await generateIdentityKeys();
    const tampered: ((p: BackupPayload) => void)[] = [
      (p) => (p.people[0]!.state = 'best-friend' as 'friend'),
      (p) => (p.people[0]!.pub = p.identity.pub), // a pinned key that does not hash to its id
      (p) => (p.identity.pub = Buffer.from(other.publicKeyRaw).toString('base64url')),
      (p) => (p.invites[0]!.secret = 'short'),
      (p) => (p.people[0]!.reachGiven = 'not a token'),
      (p) => (p.format = 'plume-backup/9' as BackupPayload['format']),
      (p) => (p.outbox[0]!.to = p.identity.id), // frames only wait for stored people
      (p) => (p.profile!.version = Date.now() + 2 * 24 * 60 * 60 * 1000),
    ];
    freshInstall();
    const before = await tablesOf();
    for (const tamper of tampered) {
      const copy = structuredClone(payload);
      tamper(copy);
      const sealed = await encryptBackup(new TextEncoder().encode(JSON.stringify(copy)), PASS, {
        iterations: PBKDF2_ITERATIONS_MIN,
      });
      expect(await importBackup(new Blob([sealed as BlobPart]), PASS)).toEqual({
        ok: false,
        reason: 'corrupt',
      });
    }
    expect(await tablesOf()).toEqual(before);
  });

  it('[BAK-9] a storage failure part-way through the restore writes nothing', async () => {
    const restoreSink = setLogSink(() => undefined);
    const file = await populated();
    const opened = await decryptBackup(new Uint8Array(await file.arrayBuffer()), PASS);
    if (!opened.ok) throw new Error('fixture');
    const payload = parseBackupPayload(JSON.parse(new TextDecoder().decode(opened.payload)))!;
    freshInstall();
    // A value IndexedDB cannot clone makes the last write of the transaction fail.
    payload.settings.push({ key: 'broken', value: () => 1 });
    await expect(restoreBackupPayload(getDb(), payload)).rejects.toMatchObject({
      name: 'StorageError',
    });
    const after = await tablesOf();
    expect(after.identity).toEqual([]);
    expect(after.people).toEqual([]);
    restoreSink();
  });
});
