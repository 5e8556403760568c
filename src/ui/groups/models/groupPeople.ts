/**
 * What this device knows of the people in a group: my friends (their remark, profile name and
 * picture) and me (my profile). The member list and the chat's sender names read it.
 */
import type { PeerId } from '../../../lib/ids';
import { people } from '../../friends/models/friends';
import { myProfile } from '../../me/models/profile';
import type { KnownPerson } from './members';

/** A lookup for `memberList`: reads the signals, so a component using it follows them. */
export function knownPeople(me: PeerId | null): (id: PeerId) => KnownPerson | null {
  const friends = new Map(people.value.map((p) => [p.id, p]));
  const profile = myProfile.value;
  return (id) => {
    if (id === me && profile)
      return { name: profile.displayName, remark: null, avatar: profile.avatar };
    const f = friends.get(id);
    return f ? { name: f.name, remark: f.remark, avatar: f.avatar } : null;
  };
}
