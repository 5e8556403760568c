/**
 * The composer's audience picker as pure functions: who a choice reaches among my friends, and
 * the sentence that tells the author so before posting.
 */
import type { PeerId } from '../../../lib/ids';
import { audienceOf, type Audience } from '../../../peers/moments/api';

/** What the audience needs to know of a friend. */
export interface AudienceFriend {
  id: PeerId;
  title: string;
  labels: readonly string[];
}

/** The friends `audience` reaches, in the order of `friends`: by the rule the engine applies. */
export function reachOf(audience: Audience, friends: readonly AudienceFriend[]): AudienceFriend[] {
  const reached = new Set(audienceOf(audience, friends));
  return friends.filter((f) => reached.has(f.id));
}

/** Every label my friends carry, sorted, each once. */
export function labelsOf(friends: readonly AudienceFriend[]): string[] {
  return [...new Set(friends.flatMap((f) => f.labels))].sort((a, b) => a.localeCompare(b));
}

/** A message key and its parameters; the screen translates it. */
export interface Summary {
  key:
    | 'moments.seeAll'
    | 'moments.seeOnly'
    | 'moments.seeExcept'
    | 'moments.seeNobody'
    | 'moments.seeNoFriends';
  params: { count: number; names: string; excluded: string };
}

/** Names in a summary: the first few, then how many more. */
const NAMED = 3;

function names(list: readonly AudienceFriend[]): string {
  return list
    .slice(0, NAMED)
    .map((f) => f.title)
    .join(', ');
}

/** Who will see a moment, as the composer says it. */
export function summaryOf(audience: Audience, friends: readonly AudienceFriend[]): Summary {
  const reach = reachOf(audience, friends);
  const excludedIds = audience.kind === 'except' ? new Set(audience.friends) : new Set<PeerId>();
  const excluded = friends.filter((f) => excludedIds.has(f.id));
  const params = { count: reach.length, names: names(reach), excluded: names(excluded) };
  if (friends.length === 0) return { key: 'moments.seeNoFriends', params };
  if (reach.length === 0) return { key: 'moments.seeNobody', params };
  if (audience.kind === 'labels' || audience.kind === 'friends') {
    return { key: 'moments.seeOnly', params };
  }
  if (audience.kind === 'except' && excluded.length > 0)
    return { key: 'moments.seeExcept', params };
  return { key: 'moments.seeAll', params };
}

/** A moment can go out when it reaches someone. */
export function canPostTo(audience: Audience, friends: readonly AudienceFriend[]): boolean {
  return reachOf(audience, friends).length > 0;
}

/** Toggle `item` in a list (a chosen label or friend). */
export function toggled<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
