/**
 * Pure i18n helpers: dictionary lookup, `{param}` interpolation and locale
 * matching. No signals here, so they are testable without a DOM.
 * English is built in; other dictionaries are registered when loaded (zh is a
 * lazy chunk, so English-only visits do not download it).
 */
import type { Language } from '../../db/settingsTypes';
import { en, type Dictionary, type MessageKey } from './en';

export type { Dictionary, MessageKey } from './en';

/** Values that can fill a `{placeholder}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The dictionaries loaded so far, by language. English is always there. */
const dictionaries: Partial<Record<Language, Dictionary>> = { en };

/** Make `lang`'s dictionary available to `translate`. */
export function registerDictionary(lang: Language, dictionary: Dictionary): void {
  dictionaries[lang] = dictionary;
}

/** True once `lang` can be shown in its own words. */
export function hasDictionary(lang: Language): boolean {
  return dictionaries[lang] !== undefined;
}

/** The languages the UI offers, in the order the language picker lists them. */
export const LANGUAGES: readonly Language[] = ['en', 'zh'];

/** BCP 47 tag for `<html lang>`; zh-Hans lets browsers pick Simplified Chinese glyphs. */
export const HTML_LANG: Readonly<Record<Language, string>> = { en: 'en', zh: 'zh-Hans' };

const PLACEHOLDER = /\{(\w+)\}/g;

/** Fill `{name}` placeholders; an unknown placeholder is left as is, so a bug shows. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The placeholder names used in a template, sorted (for dictionary consistency checks). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();
}

/** Look up `key` in `lang`'s dictionary (English until it is loaded) and interpolate `params`. */
export function translate(lang: Language, key: MessageKey, params?: MessageParams): string {
  return interpolate((dictionaries[lang] ?? en)[key], params);
}

/** True when `key` is a UI string key (for text that may be a key or plain text). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Map a browser locale (`navigator.language`) to a UI language: zh* → zh, else en. */
export function languageFromLocale(locale: string | undefined | null): Language {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
