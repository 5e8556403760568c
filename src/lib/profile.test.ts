import { describe, expect, it } from 'vitest';
import { cleanLabels, cleanRemark, cleanText, personTitle } from './people';
import {
  AVATAR_MAX_CHARS,
  isAvatarDataUrl,
  nextProfileVersion,
  parseProfileData,
  profileFields,
} from './profile';

describe('people text fields', () => {
  it('cleans controls and bidi overrides, collapses spaces, cuts by code points', () => {
    expect(cleanText(' a\u0000b\u202Ec  d ', 10)).toBe('abc d');
    expect(cleanText('😀'.repeat(5), 3)).toBe('😀😀😀');
  });

  it('stores an empty remark as null and labels unique and non-empty', () => {
    expect(cleanRemark('   ')).toBeNull();
    expect(cleanRemark(' Bob ')).toBe('Bob');
    expect(cleanLabels(['a', ' a ', '', 'b'])).toEqual(['a', 'b']);
    expect(cleanLabels(Array.from({ length: 30 }, (_, i) => `l${i}`))).toHaveLength(20);
    expect(personTitle({ name: 'Bob', remark: null })).toBe('Bob');
    expect(personTitle({ name: 'Bob', remark: 'B' })).toBe('B');
  });
});

describe('[FR-6] profile fields', () => {
  const good = { name: 'Ada', statusLine: 'hi', version: 3 };

  it('accepts a profile with or without an avatar', () => {
    expect(parseProfileData(good)).toEqual({ ...good, avatar: null });
    const avatar = 'data:image/webp;base64,UklGRg==';
    expect(parseProfileData({ ...good, avatar })?.avatar).toBe(avatar);
  });

  it('refuses oversized or mistyped fields rather than cutting them', () => {
    expect(parseProfileData({ ...good, name: 'x'.repeat(65) })).toBeNull();
    expect(parseProfileData({ ...good, statusLine: 'x'.repeat(141) })).toBeNull();
    expect(parseProfileData({ ...good, version: -1 })).toBeNull();
    expect(parseProfileData({ ...good, version: 1.5 })).toBeNull();
    expect(parseProfileData({ ...good, name: 7 })).toBeNull();
    expect(parseProfileData({ ...good, avatar: 'https://evil.example/a.png' })).toBeNull();
    expect(parseProfileData(null)).toBeNull();
  });

  it('drops control characters from received text', () => {
    expect(parseProfileData({ ...good, name: 'A\u202Eda' })?.name).toBe('Ada');
  });

  it('bounds avatars: image data URLs up to AVATAR_MAX_CHARS only', () => {
    const prefix = 'data:image/jpeg;base64,';
    expect(isAvatarDataUrl(prefix + 'A'.repeat(AVATAR_MAX_CHARS - prefix.length))).toBe(true);
    expect(isAvatarDataUrl(prefix + 'A'.repeat(AVATAR_MAX_CHARS))).toBe(false);
    expect(isAvatarDataUrl('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(isAvatarDataUrl('data:image/png;base64,<script>')).toBe(false);
  });

  it('leaves a missing avatar off the wire and versions only move forward', () => {
    expect(profileFields({ ...good, avatar: null })).toEqual(good);
    expect(nextProfileVersion(5, 1000)).toBe(1000);
    expect(nextProfileVersion(2000, 1000)).toBe(2001);
  });
});
