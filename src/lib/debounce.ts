/**
 * Work that waits for a pause: each new task replaces the one still waiting and restarts
 * the wait, so a burst (keystrokes) runs once, with its last task.
 */
import type { Clock, TimerHandle } from './clock';

/** One waiting task at most, run `ms` after it was scheduled on `clock`. */
export class Debounce {
  readonly #clock: Clock;
  readonly #ms: number;
  #timer: TimerHandle | null = null;
  #task: (() => void) | null = null;

  constructor(clock: Clock, ms: number) {
    this.#clock = clock;
    this.#ms = ms;
  }

  /** True while a task waits. */
  get pending(): boolean {
    return this.#task !== null;
  }

  /** Run `task` once `ms` pass without another schedule; the task waiting until now is dropped. */
  schedule(task: () => void): void {
    this.cancel();
    this.#task = task;
    this.#timer = this.#clock.setTimeout(() => this.flush(), this.#ms);
  }

  /** Run the waiting task now, if there is one. */
  flush(): void {
    const task = this.#task;
    this.cancel();
    task?.();
  }

  /** Drop the waiting task. */
  cancel(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#task = null;
  }
}
