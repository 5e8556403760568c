import { describe, expect, it } from 'vitest';
import { en } from './en';
import {
  hasDictionary,
  interpolate,
  isMessageKey,
  languageFromLocale,
  placeholders,
  partOf,
  registerDictionary,
  registerStrings,
  translate,
} from './translate';
import { zh } from './zh';
import { enCalls } from '../calls/i18n/en.calls';
import { enFiles } from '../files/i18n/en.files';
import { zhCalls } from '../calls/i18n/zh.calls';
import { enWake } from '../wake/i18n/en.wake';
import { zhWake } from '../wake/i18n/zh.wake';
import { enFriends } from '../friends/i18n/en.friends';
import { zhFriends } from '../friends/i18n/zh.friends';
import { enChat } from '../chat/i18n/en.chat';
import { zhChat } from '../chat/i18n/zh.chat';
import { enMe } from '../me/i18n/en.me';
import { zhMe } from '../me/i18n/zh.me';
import { zhFiles } from '../files/i18n/zh.files';
import { enGroups } from '../groups/i18n/en.groups';
import { zhGroups } from '../groups/i18n/zh.groups';
import { enMoments } from '../moments/i18n/en.moments';
import { zhMoments } from '../moments/i18n/zh.moments';

registerDictionary('zh', zh);
const PARTS = {
  files: [enFiles, zhFiles],
  calls: [enCalls, zhCalls],
  wake: [enWake, zhWake],
  friends: [enFriends, zhFriends],
  chat: [enChat, zhChat],
  me: [enMe, zhMe],
  groups: [enGroups, zhGroups],
  moments: [enMoments, zhMoments],
} as const;
const DICTIONARIES = {
  en,
  zh,
  enFiles,
  zhFiles,
  enCalls,
  zhCalls,
  enWake,
  zhWake,
  enFriends,
  zhFriends,
  enChat,
  zhChat,
  enMe,
  zhMe,
  enGroups,
  zhGroups,
  enMoments,
  zhMoments,
};

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
      const core = key as keyof typeof en;
      expect(placeholders(zh[core]), key).toEqual(placeholders(en[core]));
    }
  });

  it('each part has the same keys and placeholders in both languages, under its prefix', () => {
    for (const [name, [enPart, zhPart]] of Object.entries(PARTS)) {
      const keys = Object.keys(enPart).sort();
      expect(Object.keys(zhPart).sort(), name).toEqual(keys);
      for (const key of keys) {
        expect(partOf(key), key).toBe(name);
        const [a, b] = [enPart, zhPart].map((p) => (p as Record<string, string>)[key] ?? '');
        expect(placeholders(b ?? ''), key).toEqual(placeholders(a ?? ''));
      }
    }
  });

  it('a part key reads as empty until its part is registered, then in its language', () => {
    const key = Object.keys(enFiles)[0] as keyof typeof enFiles;
    expect(translate('en', key)).toBe('');
    registerStrings('en', enFiles);
    registerStrings('zh', zhFiles);
    expect(translate('en', key)).toBe(enFiles[key]);
    expect(translate('zh', key)).toBe(zhFiles[key]);
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

  it('chooses plural forms with Intl.PluralRules for each language', () => {
    expect(translate('en', 'chats.searchResults', { count: 1 })).toBe('1 message found');
    expect(translate('en', 'chats.searchResults', { count: 0 })).toBe('0 messages found');
    expect(translate('en', 'chats.searchResults', { count: 2 })).toBe('2 messages found');
    expect(translate('zh', 'chats.searchResults', { count: 1 })).toBe('找到 1 条消息');
    expect(translate('zh', 'chats.searchResults', { count: 5 })).toBe('找到 5 条消息');
  });

  it('picks an exact =n form first, falls back to other, and leaves a non-number visible', () => {
    const template = '{n, plural, =0 {none} one {# item} other {# items}} in {box}';
    expect(interpolate(template, { n: 0, box: 'A' })).toBe('none in A');
    expect(interpolate(template, { n: 1, box: 'A' })).toBe('1 item in A');
    expect(interpolate(template, { n: 3, box: 'A' })).toBe('3 items in A');
    expect(interpolate(template, { n: 1, box: 'A' }, 'zh')).toBe('1 items in A');
    expect(interpolate(template, { n: 'x', box: 'A' })).toBe(
      '{n, plural, =0 {none} one {# item} other {# items}} in A',
    );
  });

  it('counts a plural block as one placeholder', () => {
    expect(placeholders('{count, plural, one {# file} other {# files}} · {size}')).toEqual([
      'count',
      'size',
    ]);
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
