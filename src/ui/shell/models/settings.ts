/**
 * Settings persistence. Each setting's state lives with its domain
 * (`languageChoice` in i18n, `themeChoice` in the theme model); this model
 * loads them from IndexedDB at boot and saves the user's changes.
 */
import { signal } from '@preact/signals';
import { loadSettings, saveSetting } from '../../../db/settings';
import type { Language } from '../../../lib/language';
import { DEFAULT_SETTINGS, type Settings, type ThemeChoice } from '../../../db/settingsTypes';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { languageChoice, t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { themeChoice } from './theme';
import { push } from './toasts';

const logger = log('ui:settings');

/** True once the stored settings have been read (or failed to read: defaults apply). */
export const settingsLoaded = signal(false);

/** Send read receipts, and show the friend's. The chat engine reads this. */
export const readReceipts = signal(DEFAULT_SETTINGS.readReceipts);
/** Notify about new messages while the tab is hidden (unless the chat is muted). */
export const notificationsEnabled = signal(DEFAULT_SETTINGS.notifications);
/** Photos and voice messages up to this size download by themselves; 0 = always ask. */
export const autoDownloadBytes = signal(DEFAULT_SETTINGS.autoDownloadBytes);

function apply(settings: Settings): void {
  languageChoice.value = settings.language;
  themeChoice.value = settings.theme;
  readReceipts.value = settings.readReceipts;
  notificationsEnabled.value = settings.notifications;
  autoDownloadBytes.value = settings.autoDownloadBytes;
}

/** Read the stored settings. Never rejects: on failure the defaults stay and it is logged. */
export async function initSettings(): Promise<void> {
  try {
    apply(await loadSettings());
  } catch (err) {
    logger.warn('could not load settings; using defaults', describeError(err));
  } finally {
    settingsLoaded.value = true;
  }
}

async function save<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  try {
    await saveSetting(key, value);
  } catch (err) {
    // The choice still applies to this tab; the user learns it will not survive a reload.
    logger.warn('could not save setting', key, describeError(err));
    push({ kind: 'error', message: t('notify.settingFailed', { reason: errorText(err) }) });
  }
}

/** Choose the UI language (null follows the browser) and store the choice. */
export function setLanguage(choice: Language | null): Promise<void> {
  languageChoice.value = choice;
  return save('language', choice);
}

/** Choose the theme and store the choice. */
export function setTheme(choice: ThemeChoice): Promise<void> {
  themeChoice.value = choice;
  return save('theme', choice);
}

/** Turn read receipts on or off and store the choice. */
export function setReadReceipts(on: boolean): Promise<void> {
  readReceipts.value = on;
  return save('readReceipts', on);
}

/** Turn message notifications on or off and store the choice. */
export function setNotifications(on: boolean): Promise<void> {
  notificationsEnabled.value = on;
  return save('notifications', on);
}

/** Set the auto-download limit for photos and voice messages (bytes; 0 = always ask). */
export function setAutoDownloadBytes(bytes: number): Promise<void> {
  autoDownloadBytes.value = bytes;
  return save('autoDownloadBytes', bytes);
}
