// The settings the app stores in IndexedDB (src/db/settings.ts reads and writes them).
import type { Language } from '../lib/language';

export type ThemeChoice = 'light' | 'dark' | 'system';

export interface Settings {
  /** null = follow navigator.language */
  language: Language | null;
  theme: ThemeChoice;
  /** Send READ receipts. When off, we neither send nor show others' read state. */
  readReceipts: boolean;
  /** Show notifications for new messages while the tab is hidden. */
  notifications: boolean;
  /**
   * Photos and voice messages up to this many bytes download by themselves;
   * larger files, and every other kind, ask first. 0 = always ask.
   */
  autoDownloadBytes: number;
}
/** Default auto-download limit: 10 MB. */
export const DEFAULT_AUTO_DOWNLOAD_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SETTINGS: Settings = {
  language: null,
  theme: 'system',
  readReceipts: true,
  notifications: true,
  autoDownloadBytes: DEFAULT_AUTO_DOWNLOAD_BYTES,
};
