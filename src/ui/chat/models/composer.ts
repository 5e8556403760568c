/**
 * Composer helpers, testable without a DOM: the length the engine counts (code
 * points), when a key press sends, inserting at the caret, and saving the draft
 * while the user types (on the clock it is given).
 */
import type { Clock } from '../../../lib/clock';
import { Debounce } from '../../../lib/debounce';
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

/**
 * A chat's draft, saved DRAFT_SAVE_MS after the last keystroke rather than on every one, and
 * at once when the chat is left or a message went out, so no typed word is lost.
 */
export class DraftSaver {
  readonly #debounce: Debounce;
  readonly #save: (text: string) => Promise<void>;
  /** The draft as last stored or read (null: not known yet), so the same one is not written twice. */
  #stored: string | null = null;
  /** Writes so far: a read that started before one is older than what it wrote. */
  #writes = 0;

  constructor(clock: Clock, save: (text: string) => Promise<void>) {
    this.#debounce = new Debounce(clock, DRAFT_SAVE_MS);
    this.#save = save;
  }

  /** A read of the stored draft starts; pass what it returns to {@link read}. */
  reading(): number {
    return this.#writes;
  }

  /** The stored draft, read since `reading()` returned `since`; ignored if a write came after. */
  read(draft: string, since: number): void {
    if (this.#writes === since) this.#stored = draft;
  }

  /** The text changed: save it once typing pauses. */
  typed(text: string): void {
    this.#debounce.schedule(() => this.saveNow(text));
  }

  /**
   * Save `text` now, instead of any save still waiting. Sending right after typing clears a
   * draft that was never stored: then nothing is written. A failed save leaves the text typed.
   */
  saveNow(text: string): void {
    this.#debounce.cancel();
    if (text === this.#stored) return;
    this.#stored = text;
    this.#writes++;
    this.#save(text).catch(() => undefined);
  }

  /** The chat is being left: a save still waiting happens now, with `text`. */
  leave(text: string): void {
    if (this.#debounce.pending) this.saveNow(text);
  }
}
