import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_CHARS } from '../../../lib/chatEvent';
import {
  FALLBACK_MIME,
  fitWithin,
  formatBytes,
  formatClock,
  normalizeMime,
  percentOf,
  safeFileName,
  voiceFileName,
} from './filesFormat';

const MB = 1024 * 1024;

describe('normalizeMime', () => {
  it('lowercases and drops parameters', () => {
    expect(normalizeMime('Image/PNG')).toBe('image/png');
    expect(normalizeMime('audio/webm;codecs=opus')).toBe('audio/webm');
    expect(normalizeMime(' text/plain ; charset=utf-8')).toBe('text/plain');
  });

  it('falls back to application/octet-stream for empty or malformed types', () => {
    expect(normalizeMime('')).toBe(FALLBACK_MIME);
    expect(normalizeMime('nonsense')).toBe(FALLBACK_MIME);
    expect(normalizeMime('image/')).toBe(FALLBACK_MIME);
    expect(normalizeMime(`a/${'b'.repeat(200)}`)).toBe(FALLBACK_MIME);
  });
});

describe('safeFileName', () => {
  it('keeps ordinary names', () => {
    expect(safeFileName('holiday photo.jpg')).toBe('holiday photo.jpg');
    expect(safeFileName('报告.pdf')).toBe('报告.pdf');
  });

  it('replaces separators and control characters, and never returns an empty name', () => {
    expect(safeFileName('a/b\\c\u0001.txt')).toBe('a_b_c_.txt');
    expect(safeFileName('   ')).toBe('file');
    expect(safeFileName('..')).toBe('file');
  });

  it('shortens long names to the limit, keeping the extension', () => {
    const name = safeFileName(`${'x'.repeat(400)}.tar.gz`);
    expect([...name]).toHaveLength(MAX_FILE_NAME_CHARS);
    expect(name.endsWith('.gz')).toBe(true);
  });
});

describe('formatting', () => {
  it('formats sizes with binary steps', () => {
    expect(formatBytes(0, 'en')).toBe('0 bytes');
    expect(formatBytes(512, 'en')).toBe('512 bytes');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(50 * MB, 'en')).toBe('50 MB');
    expect(formatBytes(250 * MB, 'en')).toBe('250 MB');
    expect(formatBytes(3 * 1024 * MB, 'en')).toBe('3 GB');
  });

  it('formats clock times', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(7_900)).toBe('0:07');
    expect(formatClock(65_000)).toBe('1:05');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(formatClock(Number.POSITIVE_INFINITY)).toBe('0:00');
  });

  it('computes whole percentages within 0..100', () => {
    expect(percentOf(0, 100)).toBe(0);
    expect(percentOf(50, 100)).toBe(50);
    expect(percentOf(99.9, 100)).toBe(99);
    expect(percentOf(200, 100)).toBe(100);
    expect(percentOf(0, 0)).toBe(100);
  });
});

describe('fitWithin', () => {
  it('scales the long edge down and never up', () => {
    expect(fitWithin(4000, 3000, 320)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(1000, 4000, 320)).toEqual({ width: 80, height: 320 });
    expect(fitWithin(100, 50, 320)).toEqual({ width: 100, height: 50 });
    expect(fitWithin(10000, 1, 100)).toEqual({ width: 100, height: 1 });
  });
});

describe('voiceFileName', () => {
  it('names a recording by its local time and format, as [CHAT-13] accepts', () => {
    const name = voiceFileName(new Date(2025, 0, 2, 3, 4, 5), 'audio/webm;codecs=opus');
    expect(name).toBe('voice-20250102-030405.webm');
    expect(voiceFileName(new Date(2025, 0, 2), 'audio/ogg')).toMatch(/\.ogg$/);
    expect(voiceFileName(new Date(2025, 0, 2), 'audio/mp4')).toMatch(/\.m4a$/);
    expect(safeFileName(name)).toBe(name);
  });
});
