/**
 * Invites repository: the invites this install made ([INV-10]). Expired and
 * used ones are kept for INVITE_KEEP_MS, so an expired invite still leads to
 * an accept/decline request and "My code" can list who used which.
 */
import type { InviteRecord } from '../lib/invite';
import type { PlumeDatabase } from './db';
import { withStorage } from './storageErrors';

/** How long an invite is kept after it expired or was used. [FR-2] */
export const INVITE_KEEP_MS = 30 * 24 * 60 * 60 * 1000;

/** Store a new invite. */
export async function addInvite(db: PlumeDatabase, record: InviteRecord): Promise<void> {
  await withStorage(db, (d) => d.invites.add(record));
}

/** All invites, newest first. */
export async function listInvites(db: PlumeDatabase): Promise<InviteRecord[]> {
  const rows = await withStorage(db, (d) => d.invites.orderBy('createdAt').toArray());
  return rows.reverse();
}

/** Forget invites that expired, or were used, more than INVITE_KEEP_MS before `now`. */
export async function pruneInvites(db: PlumeDatabase, now: number): Promise<void> {
  const cutoff = now - INVITE_KEEP_MS;
  await withStorage(db, (d) =>
    d.invites.filter((r) => (r.usedAt ?? r.expiresAt) < cutoff).delete(),
  );
}
