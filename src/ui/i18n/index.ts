/**
 * The UI's i18n entry point: `t(key, params?)` reads the `language` signal, so
 * a component that calls it re-renders when the language changes.
 * The language is the user's choice (`languageChoice`, loaded and saved by
 * models/settings.ts), else `navigator.language`.
 */
import { computed, effect, signal } from '@preact/signals';
import type { Language } from '../../db/settingsTypes';
import { HTML_LANG, languageFromLocale, translate, type MessageParams } from './translate';
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

/** Translate `key` into the current language. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(language.value, key, params);
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
  });
  return () => {
    window.removeEventListener('languagechange', onChange);
    stopEffect();
  };
}
