/**
 * Waiting for an idle moment of the main thread, for background work that
 * must not compete with what the user is doing (e.g. catching up on stored
 * data at start). Where the platform has no idle callbacks: the next task.
 */

type IdleScheduler = (callback: () => void, options: { timeout: number }) => number;

/** Resolves when the main thread is idle, or after `timeoutMs` at the latest. */
export function idle(timeoutMs = 1_000): Promise<void> {
  const schedule = (globalThis as { requestIdleCallback?: IdleScheduler }).requestIdleCallback;
  return new Promise((resolve) => {
    if (schedule) schedule(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 0);
  });
}
