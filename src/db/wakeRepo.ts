/**
 * The user's wake choice, in the settings table under its own key (the boot settings do not read
 * it, so the first visit does not load it): whether friends may wake this install, the push
 * endpoint last registered with the worker, and whether the user has answered the offer or the
 * install prompt. Rejects with StorageError only. Spec: docs/protocol.md [WAKE-15].
 */
import type { PlumeDatabase } from './db';
import { withStorage } from './storageErrors';

/** The settings row's key. */
export const WAKE_SETTING_KEY = 'wake';

/** `on`: subscribed and registered; `off`: turned off; null: not asked or not answered yet. */
export type WakeChoice = 'on' | 'off' | null;

/** What is stored. */
export interface WakePreference {
  choice: WakeChoice;
  /** The endpoint the worker last accepted; a different one is registered again. */
  endpoint: string | null;
  /** The user answered the offer ("Not now" included): it is not shown again by itself. */
  offerAnswered: boolean;
  /** The user dismissed the install prompt or the Add to Home Screen guide. */
  installDismissed: boolean;
}

/** Nothing chosen yet. */
export const DEFAULT_WAKE_PREFERENCE: WakePreference = {
  choice: null,
  endpoint: null,
  offerAnswered: false,
  installDismissed: false,
};

function read(value: unknown): WakePreference {
  if (typeof value !== 'object' || value === null) return DEFAULT_WAKE_PREFERENCE;
  const v = value as Record<string, unknown>;
  return {
    choice: v.choice === 'on' || v.choice === 'off' ? v.choice : null,
    endpoint: typeof v.endpoint === 'string' ? v.endpoint : null,
    offerAnswered: v.offerAnswered === true,
    installDismissed: v.installDismissed === true,
  };
}

/** The stored preference (defaults for anything missing or malformed). */
export async function loadWakePreference(db: PlumeDatabase): Promise<WakePreference> {
  const row = await withStorage(db, (d) => d.settings.get(WAKE_SETTING_KEY));
  return read(row?.value);
}

/** Change the stored preference in one transaction; resolves with the result. */
export function updateWakePreference(
  db: PlumeDatabase,
  change: Partial<WakePreference>,
): Promise<WakePreference> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.settings, async () => {
      const next = { ...read((await d.settings.get(WAKE_SETTING_KEY))?.value), ...change };
      await d.settings.put({ key: WAKE_SETTING_KEY, value: next });
      return next;
    }),
  );
}
