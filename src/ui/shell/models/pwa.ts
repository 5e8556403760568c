/**
 * Service worker registration and the update flow (production builds only).
 * A new version never takes over by itself: when it is waiting, the UI offers
 * "Update available — Reload"; accepting sends SKIP_WAITING and reloads once
 * the new worker controls the page. workbox-window is loaded after first paint.
 */
import { signal } from '@preact/signals';
import type { Workbox } from 'workbox-window';
import { isConversationId } from '../../../lib/convId';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { navigate } from './router';

const logger = log('ui:pwa');

/** The service worker's URL (vite-plugin-pwa builds src/sw/sw.ts to dist/sw.js). */
export const SW_URL = '/sw.js';
/** Look for a new version at most this often while the app is in use. */
export const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** True while a new version is installed and waiting for the user's go-ahead. */
export const updateAvailable = signal(false);

/** The browser's install prompt (`beforeinstallprompt`), kept for a sensible moment. */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
}
/** Set while the browser would install Plume on request (wake/models/install.ts asks). */
export const installPrompt = signal<InstallPromptEvent | null>(null);

/**
 * Keep the install prompt for later instead of the browser's own banner. Called at boot: the
 * event may come before the page has loaded.
 */
export function watchInstall(): void {
  addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    installPrompt.value = event as InstallPromptEvent;
  });
}

let workbox: Workbox | null = null;
let lastCheck = 0;
let reloading = false;

function checkForUpdate(): void {
  if (!workbox || Date.now() - lastCheck < UPDATE_CHECK_MS) return;
  lastCheck = Date.now();
  workbox.update().catch((err: unknown) => logger.debug('update check failed', describeError(err)));
}

/** Register the service worker. A no-op in development and where SWs are unsupported. */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  try {
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox(SW_URL);
    wb.addEventListener('waiting', () => {
      updateAvailable.value = true;
    });
    workbox = wb;
    lastCheck = Date.now();
    // A clicked notification names its chat (src/sw/sw.ts): show it.
    navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown; conv?: unknown } | null;
      if (data?.type === 'OPEN_CHAT' && isConversationId(data.conv)) {
        navigate({ name: 'chat', id: data.conv });
      }
    });
    await wb.register();
    // Long-lived tabs (an installed app stays open for days) look for updates when shown again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') checkForUpdate();
    });
  } catch (err) {
    // The app works without a SW (no offline start); say so in the log, not to the user.
    logger.warn('service worker registration failed', describeError(err));
  }
}

function reloadOnce(): void {
  if (reloading) return;
  reloading = true;
  window.location.reload();
}

/** Activate the waiting version and reload into it. */
export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', reloadOnce);
  // A worker that was already waiting before this page registered may not be
  // "ours" to workbox-window; the raw event covers that case.
  navigator.serviceWorker.addEventListener('controllerchange', reloadOnce);
  workbox.messageSkipWaiting();
}

/** Hide the prompt for now; it comes back on the next start while the update still waits. */
export function dismissUpdate(): void {
  updateAvailable.value = false;
}
