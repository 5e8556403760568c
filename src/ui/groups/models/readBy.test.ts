import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import { readBy } from './readBy';

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
