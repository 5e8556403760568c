/**
 * What the group info screen shows of group codes and join requests, read from the fold: the
 * code an admin may show now (with the members who answer for it) and the people waiting for
 * approval. Pure, so the rules are tested without a screen.
 * Spec: docs/protocol.md [GRP-11], [GRP-40], [GRP-42].
 */
import { MAX_CODE_HOSTS, type GroupCode } from '../../../lib/groupCode';
import type { GroupFold } from '../../../lib/group/types';
import type { PeerId } from '../../../lib/ids';

/** True for the owner and admins: they show codes and answer requests. */
export function isGroupAdmin(fold: GroupFold, peer: PeerId): boolean {
  const role = fold.members[peer]?.role;
  return !fold.dissolved && (role === 'owner' || role === 'admin');
}

/**
 * The code to show `me` at `now`: the live link (not revoked, not expired, its issuer still an
 * admin) that expires last, preferring my own. Its hosts are the issuer, then the owner and
 * admins by seniority: every admin registers the code's token, so a joiner can reach any.
 */
export function liveCode(fold: GroupFold, me: PeerId, now: number): GroupCode | null {
  if (!isGroupAdmin(fold, me)) return null;
  const live = Object.entries(fold.links)
    .filter(([, link]) => !link.revoked && link.expires > now && isGroupAdmin(fold, link.by))
    .sort(
      ([, a], [, b]) =>
        Number(b.by === me) - Number(a.by === me) ||
        b.expires - a.expires ||
        (a.by < b.by ? -1 : 1),
    );
  const found = live[0];
  if (!found) return null;
  const [id, link] = found;
  const admins = (Object.keys(fold.members) as PeerId[])
    .filter((peer) => peer !== link.by && isGroupAdmin(fold, peer))
    .sort((a, b) => fold.members[a]!.order - fold.members[b]!.order);
  return {
    conv: fold.conv,
    link: id,
    expires: link.expires,
    hosts: [link.by, ...admins].slice(0, MAX_CODE_HOSTS),
    name: fold.name ?? '',
  };
}

/** One person waiting for approval. */
export interface RequestRow {
  id: PeerId;
  /** Who asked: the person themself (a join by code) or the inviting member. */
  by: PeerId;
  byCode: boolean;
  reason: string | null;
}

/** The requests an admin answers, oldest first (by the requesting event's id, stable). */
export function requestRows(fold: GroupFold, me: PeerId): RequestRow[] {
  if (!isGroupAdmin(fold, me)) return [];
  return (Object.entries(fold.requests) as [PeerId, GroupFold['requests'][PeerId]][])
    .map(([id, request]) => ({
      id,
      by: request.by,
      byCode: request.by === id,
      reason: request.reason,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
