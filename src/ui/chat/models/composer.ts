/**
 * Composer helpers, pure so they are testable without a DOM: the length the
 * engine counts (code points), when a key press sends, and inserting at the caret.
 */
import { codePointLength } from '../../../lib/text';

/** The parts of a keydown that decide whether it sends. */
export interface SendKey {
  key: string;
  shiftKey: boolean;
  isComposing: boolean;
  /** Legacy IME signal (Safari reports 229 while composing). */
  keyCode?: number;
}

/** Enter sends; Shift+Enter is a new line; nothing sends while an IME is composing. */
export function isSendKey(event: SendKey): boolean {
  if (event.key !== 'Enter' || event.shiftKey) return false;
  return !event.isComposing && event.keyCode !== 229;
}

/** Show the counter once the text is this close to the limit. */
export const COUNTER_MARGIN = 200;

/** Where the text stands against `max`. */
export function lengthState(
  text: string,
  max: number,
): { count: number; over: boolean; near: boolean } {
  const count = codePointLength(text);
  return { count, over: count > max, near: count > max - COUNTER_MARGIN };
}

/** `text` with `insert` replacing [start, end), and where the caret goes after it. */
export function insertAt(
  text: string,
  insert: string,
  start: number,
  end: number = start,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

/** Wait this long after the last keystroke before saving the draft. */
export const DRAFT_SAVE_MS = 400;
