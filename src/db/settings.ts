/**
 * Settings repository: one row per key in the `settings` table. Values are
 * validated on read, so a row written by an older or newer build (or a
 * corrupted one) falls back to the default instead of breaking the UI.
 */
import { log } from '../lib/log';
import { getDb } from './db';
import { DEFAULT_SETTINGS, type Settings } from './settingsTypes';
import { withStorage } from './storageErrors';

const logger = log('db:settings');

type Validators = { readonly [K in keyof Settings]: (value: unknown) => value is Settings[K] };

/** One validator per setting; adding a setting without one fails the typecheck. */
const VALIDATORS: Validators = {
  language: (v): v is Settings['language'] => v === null || v === 'en' || v === 'zh',
  theme: (v): v is Settings['theme'] => v === 'light' || v === 'dark' || v === 'system',
  readReceipts: (v): v is boolean => typeof v === 'boolean',
  notifications: (v): v is boolean => typeof v === 'boolean',
  autoDownloadBytes: (v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
};

function isSettingKey(key: string): key is keyof Settings {
  return Object.hasOwn(VALIDATORS, key);
}

function assign<K extends keyof Settings>(target: Settings, key: K, value: unknown): void {
  if (VALIDATORS[key](value)) target[key] = value;
  else logger.warn('ignoring invalid stored value for', key);
}

/** All settings, defaults filled in for anything missing or invalid. Rejects with StorageError. */
export async function loadSettings(): Promise<Settings> {
  const rows = await withStorage(getDb(), (db) => db.settings.toArray());
  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if (isSettingKey(row.key)) assign(settings, row.key, row.value);
  }
  return settings;
}

/** Store one setting. Rejects with StorageError (e.g. reason 'quota'). */
export async function saveSetting<K extends keyof Settings>(
  key: K,
  value: Settings[K],
): Promise<void> {
  if (!VALIDATORS[key](value)) throw new TypeError(`invalid value for setting ${key}`);
  await withStorage(getDb(), (db) => db.settings.put({ key, value }));
}
