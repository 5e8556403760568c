import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import { canPostTo, labelsOf, reachOf, summaryOf, toggled, type AudienceFriend } from './audience';

const friend = (id: string, title: string, labels: string[] = []): AudienceFriend => ({
  id: id as PeerId,
  title,
  labels,
});
const bob = friend('b', 'Bob', ['family']);
const carol = friend('c', 'Carol', ['work']);
const dan = friend('d', 'Dan', ['work', 'family']);
const erin = friend('e', 'Erin');
const FRIENDS = [bob, carol, dan, erin];

describe('moments audience', () => {
  it('all friends reaches everyone', () => {
    expect(reachOf({ kind: 'all' }, FRIENDS)).toEqual(FRIENDS);
    expect(summaryOf({ kind: 'all' }, FRIENDS)).toMatchObject({
      key: 'moments.seeAll',
      params: { count: 4, names: 'Bob, Carol, Dan' },
    });
  });

  it('chosen labels reach friends with any of them; chosen friends reach just those', () => {
    const titles = (list: AudienceFriend[]) => list.map((f) => f.title);
    expect(titles(reachOf({ kind: 'labels', labels: ['work'] }, FRIENDS))).toEqual([
      'Carol',
      'Dan',
    ]);
    expect(titles(reachOf({ kind: 'friends', friends: [erin.id, bob.id] }, FRIENDS))).toEqual([
      'Bob',
      'Erin',
    ]);
    expect(summaryOf({ kind: 'labels', labels: ['family'] }, FRIENDS)).toMatchObject({
      key: 'moments.seeOnly',
      params: { count: 2, names: 'Bob, Dan' },
    });
  });

  it('all but some leaves out exactly the excluded and names them', () => {
    const audience = { kind: 'except' as const, friends: [carol.id] };
    expect(reachOf(audience, FRIENDS).map((f) => f.title)).toEqual(['Bob', 'Dan', 'Erin']);
    expect(summaryOf(audience, FRIENDS)).toMatchObject({
      key: 'moments.seeExcept',
      params: { count: 3, excluded: 'Carol' },
    });
  });

  it('all but nobody reads as all friends', () => {
    expect(summaryOf({ kind: 'except', friends: [] }, FRIENDS).key).toBe('moments.seeAll');
  });

  it('a choice that reaches nobody cannot be posted, and says so', () => {
    const audience = { kind: 'labels' as const, labels: [] };
    expect(canPostTo(audience, FRIENDS)).toBe(false);
    expect(summaryOf(audience, FRIENDS).key).toBe('moments.seeNobody');
    expect(canPostTo({ kind: 'all' }, [])).toBe(false);
    expect(summaryOf({ kind: 'all' }, []).key).toBe('moments.seeNoFriends');
  });

  it('lists each label once, sorted, and toggles choices', () => {
    expect(labelsOf(FRIENDS)).toEqual(['family', 'work']);
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggled(['a'], 'b')).toEqual(['a', 'b']);
  });
});
