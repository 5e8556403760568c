import { describe, expect, it } from 'vitest';
import { formatRelative } from './time';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

describe('formatRelative', () => {
  it('reads naturally in English', () => {
    expect(formatRelative(NOW - 10_000, NOW, 'en')).toBe('now');
    expect(formatRelative(NOW - 5 * 60_000, NOW, 'en')).toBe('5 minutes ago');
    expect(formatRelative(NOW + 3 * 3_600_000, NOW, 'en')).toBe('in 3 hours');
    expect(formatRelative(NOW - 86_400_000, NOW, 'en')).toBe('yesterday');
  });

  it('speaks Chinese too', () => {
    expect(formatRelative(NOW - 5 * 60_000, NOW, 'zh')).toMatch(/5/);
  });
});
