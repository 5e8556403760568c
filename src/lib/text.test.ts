import { describe, expect, it } from 'vitest';
import { codePointLength } from './text';

describe('codePointLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('我们明天')).toBe(4);
    expect(codePointLength('😀😀')).toBe(2);
    expect(codePointLength('\ud83d')).toBe(1);
  });

  it('counts an empty string as 0 and a lone low surrogate as one', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('a\udc00b')).toBe(3);
  });
});
