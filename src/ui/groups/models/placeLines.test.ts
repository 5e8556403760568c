import { describe, expect, it } from 'vitest';
import { placeLines } from './placeLines';

const line = (lamport: number) => ({ lamport, text: `L${lamport}` });

describe('placeLines', () => {
  it('puts each line before the first message written after it, or after the last', () => {
    const { before, after } = placeLines([10, 20, 30], [line(25), line(15), line(35)], true);
    expect(before.map((ls) => ls.map((l) => l.text))).toEqual([[], ['L15'], ['L25']]);
    expect(after.map((l) => l.text)).toEqual(['L35']);
  });

  it('keeps lines older than the loaded page back until the history is loaded from its start', () => {
    expect(placeLines([10, 20], [line(5), line(15)], false).before[0]).toEqual([]);
    expect(placeLines([10, 20], [line(5), line(15)], true).before[0]).toEqual([line(5)]);
  });

  it('shows every line of a group with no messages', () => {
    expect(placeLines([], [line(2), line(1)], true).after).toEqual([line(1), line(2)]);
  });
});
