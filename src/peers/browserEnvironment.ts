/**
 * The real browser behind SignalingEnvironment: window timers, Math.random,
 * the 'online' and 'offline' events and page visibility.
 */
import type { SignalingEnvironment } from './signalingLifecycle';
import type { Unsubscribe } from './transport';
import { systemClock } from '../lib/clock';

function listen(target: EventTarget | undefined, type: string, callback: () => void): Unsubscribe {
  if (!target) return () => undefined;
  target.addEventListener(type, callback);
  return () => target.removeEventListener(type, callback);
}

/** The environment of the current page (works, inertly, where window is missing). */
export function browserEnvironment(): SignalingEnvironment {
  const win = typeof window === 'undefined' ? undefined : window;
  const doc = typeof document === 'undefined' ? undefined : document;
  return {
    ...systemClock,
    random: () => Math.random(),
    onOnline: (callback) => listen(win, 'online', callback),
    onOffline: (callback) => listen(win, 'offline', callback),
    onVisible: (callback) =>
      listen(doc, 'visibilitychange', () => {
        if (doc?.visibilityState === 'visible') callback();
      }),
  };
}
