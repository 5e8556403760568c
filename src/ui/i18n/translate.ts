/**
 * Pure i18n helpers: dictionary lookup, `{param}` interpolation and locale
 * matching. No signals here, so they are testable without a DOM.
 */
import type { Language } from '../../db/settingsTypes';
import { en, type Dictionary, type MessageKey } from './en';
import { zh } from './zh';

export type { MessageKey } from './en';

/** Values that can fill a `{placeholder}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** All dictionaries, by language. */
export const DICTIONARIES: Readonly<Record<Language, Dictionary>> = { en, zh };

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

/** Look up `key` in `lang`'s dictionary and interpolate `params`. */
export function translate(lang: Language, key: MessageKey, params?: MessageParams): string {
  return interpolate(DICTIONARIES[lang][key], params);
}

/** True when `key` is a UI string key (for text that may be a key or plain text). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Map a browser locale (`navigator.language`) to a UI language: zh* → zh, else en. */
export function languageFromLocale(locale: string | undefined | null): Language {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
