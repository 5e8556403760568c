/** Relative and absolute times in the UI language (Intl; no dictionary strings needed). */
import type { Language } from '../../lib/language';
import { HTML_LANG } from './translate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * `then` relative to `now`: "5 minutes ago", "in 3 hours", "yesterday".
 * Under a minute reads as "now".
 */
export function formatRelative(then: number, now: number, lang: Language): string {
  const rtf = new Intl.RelativeTimeFormat(HTML_LANG[lang], { numeric: 'auto' });
  const diff = then - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return rtf.format(0, 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  return rtf.format(Math.round(diff / DAY), 'day');
}

/** A date and time, short form: "22 Nov 2026, 14:05". */
export function formatDateTime(at: number, lang: Language): string {
  return new Intl.DateTimeFormat(HTML_LANG[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);
}

/**
 * A length of time as a clock: `3:07`, or `1:02:03` from an hour on (calls,
 * voice messages, media). Negative, fractional or non-finite input is
 * clamped and floored.
 */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
