/**
 * "Now" for relative times ("last seen 5 min ago", "expires in 3 h"). One
 * shared timer while anything shows such a time, instead of one per row.
 */
import { signal } from '@preact/signals';
import { every, systemClock } from '../../../lib/clock';

/** How often relative times are refreshed. */
export const CLOCK_TICK_MS = 30_000;

/** The current time in ms, updated every `CLOCK_TICK_MS` while `startClock` runs. */
export const now = signal(Date.now());

let users = 0;
let stopTicking: (() => void) | null = null;

/** Keep `now` fresh; returns stop. Reference-counted, so nested users are fine. */
export function startClock(): () => void {
  users++;
  now.value = Date.now();
  stopTicking ??= every(systemClock, CLOCK_TICK_MS, () => {
    now.value = Date.now();
  });
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    users--;
    if (users === 0 && stopTicking) {
      stopTicking();
      stopTicking = null;
    }
  };
}
