import { describe, expect, it } from 'vitest';
import { en } from './en';
import {
  hasDictionary,
  interpolate,
  isMessageKey,
  languageFromLocale,
  placeholders,
  registerDictionary,
  translate,
} from './translate';
import { zh } from './zh';

registerDictionary('zh', zh);
const DICTIONARIES = { en, zh };

describe('dictionaries', () => {
  const enKeys = Object.keys(en).sort();

  it('English and Chinese have exactly the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(enKeys);
  });

  it('every string is non-empty in every language', () => {
    for (const [lang, dict] of Object.entries(DICTIONARIES)) {
      for (const [key, value] of Object.entries(dict)) {
        expect(value.trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('each translation uses the same placeholders as English', () => {
    for (const key of enKeys) {
      if (!isMessageKey(key)) throw new Error(key);
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe('translate', () => {
  it('knows which dictionaries are registered', () => {
    expect(hasDictionary('en')).toBe(true);
    expect(hasDictionary('zh')).toBe(true);
  });

  it('interpolates named parameters, numbers included', () => {
    expect(translate('en', 'onboarding.errorTooLong', { max: 40, count: 41 })).toBe(
      'Use 40 characters or fewer (this one has 41).',
    );
    expect(translate('zh', 'onboarding.errorTooLong', { max: 40, count: 41 })).toBe(
      '最多 40 个字符（当前 41 个）。',
    );
  });

  it('leaves unknown or missing placeholders visible', () => {
    expect(interpolate('Hi {name}, {other}', { name: 'Ann' })).toBe('Hi Ann, {other}');
    expect(interpolate('Hi {name}')).toBe('Hi {name}');
  });

  it('does not interpret replacement patterns in values', () => {
    expect(interpolate('Hi {name}', { name: '$& $1' })).toBe('Hi $& $1');
  });

  it('tells keys from plain text', () => {
    expect(isMessageKey('nav.chats')).toBe(true);
    expect(isMessageKey('server said no')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });
});

describe('languageFromLocale', () => {
  it('maps zh* to Chinese and everything else to English', () => {
    expect(languageFromLocale('zh-CN')).toBe('zh');
    expect(languageFromLocale('zh-TW')).toBe('zh');
    expect(languageFromLocale('ZH')).toBe('zh');
    expect(languageFromLocale('en-GB')).toBe('en');
    expect(languageFromLocale('fr')).toBe('en');
    expect(languageFromLocale(undefined)).toBe('en');
  });
});
