/**
 * A touch held still opens a context menu: the press starts a timer, moving or lifting the
 * finger before it fires cancels it. Kept apart from the hook so a test can hold it on a fake clock.
 */
import type { Clock, TimerHandle } from '../../lib/clock';

/** A press held this long opens the menu (touch). */
export const LONG_PRESS_MS = 500;

/** One element's press, timed on `clock`. */
export class LongPress {
  readonly #clock: Clock;
  #timer: TimerHandle | null = null;
  #fired = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A finger went down: `fire` runs if it stays LONG_PRESS_MS without moving or lifting. */
  start(fire: () => void): void {
    this.#fired = false;
    this.cancel();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#fired = true;
      fire();
    }, LONG_PRESS_MS);
  }

  /** The finger moved: this press opens nothing. */
  cancel(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** The finger lifted. True when the press already opened the menu, so the tap must not act too. */
  end(): boolean {
    this.cancel();
    return this.#fired;
  }
}
