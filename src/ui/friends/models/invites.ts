/**
 * Invites model: the invite shown on "My code" and the list of all invites
 * with who used them. Records live in IndexedDB (src/db/invitesRepo.ts); the
 * friends engine marks them used, and the friends model calls
 * `refreshInvites` when that happens. Spec: [INV-1], [INV-10].
 */
import { signal } from '@preact/signals';
import { getDb } from '../../../db/db';
import { listInvites, pruneInvites } from '../../../db/invitesRepo';
import type { PeerId } from '../../../lib/ids';
import { inviteStatus, type InviteRecord } from '../../../lib/invite';
import { createInvite, inviteLinkOf } from '../../../peers/friends/actions';
import { actionDeps } from './friendDeps';
import { identityKeys, me } from '../../me/models/identity';

export interface InviteView {
  /** Full link `<origin>/#/add/<id>.<pub>.<secret>.<name>`. */
  link: string;
  createdAt: number;
  expiresAt: number;
  status: 'valid' | 'expired' | 'used';
  usedBy: PeerId | null;
  usedAt: number | null;
}
/** The invite shown on "My code" (the newest valid one; created on demand). */
export const currentInvite = signal<InviteView | null>(null);
/** All invites, newest first (for the "used invites" list). */
export const invites = signal<InviteView[]>([]);

/** Where links point: this app's origin (invites are only useful on the same server). [INV-1, INV-12] */
export function appOrigin(): string {
  return typeof location === 'undefined' ? 'http://localhost' : location.origin;
}

function toView(record: InviteRecord, now: number): InviteView | null {
  const keys = identityKeys.peek();
  if (!keys) return null;
  return {
    link: inviteLinkOf(appOrigin(), keys, me.peek()?.displayName ?? '', record),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    status: inviteStatus(record, now),
    usedBy: record.usedBy ?? null,
    usedAt: record.usedAt ?? null,
  };
}

/**
 * Re-read the invites. When the invite on screen was just used (or expired),
 * a fresh one replaces it, so "My code" never shows a spent code. Rejects with
 * StorageError.
 */
export async function refreshInvites(): Promise<void> {
  const now = Date.now();
  const views = (await listInvites(getDb()))
    .map((record) => toView(record, now))
    .filter((view): view is InviteView => view !== null);
  invites.value = views;
  const wasShown = currentInvite.peek() !== null;
  currentInvite.value = views.find((view) => view.status === 'valid') ?? null;
  if (wasShown && !currentInvite.peek()) await newInvite();
}

/** Ensure a valid current invite exists (create one if none). */
export async function ensureInvite(): Promise<void> {
  await refreshInvites();
  if (!currentInvite.peek()) await newInvite();
}

/** Make a fresh invite now (the old ones stay valid until used/expired). */
export async function newInvite(): Promise<void> {
  const deps = actionDeps();
  await createInvite(deps);
  // Old records are dropped here rather than on a timer: invites are made rarely.
  await pruneInvites(deps.db, Date.now());
  await refreshInvites();
}
