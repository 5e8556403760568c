/**
 * Backup snapshot: read everything a backup holds in one read transaction,
 * and restore it in ONE write transaction, so a failure part-way changes
 * nothing. Rows are rebuilt field by field, so nothing unexpected from a
 * file reaches IndexedDB. [BAK-9, BAK-10]
 */
import { base64urlDecode, base64urlEncode } from '../lib/base64url';
import {
  BACKUP_FORMAT,
  type BackupPayload,
  type BackupPerson,
  type BackupProfile,
} from '../lib/backupPayload';
import { exportPrivateKey, importIdentityKeys } from '../lib/identityBackup';
import { peerIdFromPublicKey, type PeerId } from '../lib/ids';
import type { InviteRecord } from '../lib/invite';
import type { OutboxEntry, PersonRecord } from '../lib/people';
import {
  IDENTITY_KEY,
  PROFILE_KEY,
  type IdentityRow,
  type PlumeDatabase,
  type ProfileRow,
} from './db';
import { withStorage } from './storageErrors';

/** Outcome of {@link restoreBackupPayload}. */
export type RestoreOutcome =
  { ok: true; id: PeerId } | { ok: false; reason: 'corrupt' | 'not-empty' };

/**
 * The fields a person carries unchanged between the store and a backup, copied one by one
 * so that nothing else (an unknown field in a crafted file) is ever written. Both reach
 * tokens travel too: a restored device keeps registering what its friends present, and
 * keeps presenting what they registered. [SIG-REACH-1]
 */
function personFields(p: BackupPerson | PersonRecord): Omit<PersonRecord, 'pub'> {
  const reach: Pick<PersonRecord, 'reachGiven' | 'reachHeld'> = {};
  if (p.reachGiven !== undefined) reach.reachGiven = p.reachGiven;
  if (p.reachHeld !== undefined) reach.reachHeld = p.reachHeld;
  return {
    ...reach,
    id: p.id,
    name: p.name,
    remark: p.remark,
    avatar: p.avatar,
    statusLine: p.statusLine,
    profileVersion: p.profileVersion,
    labels: [...p.labels],
    state: p.state,
    verified: p.verified,
    blocked: p.blocked,
    lastSeen: p.lastSeen,
    notice: p.notice ? { at: p.notice.at, reason: p.notice.reason } : null,
    createdAt: p.createdAt,
  };
}

function personOut(p: PersonRecord): BackupPerson {
  return { ...personFields(p), pub: base64urlEncode(p.pub) };
}

function inviteRow(r: InviteRecord): InviteRecord {
  const row: InviteRecord = { secret: r.secret, createdAt: r.createdAt, expiresAt: r.expiresAt };
  if (r.usedBy !== undefined && r.usedAt !== undefined) {
    row.usedBy = r.usedBy;
    row.usedAt = r.usedAt;
  }
  return row;
}

function outboxRow(e: Omit<OutboxEntry, 'seq'>): Omit<OutboxEntry, 'seq'> {
  const frame =
    e.frame.type === 'FRIEND_REQUEST'
      ? { type: e.frame.type, proof: e.frame.proof }
      : { type: e.frame.type };
  return { to: e.to, frame, createdAt: e.createdAt };
}

function profileOut(row: ProfileRow | undefined): BackupProfile | null {
  if (!row) return null;
  return { name: row.name, avatar: row.avatar, statusLine: row.statusLine, version: row.version };
}

/** Everything a backup holds, or null when there is no identity yet. */
export async function exportBackupPayload(
  db: PlumeDatabase,
  now: number = Date.now(),
): Promise<BackupPayload | null> {
  const snap = await withStorage(db, (d) =>
    d.transaction(
      'r',
      [d.identity, d.profile, d.people, d.invites, d.outbox, d.settings],
      async () => ({
        identity: await d.identity.get(IDENTITY_KEY),
        profile: await d.profile.get(PROFILE_KEY),
        people: await d.people.toArray(),
        invites: await d.invites.toArray(),
        outbox: await d.outbox.toArray(),
        settings: await d.settings.toArray(),
      }),
    ),
  );
  if (!snap.identity) return null;
  const { id, publicKeyRaw, privateKey, displayName, createdAt } = snap.identity;
  return {
    format: BACKUP_FORMAT,
    createdAt: now,
    identity: {
      id,
      pub: base64urlEncode(publicKeyRaw),
      pkcs8: await exportPrivateKey(privateKey),
      displayName,
      createdAt,
    },
    profile: profileOut(snap.profile),
    people: snap.people.map(personOut),
    invites: snap.invites.map(inviteRow),
    outbox: snap.outbox.map(outboxRow),
    settings: snap.settings.map(({ key, value }) => ({ key, value })),
  };
}

async function personIn(p: BackupPerson): Promise<PersonRecord | null> {
  const pub = base64urlDecode(p.pub);
  // A pinned key must hash to its id, or the restore would pin a wrong key.
  if (!pub || (await peerIdFromPublicKey(pub)) !== p.id) return null;
  return { ...personFields(p), pub };
}

/**
 * Restore a checked payload onto an empty install: keys are verified first,
 * then every table is written in one transaction. 'not-empty' when an
 * identity already exists (nothing is overwritten). Rejects with StorageError.
 */
export async function restoreBackupPayload(
  db: PlumeDatabase,
  payload: BackupPayload,
): Promise<RestoreOutcome> {
  const { identity } = payload;
  const keys = await importIdentityKeys(identity.id, identity.pub, identity.pkcs8);
  if (!keys) return { ok: false, reason: 'corrupt' };
  const people: PersonRecord[] = [];
  for (const p of payload.people) {
    const row = await personIn(p);
    if (!row) return { ok: false, reason: 'corrupt' };
    people.push(row);
  }
  const identityRow: IdentityRow = {
    key: IDENTITY_KEY,
    ...keys,
    displayName: identity.displayName,
    createdAt: identity.createdAt,
  };
  const profile = payload.profile;
  const profileRow: ProfileRow | null = profile && {
    key: PROFILE_KEY,
    name: profile.name,
    avatar: profile.avatar,
    statusLine: profile.statusLine,
    version: profile.version,
  };
  return withStorage(db, (d) =>
    d.transaction(
      'rw',
      [d.identity, d.profile, d.people, d.invites, d.outbox, d.settings],
      async (): Promise<RestoreOutcome> => {
        if (await d.identity.get(IDENTITY_KEY)) return { ok: false, reason: 'not-empty' };
        await d.identity.add(identityRow);
        if (profileRow) await d.profile.put(profileRow);
        await d.people.bulkPut(people);
        await d.invites.bulkPut(payload.invites.map(inviteRow));
        await d.outbox.bulkAdd(payload.outbox.map(outboxRow));
        await d.settings.bulkPut(payload.settings.map(({ key, value }) => ({ key, value })));
        return { ok: true, id: identity.id };
      },
    ),
  );
}
