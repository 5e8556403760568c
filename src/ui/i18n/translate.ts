/**
 * Pure i18n helpers: dictionary lookup, `{param}` interpolation and locale
 * matching. No signals here, so they are testable without a DOM.
 * English is built in; other dictionaries are registered when loaded (zh is a
 * lazy chunk, so English-only visits do not download it).
 */
import type { Language } from '../../lib/language';
import { en, type CoreKey, type Dictionary, type MessageKey, type PartName } from './en';

export type { Dictionary, MessageKey, PartName } from './en';

/** Values that can fill a `{placeholder}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The dictionaries loaded so far, by language. English is always there. */
const dictionaries: Partial<Record<Language, Dictionary>> = { en };

/** Make `lang`'s dictionary available to `translate`. */
export function registerDictionary(lang: Language, dictionary: Dictionary): void {
  dictionaries[lang] = dictionary;
}

/** Strings of the loaded parts, by language. */
const partStrings: Partial<Record<Language, Record<string, string>>> = {};

/** Add a part's strings for `lang` (a part registers itself when its chunk loads). */
export function registerStrings(lang: Language, strings: Readonly<Record<string, string>>): void {
  partStrings[lang] = { ...partStrings[lang], ...strings };
}

/** Prefixes of the keys only lazily loaded screens use, by the part that carries them. */
const SCREEN_PARTS: Readonly<Record<string, PartName>> = {
  friend: 'friends',
  friends: 'friends',
  scan: 'friends',
  verify: 'friends',
  safety: 'friends',
  code: 'friends',
  invite: 'friends',
  request: 'friends',
  add: 'friends',
  chat: 'chat',
  emoji: 'chat',
  composer: 'chat',
  picker: 'chat',
  forward: 'chat',
  me: 'me',
  profile: 'me',
  backup: 'me',
  settings: 'me',
};

/** The part a key belongs to (its prefix), or null for a core key. */
export function partOf(key: string): PartName | null {
  if (key.startsWith('files.')) return 'files';
  if (key.startsWith('calls.')) return 'calls';
  if (key.startsWith('wake.')) return 'wake';
  if (key.startsWith('groups.')) return 'groups';
  if (key.startsWith('moments.')) return 'moments';
  const prefix = key.slice(0, key.indexOf('.'));
  return SCREEN_PARTS[prefix] ?? null;
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
/** `{count, plural, one {# message} other {# messages}}`: a form per plural category. */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other) \{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(=\d+|zero|one|two|few|many|other) \{([^{}]*)\}/g;

const pluralRules = new Map<Language, Intl.PluralRules>();

/** The plural category of `n` in `lang` ('one', 'other' …), by the platform's CLDR rules. */
function pluralCategory(lang: Language, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(HTML_LANG[lang]);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}

/**
 * Fill `{name}` placeholders and choose plural forms: in
 * `{count, plural, one {# message} other {# messages}}` the form is picked by
 * `Intl.PluralRules` for `lang` (an exact `=0` form wins), and `#` is the count.
 * An unknown placeholder is left as is, so a bug shows.
 */
export function interpolate(
  template: string,
  params?: MessageParams,
  lang: Language = 'en',
): string {
  if (!params) return template;
  const counted = template.replace(PLURAL, (whole, name: string, cases: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (typeof value !== 'number') return whole;
    const forms = new Map([...cases.matchAll(PLURAL_FORM)].map((m) => [m[1], m[2] ?? '']));
    const form =
      forms.get(`=${value}`) ?? forms.get(pluralCategory(lang, value)) ?? forms.get('other');
    return form === undefined ? whole : form.replaceAll('#', String(value));
  });
  return counted.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The placeholder names used in a template, sorted (for dictionary consistency checks). */
export function placeholders(template: string): string[] {
  const flat = template.replace(
    PLURAL,
    (_whole, name: string, cases: string) =>
      `{${name}}` + [...cases.matchAll(PLURAL_FORM)].map((m) => m[2] ?? '').join(' '),
  );
  return [...flat.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();
}

function lookup(lang: Language, key: MessageKey): string | undefined {
  if (partOf(key)) return partStrings[lang]?.[key];
  return dictionaries[lang]?.[key as CoreKey];
}

/**
 * Look up `key` in `lang`'s dictionary (English until it is loaded) and
 * interpolate `params`. A key of a part not loaded yet reads as '' (its part
 * is on its way; the caller re-renders when it arrives).
 */
export function translate(lang: Language, key: MessageKey, params?: MessageParams): string {
  const own = lookup(lang, key);
  if (own !== undefined) return interpolate(own, params, lang);
  return interpolate(lookup('en', key) ?? '', params, 'en');
}

/** True when `key` is a core UI string key (for text that may be a key or plain text). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Map a browser locale (`navigator.language`) to a UI language: zh* → zh, else en. */
export function languageFromLocale(locale: string | undefined | null): Language {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
