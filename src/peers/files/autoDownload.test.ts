import { describe, expect, it } from 'vitest';
import { shouldAutoDownload } from './autoDownload';

const MB = 1024 * 1024;

describe('shouldAutoDownload', () => {
  it('downloads photos and voice messages up to the limit', () => {
    expect(shouldAutoDownload({ mime: 'image/jpeg', size: 3 * MB }, 10 * MB)).toBe(true);
    expect(shouldAutoDownload({ mime: 'audio/webm', size: MB, voice: true }, 10 * MB)).toBe(true);
    expect(shouldAutoDownload({ mime: 'image/png', size: 10 * MB }, 10 * MB)).toBe(true);
  });

  it('asks for larger files, other kinds, and always when the limit is 0', () => {
    expect(shouldAutoDownload({ mime: 'image/png', size: 10 * MB + 1 }, 10 * MB)).toBe(false);
    expect(shouldAutoDownload({ mime: 'application/pdf', size: 10 }, 10 * MB)).toBe(false);
    expect(shouldAutoDownload({ mime: 'video/mp4', size: 10 }, 10 * MB)).toBe(false);
    expect(shouldAutoDownload({ mime: 'audio/mpeg', size: 10 }, 10 * MB)).toBe(false);
    expect(shouldAutoDownload({ mime: 'image/png', size: 1 }, 0)).toBe(false);
  });
});
