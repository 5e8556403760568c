import { describe, expect, it } from 'vitest';
import { dayLabel, highlightRuns, withDaySeparators } from './chatView';

describe('chat view helpers', () => {
  it('puts a day separator before the first message of each day', () => {
    const d1 = new Date(2026, 10, 20, 9).getTime();
    const d2 = new Date(2026, 10, 21, 9).getTime();
    const items = withDaySeparators([{ ts: d1 }, { ts: d1 + 60_000 }, { ts: d2 }]);
    expect(items.map((i) => i.kind)).toEqual(['day', 'message', 'message', 'day', 'message']);
  });

  it('names today and yesterday', () => {
    const now = new Date(2026, 10, 22, 12).getTime();
    const words = { today: 'Today', yesterday: 'Yesterday' };
    expect(dayLabel(now - 60_000, now, 'en', words)).toBe('Today');
    expect(dayLabel(now - 24 * 3600_000, now, 'en', words)).toBe('Yesterday');
  });

  it('splits a snippet into highlighted runs', () => {
    expect(highlightRuns('我们明天去北京', [[2, 5]])).toEqual([
      { text: '我们', hit: false },
      { text: '明天去', hit: true },
      { text: '北京', hit: false },
    ]);
    expect(
      highlightRuns('abcabc', [
        [3, 6],
        [0, 2],
        [1, 3],
      ]),
    ).toEqual([{ text: 'abcabc', hit: true }]);
    expect(highlightRuns('abc', [[5, 9]])).toEqual([{ text: 'abc', hit: false }]);
  });
});
