/**
 * My profile model: display name (kept in the identity row), avatar, status
 * line and version. Every edit bumps the version; friends online get PROFILE
 * at once, the others on their next session ([FR-6], [FR-7]).
 */
import { signal } from '@preact/signals';
import { getDb } from '../../../db/db';
import { loadMyProfile, saveMyProfile, type ProfilePatch } from '../../../db/profileRepo';
import { describeError } from '../../../lib/errors';
import { normalizeDisplayName } from '../../../lib/identity';
import { log } from '../../../lib/log';
import { cleanText } from '../../../lib/people';
import { isAvatarDataUrl, STATUS_LINE_MAX_CHARS, type ProfileData } from '../../../lib/profile';
import { me } from './identity';
import { refreshInvites } from '../../friends/models/invites';
import { runtime } from '../../shell/models/runtime';

const logger = log('ui:profile');

export interface MyProfile {
  displayName: string;
  /** data: URL (already resized/compressed) or null. */
  avatar: string | null;
  statusLine: string;
  /** Bumped on each edit; friends get PROFILE on their next session. */
  version: number;
}
export const myProfile = signal<MyProfile | null>(null);

function publish(data: ProfileData | null): void {
  myProfile.value = data && {
    displayName: data.name,
    avatar: data.avatar,
    statusLine: data.statusLine,
    version: data.version,
  };
}

/** Read my profile from IndexedDB (after the identity is ready). Never rejects. */
export async function loadProfile(): Promise<void> {
  try {
    publish(await loadMyProfile(getDb()));
  } catch (err) {
    logger.error('could not read my profile', describeError(err));
  }
}

/**
 * Save edits; friends receive them on their next session (or now if online).
 * Throws IdentityError('invalidName') for a bad name, RangeError for an
 * avatar that is not a small image data: URL, StorageError when saving fails.
 */
export async function updateProfile(patch: Partial<Omit<MyProfile, 'version'>>): Promise<void> {
  const clean: ProfilePatch = {};
  if (patch.displayName !== undefined) clean.displayName = normalizeDisplayName(patch.displayName);
  if (patch.statusLine !== undefined) {
    clean.statusLine = cleanText(patch.statusLine, STATUS_LINE_MAX_CHARS);
  }
  if (patch.avatar !== undefined) {
    if (patch.avatar !== null && !isAvatarDataUrl(patch.avatar)) {
      throw new RangeError('the avatar must be a small image data: URL (use avatarFromImage)');
    }
    clean.avatar = patch.avatar;
  }
  const saved = await saveMyProfile(getDb(), clean);
  publish(saved);
  const current = me.peek();
  if (saved && current && current.displayName !== saved.name) {
    me.value = { ...current, displayName: saved.name };
  }
  await runtime.peek()?.friends.broadcastProfile();
  // The invite link carries the name as a hint.
  if (clean.displayName !== undefined) await refreshInvites();
}
