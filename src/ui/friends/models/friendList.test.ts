import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import { attentionCount, type FriendView } from './friends';
import { allLabels, matchesQuery, parseLabels, sectionsOf } from './friendList';

let n = 0;
function person(over: Partial<FriendView>): FriendView {
  const name = over.name ?? `P${n++}`;
  const remark = over.remark ?? null;
  return {
    id: `${'a'.repeat(31)}${n % 8}` as PeerId,
    name,
    remark,
    title: remark ?? name,
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
    ...over,
  };
}

describe('matchesQuery', () => {
  const zoe = person({ name: 'Zoë Adams', remark: 'Boss', labels: ['Work'] });
  it('finds by title, remark, name and label, ignoring case and accents', () => {
    expect(matchesQuery(zoe, '')).toBe(true);
    expect(matchesQuery(zoe, 'boss')).toBe(true);
    expect(matchesQuery(zoe, 'zoe')).toBe(true);
    expect(matchesQuery(zoe, ' WORK ')).toBe(true);
    expect(matchesQuery(zoe, 'family')).toBe(false);
  });
});

describe('sectionsOf', () => {
  const people = [
    person({ name: 'Carl', state: 'incoming' }),
    person({ name: 'Dora', state: 'outgoing' }),
    person({ name: 'Eve', state: 'declined' }),
    person({ name: 'Bob', labels: ['Work', 'Family'] }),
    person({ name: 'Ann', labels: ['Work'] }),
    person({ name: 'Finn' }),
    person({ name: 'Gus', blocked: true, labels: ['Work'] }),
  ];

  it('puts requests, labelled friends, unlabelled friends and blocked people apart', () => {
    const s = sectionsOf(people, '');
    expect(s.incoming.map((p) => p.name)).toEqual(['Carl']);
    expect(s.outgoing.map((p) => p.name)).toEqual(['Dora', 'Eve']);
    expect(s.groups.map((g) => [g.label, g.people.map((p) => p.name)])).toEqual([
      ['Family', ['Bob']],
      ['Work', ['Ann', 'Bob']],
      [null, ['Finn']],
    ]);
    expect(s.blocked.map((p) => p.name)).toEqual(['Gus']);
    expect(s.count).toBe(7);
  });

  it('filters every section by the query', () => {
    const s = sectionsOf(people, 'work');
    expect(s.incoming).toEqual([]);
    expect(s.groups.map((g) => g.label)).toEqual(['Family', 'Work']);
    expect(s.blocked.map((p) => p.name)).toEqual(['Gus']);
    expect(s.count).toBe(3);
  });
});

describe('labels', () => {
  it('lists labels in use and parses typed ones', () => {
    expect(allLabels([person({ labels: ['b', 'a'] }), person({ labels: ['a'] })])).toEqual([
      'a',
      'b',
    ]);
    expect(parseLabels(' Work,  family ,,work，朋友')).toEqual(['Work', 'family', '朋友']);
  });
});

describe('attentionCount', () => {
  it('counts unanswered requests and security notices', () => {
    expect(
      attentionCount([
        person({ state: 'incoming' }),
        person({ state: 'incoming', blocked: true }),
        person({ notice: { at: 1, reason: 'key-changed' } }),
        person({}),
      ]),
    ).toBe(2);
  });
});
