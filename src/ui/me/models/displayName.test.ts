import { describe, expect, it } from 'vitest';
import { checkDisplayName, DISPLAY_NAME_MAX } from './displayName';

describe('checkDisplayName', () => {
  it('trims and collapses whitespace', () => {
    expect(checkDisplayName('  Ann   Lee \n')).toEqual({ ok: true, name: 'Ann Lee' });
  });

  it('refuses an empty or blank name', () => {
    expect(checkDisplayName('')).toEqual({ ok: false, error: 'empty' });
    expect(checkDisplayName(' \t ')).toEqual({ ok: false, error: 'empty' });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkDisplayName('😀'.repeat(DISPLAY_NAME_MAX)).ok).toBe(true);
    expect(checkDisplayName('好'.repeat(DISPLAY_NAME_MAX)).ok).toBe(true);
    expect(checkDisplayName('a'.repeat(DISPLAY_NAME_MAX + 1))).toEqual({
      ok: false,
      error: 'tooLong',
      count: DISPLAY_NAME_MAX + 1,
    });
  });
});
