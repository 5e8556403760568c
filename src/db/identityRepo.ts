/**
 * Identity repository: the single local identity row. All functions reject
 * with StorageError only.
 */
import type { IdentityKeys } from '../lib/identity';
import { getDb, IDENTITY_KEY, type IdentityRow } from './db';
import { withStorage } from './storageErrors';

/** The stored identity: keys plus profile basics. */
export interface StoredIdentity extends IdentityKeys {
  displayName: string;
  createdAt: number;
}

function fromRow(row: IdentityRow): StoredIdentity {
  return {
    id: row.id,
    displayName: row.displayName,
    createdAt: row.createdAt,
    publicKeyRaw: row.publicKeyRaw,
    publicKey: row.publicKey,
    privateKey: row.privateKey,
  };
}

// Explicit copies (not spreads) so no stray property ends up in IndexedDB.
function toRow(identity: StoredIdentity): IdentityRow {
  return {
    key: IDENTITY_KEY,
    id: identity.id,
    displayName: identity.displayName,
    createdAt: identity.createdAt,
    publicKeyRaw: identity.publicKeyRaw,
    publicKey: identity.publicKey,
    privateKey: identity.privateKey,
  };
}

/** The local identity, or null on first run. */
export async function getIdentity(): Promise<StoredIdentity | null> {
  const row = await withStorage(getDb(), (db) => db.identity.get(IDENTITY_KEY));
  return row ? fromRow(row) : null;
}

/**
 * Store `identity`, replacing any existing one. Used by restore from backup;
 * first run uses {@link saveIdentityIfAbsent}.
 */
export async function saveIdentity(identity: StoredIdentity): Promise<void> {
  await withStorage(getDb(), (db) => db.identity.put(toRow(identity)));
}

/**
 * Store `identity` unless one already exists, atomically, and return the one
 * that is stored. Two tabs onboarding at once must not end up with two
 * identities, the second silently overwriting the first.
 */
export async function saveIdentityIfAbsent(identity: StoredIdentity): Promise<StoredIdentity> {
  return withStorage(getDb(), (db) =>
    db.transaction('rw', db.identity, async () => {
      const existing = await db.identity.get(IDENTITY_KEY);
      if (existing) return fromRow(existing);
      await db.identity.add(toRow(identity));
      return identity;
    }),
  );
}

/** Change the display name. Resolves false when there is no identity. */
export async function updateDisplayName(displayName: string): Promise<boolean> {
  const changed = await withStorage(getDb(), (db) =>
    db.identity.update(IDENTITY_KEY, { displayName }),
  );
  return changed > 0;
}
