/** Opaque timer handle. */
export type TimerHandle = ReturnType<typeof setTimeout>;

/**
 * The timers an engine or a screen runs on. Injected wherever timers run, so tests drive
 * time with a fake (src/peers/testing/fakeEnvironment.ts) instead of waiting.
 */
export interface Clock {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The page's own timers: the clock of every engine and screen outside tests. */
export const systemClock: Clock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

/** Call `callback` once, `ms` from now on `clock`, unless the returned cancel comes first. */
export function after(clock: Clock, ms: number, callback: () => void): () => void {
  const handle = clock.setTimeout(callback, ms);
  return () => clock.clearTimeout(handle);
}

/**
 * Call `tick` every `ms` on `clock` until the returned stop is called (also from `tick`
 * itself). A repeating timer made of one-shot ones, so a Clock needs no setInterval.
 */
export function every(clock: Clock, ms: number, tick: () => void): () => void {
  let handle: TimerHandle | null = null;
  const arm = () => {
    handle = clock.setTimeout(() => {
      arm();
      tick();
    }, ms);
  };
  arm();
  return () => {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
  };
}
