/**
 * Theme: light, dark, or follow the system. The resolved theme is set as
 * `data-theme` on <html>; before this runs, CSS falls back to
 * `prefers-color-scheme`, so the first paint already has the right colours.
 */
import { computed, effect, signal } from '@preact/signals';
import type { ThemeChoice } from '../../../db/settingsTypes';

export type ResolvedTheme = 'light' | 'dark';

/** Browser chrome colour per theme; must match `--color-bar` in shell/styles/tokens.css. */
export const THEME_COLORS: Readonly<Record<ResolvedTheme, string>> = {
  light: '#ffffff',
  dark: '#171a21',
};

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The user's choice (loaded and saved by shell/models/settings.ts). */
export const themeChoice = signal<ThemeChoice>('system');

/** Whether the system prefers dark. */
export const systemPrefersDark = signal(
  typeof matchMedia === 'function' ? matchMedia(DARK_QUERY).matches : false,
);

/** Pure: the theme to show for a choice. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): ResolvedTheme {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

/** The theme on screen. */
export const resolvedTheme = computed(() =>
  resolveTheme(themeChoice.value, systemPrefersDark.value),
);

/**
 * Apply the theme to <html> and to every `theme-color` meta (index.html has one
 * per colour scheme for the first paint), and follow system changes.
 * Returns the stop function.
 */
export function startTheme(): () => void {
  const query = matchMedia(DARK_QUERY);
  const onChange = (event: MediaQueryListEvent) => {
    systemPrefersDark.value = event.matches;
  };
  query.addEventListener('change', onChange);
  systemPrefersDark.value = query.matches;
  const stopEffect = effect(() => {
    const theme = resolvedTheme.value;
    const root = document.documentElement;
    root.dataset.theme = theme;
    for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
      meta.content = THEME_COLORS[theme];
    }
  });
  return () => {
    query.removeEventListener('change', onChange);
    stopEffect();
  };
}
