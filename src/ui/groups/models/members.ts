/**
 * The member list of a folded group as the info screen shows it: who, with which role, under
 * which name, and what I may do to each. Pure: the fold and what this device knows of people
 * come in, plain rows go out.
 * Spec: docs/protocol.md [GRP-7], [GRP-8], [GRP-10].
 */
import type { PeerId } from '../../../lib/ids';
import type { Role } from '../../../lib/group/bodies';
import { RANK, rankOf } from '../../../lib/group/state';
import type { GroupFold } from '../../../lib/group/types';

/** What this device knows of a person outside the group: my remark and their profile. */
export interface KnownPerson {
  /** Their own profile name, when known (friends, me). */
  name: string | null;
  /** My remark for them. */
  remark: string | null;
  avatar: string | null;
}

/** Something I may do to one member. */
export type MemberAction = 'makeAdmin' | 'removeAdmin' | 'transfer' | 'remove';

/** One row of the member list. */
export interface MemberRow {
  id: PeerId;
  role: Role;
  /** Group nickname, else my remark, else their profile name, else the start of their id. */
  name: string;
  /**
   * The name a mention writes (mentions.ts): one every member can match, so their nickname
   * or profile name, never my private remark (unless it is all this device knows).
   */
  mentionName: string;
  avatar: string | null;
  me: boolean;
  /** Seniority in the group ([GRP-10]): lower joined earlier. */
  order: number;
  actions: readonly MemberAction[];
  /** [GRP-61] Nobody this device knows (no friend, no request either way): "Add friend". */
  befriend: boolean;
}

/** How long the id shown for someone this device knows nothing about is. */
const SHORT_ID_CHARS = 8;

/** The start of a PeerId, for someone with no name on this device. */
export function shortId(id: PeerId): string {
  return `${id.slice(0, SHORT_ID_CHARS)}…`;
}

/** Group nickname, else my remark, else their profile name, else the start of their id. */
export function displayName(
  id: PeerId,
  nickname: string | null,
  known: KnownPerson | null,
): string {
  return nickname ?? known?.remark ?? known?.name ?? shortId(id);
}

/** My role in the group now, null when I am not a member. */
export function myRole(fold: GroupFold, me: PeerId): Role | null {
  return fold.members[me]?.role ?? null;
}

/** Whether I may change the name, avatar and announcement ([GRP-8] `meta`: admin or owner). */
export function canEditMeta(fold: GroupFold, me: PeerId): boolean {
  return !fold.dissolved && rankOf(myRole(fold, me)) >= RANK.admin;
}

/** Whether I may invite: any member; with approval on, a member's invitation waits ([GRP-11]). */
export function canInvite(fold: GroupFold, me: PeerId): boolean {
  return !fold.dissolved && rankOf(myRole(fold, me)) >= RANK.member;
}

/** Whether my invitations wait for an admin ([GRP-11]). */
export function inviteNeedsApproval(fold: GroupFold, me: PeerId): boolean {
  return fold.approval && rankOf(myRole(fold, me)) < RANK.admin;
}

/** Whether I am the owner who may dissolve the group ([GRP-17]). */
export function canDissolve(fold: GroupFold, me: PeerId): boolean {
  return !fold.dissolved && fold.owner === me && myRole(fold, me) === 'owner';
}

/**
 * [GRP-8] What I may do to `target`: remove people of lower rank when I am an admin or the
 * owner; appoint, demote and transfer only as the owner, and never to myself.
 */
export function actionsOn(fold: GroupFold, me: PeerId, target: PeerId): MemberAction[] {
  const mine = rankOf(myRole(fold, me));
  const theirs = fold.members[target]?.role;
  if (fold.dissolved || target === me || !theirs) return [];
  const actions: MemberAction[] = [];
  const owner = mine === RANK.owner && fold.owner === me;
  if (owner && theirs === 'member') actions.push('makeAdmin');
  if (owner && theirs === 'admin') actions.push('removeAdmin');
  if (owner) actions.push('transfer');
  if (mine >= RANK.admin && mine > rankOf(theirs)) actions.push('remove');
  return actions;
}

/**
 * The roster as rows: owner, then admins, then members, each by seniority. `known` answers
 * for anyone this device knows (my friends, and me with my own profile).
 */
export function memberList(
  fold: GroupFold,
  me: PeerId,
  known: (id: PeerId) => KnownPerson | null,
): MemberRow[] {
  const rows = Object.entries(fold.members).map(([key, member]): MemberRow => {
    const id = key as PeerId;
    const person = known(id);
    return {
      id,
      role: member.role,
      name: displayName(id, member.nickname, person),
      mentionName: member.nickname ?? person?.name ?? person?.remark ?? shortId(id),
      avatar: person?.avatar ?? null,
      me: id === me,
      order: member.order,
      actions: actionsOn(fold, me, id),
      befriend: id !== me && person === null,
    };
  });
  return rows.sort((a, b) => rankOf(b.role) - rankOf(a.role) || a.order - b.order);
}
