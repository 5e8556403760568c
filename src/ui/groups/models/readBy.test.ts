import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import { readBy, readSplit } from './readBy';

const [me, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => x.repeat(32) as PeerId) as [
  PeerId,
  PeerId,
  PeerId,
  PeerId,
];

describe('readBy', () => {
  it('counts the members whose read mark reaches the message, never its author', () => {
    const marks = new Map<PeerId, number>([
      [me, 99],
      [b, 10],
      [c, 9],
    ]);
    expect(readBy({ author: me, lamport: 10 }, marks, [me, b, c, d])).toEqual([b]);
    expect(readBy({ author: me, lamport: 9 }, marks, [me, b, c, d])).toEqual([b, c]);
    expect(readBy({ author: me, lamport: 11 }, marks, [me, b, c, d])).toEqual([]);
  });

  it('ignores marks of people who are not members any more', () => {
    const marks = new Map<PeerId, number>([[d, 50]]);
    expect(readBy({ author: me, lamport: 1 }, marks, [me, b])).toEqual([]);
  });
});

describe('readSplit', () => {
  it('[GRP-54] lists who has read my message and who has not, in the members’ order, without me', () => {
    const rows = [me, b, c, d].map((id, i) => ({ id, name: `n${i}` }));
    const marks = new Map<PeerId, number>([
      [c, 12],
      [d, 3],
      [me, 40],
    ]);
    const split = readSplit({ author: me, lamport: 12 }, marks, rows);
    expect(split.read.map((r) => r.name)).toEqual(['n2']);
    expect(split.unread.map((r) => r.name)).toEqual(['n1', 'n3']);
    // A mark below the message (d read up to 3) does not count; a higher one does.
    marks.set(d, 13);
    expect(readSplit({ author: me, lamport: 12 }, marks, rows).read.map((r) => r.id)).toEqual([
      c,
      d,
    ]);
  });
});
