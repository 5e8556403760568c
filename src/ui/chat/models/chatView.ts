/**
 * View helpers for a chat: day separators, search-hit highlighting and the
 * "jump to this message" request that a search result hands to the chat
 * screen. UI state only; the history itself comes from chat/models/messages.ts,
 * the times of day from chatTimes.ts.
 */
import { signal } from '@preact/signals';
import type { Language } from '../../../lib/language';
import type { ConversationId, EventId } from '../../../lib/ids';
import { HTML_LANG } from '../../i18n/translate';
import { DAY_MS, dayKey, formatter } from './chatTimes';

/** A message to show and highlight once its chat is open. */
export interface JumpRequest {
  conv: ConversationId;
  id: EventId;
}

/** Set before navigating to a chat (search results); the chat screen consumes it. */
export const jumpRequest = signal<JumpRequest | null>(null);

/** How long a jumped-to message stays highlighted. */
export const HIGHLIGHT_MS = 2_500;

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

/** The reactions offered first in the message menu. */
export const QUICK_REACTIONS: readonly string[] = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
