/**
 * Times in the chats list and the chat: the clock today, the weekday this week, else a date,
 * in the UI language. Apart from chatView.ts because the chats list, on the first visit,
 * needs only these.
 */
import type { Language } from '../../../lib/language';
import { HTML_LANG } from '../../i18n/translate';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A local calendar day, as a sortable key. */
export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/**
 * One formatter per language and options: building an Intl.DateTimeFormat
 * costs far more than formatting, and every row of every list asks.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The shared Intl.DateTimeFormat for a language tag and options. */
export function formatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
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
