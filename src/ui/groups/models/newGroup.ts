/**
 * Choosing who starts a group: my friends (not blocked, not already in it), searched as the
 * Friends screen searches, and the checks before `create`. Pure.
 * Spec: docs/protocol.md [GRP-3] (name), [GRP-11] (size).
 */
import { GROUP_NAME_MAX_CHARS } from '../../../lib/group/bodies';
import type { PeerId } from '../../../lib/ids';
import { codePointLength } from '../../../lib/text';
import { matchesQuery } from '../../friends/models/friendList';
import type { FriendView } from '../../friends/models/friends';
import type { MessageKey } from '../../i18n';

/** [GRP-11] Most members of a group, the owner included. */
export const MAX_GROUP_MEMBERS = 50;

/** Friends who can be put in a group, minus `exclude` (its members), matching `query`. */
export function friendChoices(
  people: readonly FriendView[],
  query: string,
  exclude: ReadonlySet<PeerId> = new Set(),
): FriendView[] {
  return people.filter(
    (p) => p.state === 'friend' && !p.blocked && !exclude.has(p.id) && matchesQuery(p, query),
  );
}

/** Whether I have any friend to start a group with. */
export function hasFriends(people: readonly FriendView[]): boolean {
  return people.some((p) => p.state === 'friend' && !p.blocked);
}

/** The first reason a group cannot be created yet, or null when it can. `already` counts me. */
export function newGroupProblem(
  name: string,
  chosen: readonly PeerId[],
  already = 1,
): MessageKey | null {
  const trimmed = name.trim();
  if (trimmed === '' || codePointLength(trimmed) > GROUP_NAME_MAX_CHARS) return 'groups.nameNeeded';
  if (chosen.length === 0) return 'groups.friendsNeeded';
  if (already + chosen.length > MAX_GROUP_MEMBERS) return 'groups.tooMany';
  return null;
}
