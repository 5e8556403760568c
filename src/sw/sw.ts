/**
 * Plume's service worker (built by vite-plugin-pwa, injectManifest → dist/sw.js).
 *
 * - Precaches the app shell, so after the first visit Plume opens with no network.
 * - Navigations to any app URL get the precached index.html (routes are in the
 *   hash), except the signaling and TURN endpoints, which must reach the worker.
 * - Updates wait: a new version activates only when the page sends SKIP_WAITING
 *   (the user clicked "Reload" on the update prompt; see src/ui/shell/models/pwa.ts).
 * - A wake push ([WAKE-10]) shows who wants to reach us and sets the app badge.
 * - The share target ([SHARE-3]): what another app shares is stored, then the chat picker opens.
 */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { NAVIGATION_DENYLIST } from './routes';
import { isLazyWasm, keepOnlyNewest, WASM_CACHE } from './wasmCache';
import { readWakeEntry, readWakeLanguage } from '../db/wakeDirectory';
import { languageOf, readWakePush, wakeNotice } from './wakePush';
import { putShare } from '../db/shareInbox';
import { SHARE_PATH } from '../lib/share';
import { receiveShare } from './shareTarget';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<PrecacheEntry | string>;
};

/** The message the page sends to activate a waiting version. */
const SKIP_WAITING = 'SKIP_WAITING';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [...NAVIGATION_DENYLIST],
  }),
);

// The QR reader's wasm (~1 MB) is not precached: most visits never scan. It is
// kept after its first use, so scanning then works offline, and only the
// newest build's copy is kept.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && isLazyWasm(url.pathname),
  new CacheFirst({ cacheName: WASM_CACHE, plugins: [{ cacheDidUpdate: keepOnlyNewest }] }),
);

// [SHARE-3] Sharing into Plume posts here (the manifest's share_target).
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === SHARE_PATH,
  ({ request }) => receiveShare(request, putShare, Date.now()),
  'POST',
);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === SKIP_WAITING
  ) {
    void self.skipWaiting();
  }
});

/** The message that tells a page which chat a clicked notification was about. */
const OPEN_CHAT = 'OPEN_CHAT';

/**
 * A click on a notification (a message or a ringing call) brings Plume to the
 * front: the open window if there is one (told which chat to show), else a new one.
 */
self.addEventListener('notificationclick', (event: NotificationEvent) => {
  event.notification.close();
  const data: unknown = event.notification.data;
  const conv =
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { conv?: unknown }).conv === 'string'
      ? (data as { conv: string }).conv
      : null;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows[0];
      if (open) {
        // Told first: focusing can be refused, and the chat should open either way.
        if (conv) open.postMessage({ type: OPEN_CHAT, conv });
        await open.focus();
        return;
      }
      await self.clients.openWindow(conv ? `/#/chat/${conv}` : '/');
    })(),
  );
});

type BadgeNavigator = WorkerNavigator & { setAppBadge?: (count?: number) => Promise<void> };

/** Show a wake and count the wakes waiting on the app badge. */
async function showWake(event: PushEvent): Promise<void> {
  const payload = readWakePush(() => event.data?.json());
  const [entry, stored] = await Promise.all([
    payload ? readWakeEntry(payload.slot).catch(() => null) : null,
    readWakeLanguage().catch(() => null),
  ]);
  const language = stored ?? languageOf(self.navigator.language);
  const notice = wakeNotice(payload ?? { v: 1, slot: '', kind: 'message' }, entry, language);
  await self.registration.showNotification(notice.title, notice.options);
  const waiting = await self.registration.getNotifications();
  await (self.navigator as BadgeNavigator).setAppBadge?.(waiting.length).catch(() => undefined);
}

// [WAKE-10] A wake: a friend has something for us while the app is closed.
self.addEventListener('push', (event: PushEvent) => {
  event.waitUntil(showWake(event));
});

// The very first install takes control of the page that installed it, so the
// app works offline without a reload. Updates still wait for SKIP_WAITING.
self.addEventListener('activate', (event: ExtendableEvent) => {
  event.waitUntil(self.clients.claim());
});
