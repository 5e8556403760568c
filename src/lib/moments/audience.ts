/**
 * [MOM-3] Audience rules: who of my friends gets a post. Resolved on the author's device only;
 * the audience itself is never sent. Pure.
 */
import type { PeerId } from '../ids';
import type { Audience } from './limits';

/** A friend as the audience rules see them: their id and my local labels for them. */
export interface AudienceFriend {
  id: PeerId;
  labels: readonly string[];
}

/** [MOM-3] Whether `friend` is in `audience` now. */
export function audienceIncludes(audience: Audience, friend: AudienceFriend): boolean {
  switch (audience.kind) {
    case 'all':
      return true;
    case 'labels':
      return friend.labels.some((label) => audience.labels.includes(label));
    case 'friends':
      return audience.friends.includes(friend.id);
    case 'except':
      return !audience.friends.includes(friend.id);
  }
}

/** [MOM-3] The friends whose moments log gets the post, in the order given. */
export function resolveAudience(audience: Audience, friends: readonly AudienceFriend[]): PeerId[] {
  return friends.filter((friend) => audienceIncludes(audience, friend)).map((f) => f.id);
}

/** Shape check of an audience kept on the author's device (settings, drafts). */
export function isAudience(value: unknown): value is Audience {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Record<string, unknown>;
  const strings = (list: unknown) =>
    Array.isArray(list) && list.every((item) => typeof item === 'string');
  switch (a.kind) {
    case 'all':
      return true;
    case 'labels':
      return strings(a.labels);
    case 'friends':
    case 'except':
      return strings(a.friends);
    default:
      return false;
  }
}
