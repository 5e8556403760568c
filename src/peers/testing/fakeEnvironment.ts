/**
 * A manual clock plus switchable browser signals for testing signaling code
 * without real time or a DOM. No test-framework imports, so any runner can use it.
 */
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { TimerHandle } from '../../lib/clock';

/** Let pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** A manual clock plus switchable browser signals. */
export class FakeEnvironment implements SignalingEnvironment {
  now = 0;
  randomValue = 0.5;
  #timers = new Map<number, { at: number; cb: () => void }>();
  #seq = 0;
  #online = new Set<() => void>();
  #visible = new Set<() => void>();
  #offline = new Set<() => void>();

  setTimeout(cb: () => void, ms: number): TimerHandle {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.now + ms, cb });
    return id as unknown as TimerHandle;
  }
  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as unknown as number);
  }
  random(): number {
    return this.randomValue;
  }
  onOnline(cb: () => void) {
    this.#online.add(cb);
    return () => this.#online.delete(cb);
  }
  onOffline(cb: () => void) {
    this.#offline.add(cb);
    return () => this.#offline.delete(cb);
  }
  fireOffline(): void {
    for (const cb of this.#offline) cb();
  }
  onVisible(cb: () => void) {
    this.#visible.add(cb);
    return () => this.#visible.delete(cb);
  }
  fireOnline(): void {
    for (const cb of this.#online) cb();
  }
  fireVisible(): void {
    for (const cb of this.#visible) cb();
  }
  /** Delay of the earliest pending timer. */
  nextDelay(): number | null {
    let min: number | null = null;
    for (const t of this.#timers.values())
      min = min === null ? t.at - this.now : Math.min(min, t.at - this.now);
    return min;
  }
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((x, y) => x[1].at - y[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].cb();
      await flush();
    }
    this.now = until;
  }
}
