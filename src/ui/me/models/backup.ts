/**
 * Identity backup and restore: everything a lost phone needs (identity with
 * its private key, my profile, people, invites, outbox, settings) as JSON
 * sealed with `encryptBackup`. A restore checks every field and the key pair
 * before writing anything, then writes in one transaction, so a wrong
 * passphrase, a damaged file or a storage failure changes nothing.
 * Spec: docs/protocol.md [BAK-*].
 */
import { getDb } from '../../../db/db';
import { exportBackupPayload, restoreBackupPayload } from '../../../db/backupRepo';
import { getIdentity } from '../../../db/identityRepo';
import { decryptBackup, encryptBackup } from '../../../lib/backupCrypto';
import { parseBackupPayload } from '../../../lib/backupPayload';
import { describeError, IdentityError, StorageError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { loadIdentity } from './identity';

const logger = log('ui:backup');

/** MIME type of a backup file. */
export const BACKUP_MIME = 'application/octet-stream';

export type ImportResult =
  | { ok: true; id: string }
  | {
      ok: false;
      reason:
        | 'wrong-passphrase'
        | 'corrupt'
        | 'unsupported-version'
        | 'not-a-backup'
        | 'not-empty'
        | 'storage';
    };

/** A file name for a backup made at `now`, e.g. `plume-backup-2026-05-01.plume`. */
export function backupFileName(now: Date = new Date()): string {
  return `plume-backup-${now.toISOString().slice(0, 10)}.plume`;
}

/**
 * Encrypted backup of identity, friends, invites, settings (and later history).
 * Throws IdentityError('missing') before onboarding, RangeError for an empty
 * passphrase, StorageError when the database cannot be read.
 */
export async function exportBackup(passphrase: string): Promise<Blob> {
  const payload = await exportBackupPayload(getDb());
  if (!payload) throw new IdentityError('missing');
  const file = await encryptBackup(new TextEncoder().encode(JSON.stringify(payload)), passphrase);
  return new Blob([file as BlobPart], { type: BACKUP_MIME });
}

function readJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
}

/** Restore onto a fresh install. Changes nothing unless it fully succeeds. */
export async function importBackup(file: Blob, passphrase: string): Promise<ImportResult> {
  try {
    // Before the slow key derivation: an install with an identity is never overwritten.
    if (await getIdentity()) return { ok: false, reason: 'not-empty' };
    const opened = await decryptBackup(new Uint8Array(await file.arrayBuffer()), passphrase);
    if (!opened.ok) return { ok: false, reason: opened.reason };
    const payload = parseBackupPayload(readJson(opened.payload));
    if (!payload) return { ok: false, reason: 'corrupt' };
    const restored = await restoreBackupPayload(getDb(), payload);
    if (!restored.ok) return restored;
    await loadIdentity();
    return { ok: true, id: restored.id };
  } catch (err) {
    if (!(err instanceof StorageError)) throw err;
    logger.error('restore failed in storage', describeError(err));
    return { ok: false, reason: 'storage' };
  }
}
