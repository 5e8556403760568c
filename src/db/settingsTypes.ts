// CONTRACT: the settings the app stores in IndexedDB (src/db/settings.ts implements get/set).
export type Language = 'en' | 'zh';
export type ThemeChoice = 'light' | 'dark' | 'system';

export interface Settings {
  /** null = follow navigator.language */
  language: Language | null;
  theme: ThemeChoice;
}
export const DEFAULT_SETTINGS: Settings = { language: null, theme: 'system' };
