/**
 * Which layout the shell uses. From PANES_MIN_WIDTH the chats list and the open chat are shown
 * side by side, as desktop messengers do; narrower screens show one pane at a time.
 */
import { signal } from '@preact/signals';
import { navigate, type Route } from './router';

/** Width (CSS px) from which the chats list and the open chat share the window. */
export const PANES_MIN_WIDTH = 900;
const PANES_QUERY = `(min-width: ${PANES_MIN_WIDTH}px)`;

function query(): MediaQueryList | null {
  return typeof matchMedia === 'undefined' ? null : matchMedia(PANES_QUERY);
}

/** True while the window is wide enough for two panes. */
export const wide = signal<boolean>(query()?.matches ?? false);

/** Follow the window's width. Returns the stop function. */
export function watchLayout(): () => void {
  const list = query();
  if (!list) return () => undefined;
  const onChange = () => {
    wide.value = list.matches;
  };
  onChange();
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/** The chat open beside the list when two panes show `route`; undefined: one pane. */
export function panesOf(route: Route, isWide: boolean): { open: string | null } | undefined {
  if (!isWide) return undefined;
  if (route.name === 'chats') return { open: null };
  if (route.name === 'chat') return { open: route.id };
  return undefined;
}

/** Set while the list's Up/Down opens a chat: focus stays in the list instead of the chat. */
let keepListFocus = false;

/** Open chat `id` beside the list from the keyboard, leaving focus where it is. */
export function openFromList(id: string): void {
  keepListFocus = true;
  navigate({ name: 'chat', id }, { replace: true });
}

/** Whether the navigation just made should leave focus in the list (read once). */
export function takeKeepListFocus(): boolean {
  const keep = keepListFocus;
  keepListFocus = false;
  return keep;
}

/** The row Up (-1) or Down (+1) moves to from row `at` (-1: none yet) of `count`; stops at the ends. */
export function stepRow(at: number, count: number, step: -1 | 1): number {
  if (count === 0) return -1;
  if (at < 0) return step === 1 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, at + step));
}
