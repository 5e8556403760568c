import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { createHash, webcrypto } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVapidKeys } from '../../scripts/vapidKeys.mjs';
import { befriend, friendRow, onboard, openFriends, readPeerId, waitOnline } from '../helpers/app';
import { message, openChatFromFriend, send } from '../helpers/chat';
import { freePort, LocalServer } from '../helpers/server';

// Wake ([WAKE-*]) in real Chromium against a real local worker with throwaway VAPID keys: Bob
// lets friends wake Plume, closes it, Alice writes, her app asks the worker to wake Bob, and
// Bob's service worker names Alice from the slot alone; the tap opens their chat; once Bob
// unfriends Alice her token wakes nobody. Chromium here has no push service, so the page's
// `pushManager.subscribe` is stubbed in this test only, and the push is delivered with the
// DevTools protocol (`ServiceWorker.deliverPushMessage`) as a push service would deliver it.

/** A browser's subscription: what the stub hands the app. */
interface FakeSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Replaces the Push API in the page (runs in the browser; test only). */
function stubPushManager(sub: FakeSubscription): void {
  const bytes = (text: string): ArrayBuffer => {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
  };
  const text = (buffer: ArrayBuffer): string =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  let key: ArrayBuffer | null = null;
  const subscription = () => ({
    endpoint: sub.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: key },
    getKey: (name: string) => bytes(name === 'auth' ? sub.auth : sub.p256dh),
    toJSON: () => ({
      endpoint: sub.endpoint,
      expirationTime: null,
      keys: { p256dh: sub.p256dh, auth: sub.auth },
    }),
    unsubscribe: () => {
      key = null;
      return Promise.resolve(true);
    },
  });
  const seen: { userVisibleOnly: boolean | undefined; key: string | null }[] = [];
  (window as unknown as { pushSubscribes: typeof seen }).pushSubscribes = seen;
  PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
    const given = options?.applicationServerKey;
    key =
      given instanceof ArrayBuffer
        ? given
        : ArrayBuffer.isView(given)
          ? new Uint8Array(given.buffer, given.byteOffset, given.byteLength).slice().buffer
          : null;
    seen.push({ userVisibleOnly: options?.userVisibleOnly, key: key && text(key) });
    return Promise.resolve(subscription() as unknown as PushSubscription);
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(key ? (subscription() as unknown as PushSubscription) : null);
  };
}

/** A subscription whose keys the worker accepts (a real P-256 point). */
async function fakeSubscription(): Promise<FakeSubscription> {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ]);
  const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey));
  return {
    endpoint: `https://fcm.googleapis.com/fcm/send/e2e-${webcrypto.randomUUID()}`,
    p256dh: Buffer.from(raw).toString('base64url'),
    auth: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('base64url'),
  };
}

/** The slot a wake by `token` carries: the token's reach hash ([SIG-REACH-2], [WAKE-9]). */
function slotOf(token: string): string {
  return createHash('sha256')
    .update(`plume-reach/1|${token}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/**
 * Deliver `payload` to `context`'s service worker as its push service would (DevTools protocol),
 * from a page that runs no app (`/wake/key` always reaches the worker). Returns that page, from
 * which the notifications can be read.
 */
async function deliverPush(
  context: BrowserContext,
  origin: string,
  payload: object,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/wake/key`);
  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const found = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (found) resolve(found.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin,
    registrationId: await registration,
    data: JSON.stringify(payload),
  });
  return page;
}

/** The notifications Plume's service worker shows, read from `page`. */
function notifications(page: Page): Promise<{ title: string; body: string; data: unknown }[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const shown = (await registration?.getNotifications()) ?? [];
    return shown.map((n) => ({ title: n.title, body: n.body, data: n.data as unknown }));
  });
}

/** A notification the service worker showed: what it asked the browser for. */
interface Shown {
  title: string;
  tag: string;
  data: unknown;
}

/**
 * Record, in `context`'s service worker, every notification it shows (test instrumentation:
 * `showNotification` is wrapped in this browser only). Returns the worker.
 */
async function watchShown(context: BrowserContext): Promise<Worker> {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await sw.evaluate(() => {
    const scope = self as unknown as { shown?: Shown[]; registration: ServiceWorkerRegistration };
    if (scope.shown) return;
    const shown: Shown[] = (scope.shown = []);
    const registration = scope.registration;
    const show = registration.showNotification.bind(registration);
    registration.showNotification = async (title: string, options?: NotificationOptions) => {
      await show(title, options);
      shown.push({ title, tag: options?.tag ?? '', data: options?.data as unknown });
    };
  });
  return sw;
}

/**
 * Deliver `payload` until the browser lists a notification titled `title`, and return what the
 * service worker showed. Every delivery must make the service worker show exactly that title.
 * This headless Chromium has no notification platform, and now and then forgets a notification
 * it has just shown (it shows, and `getNotifications()` never lists it); such a delivery is made
 * again, three times at most.
 */
async function pushUntilListed(
  context: BrowserContext,
  origin: string,
  payload: object,
  title: string,
): Promise<Shown> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const sw = await watchShown(context);
    const before = await sw.evaluate(() => (self as unknown as { shown: Shown[] }).shown.length);
    const page = await deliverPush(context, origin, payload);
    try {
      const shownNow = () =>
        sw.evaluate((n) => (self as unknown as { shown: Shown[] }).shown.slice(n), before);
      await expect.poll(async () => (await shownNow()).map((s) => s.title)).toEqual([title]);
      const listed = async () => (await notifications(page)).some((n) => n.title === title);
      // Shown by the worker but not yet in the browser's list: deliver again (at most 3 times).
      const inList = await expect
        .poll(listed, { timeout: 3_000 })
        .toBe(true)
        .then(
          () => true,
          () => false,
        );
      if (inList) return (await shownNow())[0]!;
    } finally {
      await page.close();
    }
  }
  throw new Error(`"${title}" was shown three times and never listed`);
}

/** Serious or critical axe violations inside `selector`, one line each. */
async function violations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} on ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The slots Bob's device can name (its wake directory, [WAKE-10]), read from `page`. */
function directorySlots(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('plume-wake');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('entries', 'readonly').objectStore('entries').getAllKeys();
          request.onerror = () => reject(request.error ?? new Error('read failed'));
          request.onsuccess = () => {
            db.close();
            resolve(request.result.map(String));
          };
        };
      }),
  );
}

/** Tap the notification titled `title`, as the user would: the service worker gets the click. */
async function tap(context: BrowserContext, title: string): Promise<void> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(async (wanted) => {
    const scope = self as unknown as {
      registration: ServiceWorkerRegistration;
      dispatchEvent(event: Event): boolean;
      NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
    };
    const shown = await scope.registration.getNotifications();
    const notification = shown.find((n) => n.title === wanted);
    if (!notification) throw new Error(`no notification "${wanted}"`);
    scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification }));
  }, title);
}

test('[E2E-WAKE-1] a closed app is woken: the notification names the friend, the tap opens the chat, unfriending stops it', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const vapid = await makeVapidKeys();
  const server = new LocalServer(
    await freePort(),
    mkdtempSync(join(tmpdir(), 'plume-wake-')),
    undefined,
    {
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:e2e@plume.invalid',
    },
  );
  await server.start();
  const origin = server.origin;
  const sub = await fakeSubscription();
  const aliceContext = await browser.newContext({ baseURL: origin });
  const bobContext = await browser.newContext({ baseURL: origin, permissions: ['notifications'] });
  await bobContext.addInitScript(stubPushManager, sub);
  try {
    const alice = { page: await aliceContext.newPage(), name: 'Alice' };
    let bobPage = await bobContext.newPage();
    await onboard(alice.page, 'Alice');
    const bobId = await onboard(bobPage, 'Bob');
    await befriend(alice, { page: bobPage, name: 'Bob' });

    // [WAKE-15] Bob, in his chat with Alice, is offered waking and turns it on.
    await openChatFromFriend(bobPage, 'Alice');
    await expect(bobPage.getByTestId('wake-offer')).toContainText('Alice wants to reach you');
    expect(await violations(bobPage, '[data-testid="wake-offer"]')).toEqual([]);
    const registered = bobPage.waitForResponse(
      (r) => r.url().includes('/wake/subscription') && r.request().method() === 'PUT',
    );
    await bobPage.getByTestId('wake-offer-accept').click();
    expect((await registered).status()).toBe(204);
    await expect(bobPage.getByTestId('wake-offer')).toHaveCount(0);
    const subscribes = await bobPage.evaluate(
      () => (window as unknown as { pushSubscribes: unknown[] }).pushSubscribes,
    );
    expect(subscribes).toEqual([{ userVisibleOnly: true, key: vapid.publicKey }]);
    await readPeerId(bobPage);
    await expect(bobPage.getByTestId('wake-status')).toHaveAttribute('data-status', 'on');
    await expect(bobPage.getByTestId('wake-installed')).toHaveAttribute('data-installed', 'false');
    await expect(bobPage.getByTestId('settings-wake')).toBeChecked();
    expect(await violations(bobPage, '[data-testid="wake-card"]')).toEqual([]);
    await bobPage.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    // Bob closes Plume; Alice writes. Her app cannot reach Bob and asks the worker to wake him.
    await bobPage.close();
    await openFriends(alice.page);
    await expect(friendRow(alice.page, 'Bob')).toHaveAttribute('data-online', 'false', {
      timeout: 30_000,
    });
    await openChatFromFriend(alice.page, 'Bob');
    const wakeRequest = alice.page.waitForRequest(
      (r) => r.url() === `${origin}/wake` && r.method() === 'POST',
      { timeout: 45_000 },
    );
    await send(alice.page, 'Are you there, Bob?');
    const request = await wakeRequest;
    const body = request.postDataJSON() as { id: string; token: string; kind: string };
    expect(Object.keys(body).sort()).toEqual(['id', 'kind', 'token']);
    expect(body).toMatchObject({ id: bobId, kind: 'message' });
    const answer = await request.response();
    // The worker took the token and handed the push on. This machine has no route to FCM, so
    // the push service's part fails (502); with one, it would be 202, or 404 for a made-up
    // endpoint. Never 403: that would be a token refused.
    expect([202, 404, 502]).toContain(answer?.status());

    // [WAKE-10] The push reaches Bob's service worker: it names Alice from the slot alone.
    const slot = slotOf(body.token);
    const reach = await pushUntilListed(
      bobContext,
      origin,
      { v: 1, slot, kind: 'message' },
      'Alice wants to reach you',
    );
    const conv = (reach.data as { conv: string }).conv;
    expect(conv).toMatch(/^d:/);
    // A call gets the stronger words, under the same tag: it replaces the wake from that chat.
    const call = await pushUntilListed(
      bobContext,
      origin,
      { v: 1, slot, kind: 'call' },
      'Alice is calling',
    );
    expect(call.tag).toBe(reach.tag);

    // The tap opens Plume on that chat, which syncs Alice's message.
    bobPage = await bobContext.newPage();
    await bobPage.goto('/');
    await waitOnline(bobPage);
    await tap(bobContext, 'Alice is calling');
    await expect(bobPage.getByTestId('chat-screen')).toHaveAttribute('data-conv', conv);
    await expect(message(bobPage, 'Are you there, Bob?')).toBeVisible({ timeout: 30_000 });

    // [WAKE-13] Bob unfriends Alice: her token wakes nobody any more, and the device would not
    // name her either.
    await openFriends(bobPage);
    await friendRow(bobPage, 'Alice').first().click();
    await bobPage.getByTestId('friend-delete').click();
    await bobPage.getByTestId('confirm-ok').click();
    await expect(friendRow(bobPage, 'Alice')).toHaveCount(0);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${origin}/wake`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          return ((await res.json()) as { error?: string }).error;
        },
        { timeout: 30_000 },
      )
      .toBe('unknownToken');
    await expect.poll(() => directorySlots(bobPage)).not.toContain(slot);
    const nobody = await pushUntilListed(
      bobContext,
      origin,
      { v: 1, slot, kind: 'message' },
      'Someone wants to reach you',
    );
    expect(nobody.data).toEqual({ wake: 'message' });

    // [WAKE-4][WAKE-15] Turning it off in Me unsubscribes the browser and the worker forgets it.
    await readPeerId(bobPage);
    const removed = bobPage.waitForResponse(
      (r) => r.url().includes('/wake/subscription') && r.request().method() === 'DELETE',
    );
    await bobPage.getByTestId('settings-wake').click();
    expect((await removed).status()).toBe(204);
    await expect(bobPage.getByTestId('wake-status')).toHaveAttribute('data-status', 'off');
    expect(
      await bobPage.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return registration.pushManager.getSubscription();
      }),
    ).toBeNull();
  } finally {
    await aliceContext.close();
    await bobContext.close();
    await server.stop();
  }
});
