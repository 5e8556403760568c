/**
 * View helpers for a chat: day separators, times, search-hit highlighting and
 * the "jump to this message" request that a search result hands to the chat
 * screen. UI state only; the history itself comes from chat/models/messages.ts.
 */
import { signal } from '@preact/signals';
import type { Language } from '../../../lib/language';
import type { ConversationId, EventId } from '../../../lib/ids';
import { HTML_LANG } from '../../i18n/translate';

/** A message to show and highlight once its chat is open. */
export interface JumpRequest {
  conv: ConversationId;
  id: EventId;
}

/** Set before navigating to a chat (search results); the chat screen consumes it. */
export const jumpRequest = signal<JumpRequest | null>(null);

/** How long a jumped-to message stays highlighted. */
export const HIGHLIGHT_MS = 2_500;

/** A local calendar day, as a sortable key. */
export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** Items of a history: a day separator before the first message of each day. */
export type HistoryItem<M> =
  { kind: 'day'; key: string; ts: number } | { kind: 'message'; message: M };

/** Insert day separators into messages that are already in display order. */
export function withDaySeparators<M extends { ts: number }>(
  messages: readonly M[],
): HistoryItem<M>[] {
  const items: HistoryItem<M>[] = [];
  let current = '';
  for (const message of messages) {
    const key = dayKey(message.ts);
    if (key !== current) {
      current = key;
      items.push({ kind: 'day', key, ts: message.ts });
    }
    items.push({ kind: 'message', message });
  }
  return items;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Today", "Yesterday" (as given), the weekday within a week, else the date. */
export function dayLabel(
  ts: number,
  now: number,
  lang: Language,
  words: { today: string; yesterday: string },
): string {
  const key = dayKey(ts);
  if (key === dayKey(now)) return words.today;
  if (key === dayKey(now - DAY_MS)) return words.yesterday;
  const tag = HTML_LANG[lang];
  if (now - ts < 6 * DAY_MS) return formatter(tag, { weekday: 'long' }).format(ts);
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return formatter(
    tag,
    sameYear
      ? { month: 'long', day: 'numeric' }
      : { year: 'numeric', month: 'long', day: 'numeric' },
  ).format(ts);
}

/**
 * One formatter per language and options: building an Intl.DateTimeFormat
 * costs far more than formatting, and every row of every list asks.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, f);
  }
  return f;
}

/** "14:05" in the UI language. */
export function clockTime(ts: number, lang: Language): string {
  return formatter(HTML_LANG[lang], { hour: 'numeric', minute: '2-digit' }).format(ts);
}

/** A chats-list time: the clock today, the weekday this week, else a short date. */
export function listTime(ts: number, now: number, lang: Language): string {
  const tag = HTML_LANG[lang];
  if (dayKey(ts) === dayKey(now)) return clockTime(ts, lang);
  if (now - ts < 6 * DAY_MS) return formatter(tag, { weekday: 'short' }).format(ts);
  return formatter(tag, { month: 'numeric', day: 'numeric' }).format(ts);
}

/** Split `text` into runs, marking the [start, end) `ranges` (clamped, merged, in order). */
export function highlightRuns(
  text: string,
  ranges: ReadonlyArray<readonly [number, number]>,
): Array<{ text: string; hit: boolean }> {
  const sorted = ranges
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))])
    .filter(([a = 0, b = 0]) => b > a)
    .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
  const runs: Array<{ text: string; hit: boolean }> = [];
  let pos = 0;
  for (const [a = 0, b = 0] of sorted) {
    const from = Math.max(a, pos);
    if (b <= from) continue;
    if (from > pos) runs.push({ text: text.slice(pos, from), hit: false });
    const previous = runs.at(-1);
    if (previous?.hit && from === pos) previous.text += text.slice(from, b);
    else runs.push({ text: text.slice(from, b), hit: true });
    pos = b;
  }
  if (pos < text.length) runs.push({ text: text.slice(pos), hit: false });
  return runs;
}

/** Within this distance of the bottom, the history counts as scrolled to the end. */
export const AT_BOTTOM_PX = 48;
/** Start loading older messages when this close to the top. */
export const LOAD_OLDER_PX = 300;
/** A press held this long opens the message menu (touch). */
export const LONG_PRESS_MS = 500;

/** The reactions offered first in the message menu. */
export const QUICK_REACTIONS: readonly string[] = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
