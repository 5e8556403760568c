/**
 * The UI's i18n entry point: `t(key, params?)` reads the `language` signal, so
 * a component that calls it re-renders when the language changes.
 * The language is the user's choice (`languageChoice`, loaded and saved by
 * shell/models/settings.ts), else `navigator.language`.
 */
import { computed, effect, signal } from '@preact/signals';
import type { Language } from '../../lib/language';
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import {
  hasDictionary,
  HTML_LANG,
  languageFromLocale,
  partOf,
  registerDictionary,
  translate,
  type Dictionary,
  type MessageParams,
  type PartName,
} from './translate';
import type { MessageKey } from './en';

export type { MessageKey } from './en';
export type { MessageParams } from './translate';
export { HTML_LANG, isMessageKey, LANGUAGES } from './translate';

function browserLocale(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

/** The language the browser asks for. */
export const systemLanguage = signal<Language>(languageFromLocale(browserLocale()));

/** The user's choice in settings; null follows the browser. */
export const languageChoice = signal<Language | null>(null);

/** The language the UI is shown in. */
export const language = computed<Language>(() => languageChoice.value ?? systemLanguage.value);

const logger = log('ui:i18n');
/** Languages whose dictionary is loaded (or failed to load: English stands in). */
const settled = signal<ReadonlySet<Language>>(new Set(['en']));

/** The dictionary of each language that is not built in: its own chunk. */
const LOADERS: Readonly<Partial<Record<Language, () => Promise<Dictionary>>>> = {
  zh: () => import('./zh').then((m) => m.zh),
};

/** True once the current language's words are here; the app waits on the splash until then. */
export const dictionaryReady = computed(() => settled.value.has(language.value));

function settle(lang: Language): void {
  settled.value = new Set([...settled.value, lang]);
}

/** Load `lang`'s dictionary if it is not built in. Never rejects. */
export async function loadDictionary(lang: Language): Promise<void> {
  const load = LOADERS[lang];
  if (!load || hasDictionary(lang)) return settle(lang);
  try {
    registerDictionary(lang, await load());
  } catch (err) {
    logger.warn('could not load the dictionary; showing English', lang, describeError(err));
  }
  settle(lang);
}

/** The string parts (both languages each): their own chunks, loaded on first use. */
const PART_LOADERS: Readonly<Record<PartName, () => Promise<void>>> = {
  files: () => import('../files/i18n/files').then((m) => m.register()),
  calls: () => import('../calls/i18n/calls').then((m) => m.register()),
  wake: () => import('../wake/i18n/wake').then((m) => m.register()),
  friends: () => import('../friends/i18n/friends').then((m) => m.register()),
  chat: () => import('../chat/i18n/chat').then((m) => m.register()),
  me: () => import('../me/i18n/me').then((m) => m.register()),
  groups: () => import('../groups/i18n/groups').then((m) => m.register()),
  moments: () => import('../moments/i18n/moments').then((m) => m.register()),
};
const partsLoaded = signal<ReadonlySet<PartName>>(new Set());
const partsLoading = new Map<PartName, Promise<void>>();

/**
 * Load a string part if it is not here yet; settles when it is (never rejects). Screens load
 * theirs beside their own chunk (`withStrings`), so they never show a frame without words.
 */
export function loadStrings(part: PartName): Promise<void> {
  if (partsLoaded.peek().has(part)) return Promise.resolve();
  const loading = partsLoading.get(part);
  if (loading) return loading;
  const load = PART_LOADERS[part]().then(
    () => {
      partsLoading.delete(part);
      partsLoaded.value = new Set([...partsLoaded.peek(), part]);
    },
    (err: unknown) => {
      partsLoading.delete(part);
      logger.warn('could not load strings', part, describeError(err));
    },
  );
  partsLoading.set(part, load);
  return load;
}

/** A lazily loaded module, ready once its string parts are too. */
export async function withStrings<T>(parts: readonly PartName[], module: Promise<T>): Promise<T> {
  const [loaded] = await Promise.all([module, ...parts.map((part) => loadStrings(part))]);
  return loaded;
}

/** Translate `key` into the current language. */
export function t(key: MessageKey, params?: MessageParams): string {
  const part = partOf(key);
  // Reading `partsLoaded` re-renders callers when their part arrives.
  if (part && !partsLoaded.value.has(part)) void loadStrings(part);
  // Reading `settled` re-renders callers when a dictionary arrives.
  return settled.value.has(language.value)
    ? translate(language.value, key, params)
    : translate('en', key, params);
}

/**
 * Keep `<html lang>` in step with the language and follow the browser's
 * `languagechange`. Returns the stop function.
 */
export function startLanguage(): () => void {
  const onChange = () => {
    systemLanguage.value = languageFromLocale(browserLocale());
  };
  window.addEventListener('languagechange', onChange);
  const stopEffect = effect(() => {
    document.documentElement.lang = HTML_LANG[language.value];
    if (!settled.value.has(language.value)) void loadDictionary(language.value);
  });
  return () => {
    window.removeEventListener('languagechange', onChange);
    stopEffect();
  };
}
