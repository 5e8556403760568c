/** Opaque timer handle. */
export type TimerHandle = ReturnType<typeof setTimeout>;

/**
 * The timers an engine runs on. Injected wherever timers run, so tests drive
 * time with a fake (src/peers/testing/fakeEnvironment.ts) instead of waiting.
 */
export interface Clock {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
