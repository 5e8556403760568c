/**
 * My profile: the display name (identity row) plus avatar, status line and
 * version (profile row), read and written together so the version always
 * moves when anything friends see changes. [FR-6]
 */
import { nextProfileVersion, type ProfileData } from '../lib/profile';
import { IDENTITY_KEY, PROFILE_KEY, type PlumeDatabase, type ProfileRow } from './db';
import { withStorage } from './storageErrors';

/** Fields an edit may change. */
export interface ProfilePatch {
  displayName?: string;
  avatar?: string | null;
  statusLine?: string;
}

function toData(row: ProfileRow): ProfileData {
  return { name: row.name, avatar: row.avatar, statusLine: row.statusLine, version: row.version };
}

/**
 * My current profile. The display name can also change through the identity
 * model; when it differs from the one recorded at the last bump, the version
 * is bumped here, so friends still get the new name. Null before an identity
 * exists.
 */
export function loadMyProfile(
  db: PlumeDatabase,
  now: number = Date.now(),
): Promise<ProfileData | null> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.identity, d.profile, async () => {
      const identity = await d.identity.get(IDENTITY_KEY);
      if (!identity) return null;
      const row = await d.profile.get(PROFILE_KEY);
      if (row && row.name === identity.displayName) return toData(row);
      const next: ProfileRow = {
        key: PROFILE_KEY,
        name: identity.displayName,
        avatar: row?.avatar ?? null,
        statusLine: row?.statusLine ?? '',
        // A first row starts at 0: the friends who hold our name got it with the request.
        version: row ? nextProfileVersion(row.version, now) : 0,
      };
      await d.profile.put(next);
      return toData(next);
    }),
  );
}

/**
 * Apply an edit (already validated by the caller) and bump the version.
 * Resolves with the new profile, or null when there is no identity.
 */
export function saveMyProfile(
  db: PlumeDatabase,
  patch: ProfilePatch,
  now: number = Date.now(),
): Promise<ProfileData | null> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.identity, d.profile, async () => {
      const identity = await d.identity.get(IDENTITY_KEY);
      if (!identity) return null;
      const row = await d.profile.get(PROFILE_KEY);
      const name = patch.displayName ?? identity.displayName;
      if (name !== identity.displayName)
        await d.identity.update(IDENTITY_KEY, { displayName: name });
      const next: ProfileRow = {
        key: PROFILE_KEY,
        name,
        avatar: patch.avatar === undefined ? (row?.avatar ?? null) : patch.avatar,
        statusLine: patch.statusLine ?? row?.statusLine ?? '',
        version: nextProfileVersion(row?.version ?? 0, now),
      };
      await d.profile.put(next);
      return toData(next);
    }),
  );
}
