import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import type { FriendView } from '../../friends/models/friends';
import { friendChoices, hasFriends, MAX_GROUP_MEMBERS, newGroupProblem } from './newGroup';

const person = (c: string, title: string, patch: Partial<FriendView> = {}): FriendView => ({
  id: c.repeat(32) as PeerId,
  name: title,
  remark: null,
  title,
  avatar: null,
  statusLine: '',
  labels: [],
  state: 'friend',
  online: false,
  lastSeen: null,
  verified: false,
  blocked: false,
  notice: null,
  createdAt: 0,
  ...patch,
});

const people = [
  person('a', 'Ann'),
  person('b', 'Bob'),
  person('c', 'Carl', { blocked: true }),
  person('d', 'Dee', { state: 'incoming' }),
  person('e', 'Annette'),
];

describe('friendChoices', () => {
  it('offers friends only, not blocked, not already in, matching the search', () => {
    expect(friendChoices(people, '').map((p) => p.title)).toEqual(['Ann', 'Bob', 'Annette']);
    expect(friendChoices(people, 'ann').map((p) => p.title)).toEqual(['Ann', 'Annette']);
    const inGroup = new Set([people[0]!.id]);
    expect(friendChoices(people, 'ann', inGroup).map((p) => p.title)).toEqual(['Annette']);
  });

  it('knows when there is nobody to start a group with', () => {
    expect(hasFriends(people)).toBe(true);
    expect(hasFriends(people.filter((p) => p.blocked || p.state !== 'friend'))).toBe(false);
  });
});

describe('newGroupProblem', () => {
  const one = [people[0]!.id];
  it('[GRP-3][GRP-11] needs a name of 1..64, a friend, and at most 50 members', () => {
    expect(newGroupProblem('  ', one)).toBe('groups.nameNeeded');
    expect(newGroupProblem('x'.repeat(65), one)).toBe('groups.nameNeeded');
    expect(newGroupProblem('Hikers', [])).toBe('groups.friendsNeeded');
    const many = Array.from({ length: MAX_GROUP_MEMBERS }, (_, i) => `${i}`.padEnd(32, 'a'));
    expect(newGroupProblem('Hikers', many as PeerId[])).toBe('groups.tooMany');
    expect(newGroupProblem('Hikers', many.slice(1) as PeerId[])).toBeNull();
    expect(newGroupProblem('徒步', one)).toBeNull();
  });
});
