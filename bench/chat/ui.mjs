// Driving the real app UI with playwright-core, as tests/helpers/app.ts does with @playwright/test:
// onboarding, the invite link and "Add friend", then waiting for both sides to be friends, online.
const STEP_TIMEOUT_MS = 30_000;

/** Chromium flags: the ones the e2e run uses. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  // Pages in the background (several contexts are open at once) must not be throttled.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * A fresh browser context: its own IndexedDB, i.e. its own Plume install. Service workers are
 * blocked so a navigation to the bench harness page is not answered with the app shell; nothing
 * measured here goes through the service worker.
 */
export async function newInstall(browser, origin) {
  const context = await browser.newContext({
    baseURL: origin,
    locale: 'en-US',
    serviceWorkers: 'block',
    viewport: { width: 1000, height: 900 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return context;
}

/** Wait until the signaling status says online. */
export async function waitOnline(page) {
  await page
    .locator('[data-testid="connection-status"][data-status="online"]')
    .first()
    .waitFor({ timeout: 60_000 });
}

/** Onboard with `name` on a fresh page; returns the PeerId. */
export async function onboard(page, name) {
  await page.goto('/');
  await page.getByTestId('onboarding-name').fill(name);
  await page.getByTestId('onboarding-submit').click();
  await waitOnline(page);
  await page.getByTestId('nav-me').first().click();
  const id = (await page.getByTestId('my-peer-id').textContent())?.trim() ?? '';
  if (!/^[a-z2-7]{32}$/.test(id)) throw new Error(`unexpected PeerId "${id}"`);
  return id;
}

async function openFriends(page) {
  await page.getByTestId('nav-friends').first().click();
  await page.locator('h1', { hasText: 'Friends' }).waitFor();
}

/** Wait until the friend row with PeerId `id` is a friend and online. */
export async function waitFriendOnline(page, id, timeout = 60_000) {
  await openFriends(page);
  await page
    .locator(
      `[data-testid="friend-row"][data-peer-id="${id}"][data-state="friend"][data-online="true"]`,
    )
    .first()
    .waitFor({ timeout });
}

/** Make `a` and `b` friends through a's invite link. */
export async function befriend(a, b) {
  await openFriends(a.page);
  await a.page.getByTestId('friends-code-link').click();
  await a.page.locator('[data-testid="my-code-qr"][data-ready="true"]').waitFor();
  const link = (await a.page.getByTestId('my-code-link').textContent())?.trim() ?? '';
  if (!link.includes('#/add/')) throw new Error(`unexpected invite link "${link}"`);
  await b.page.goto(link);
  await b.page.getByTestId('add-name').waitFor();
  await b.page.getByTestId('add-confirm').click();
  await b.page.locator('h1', { hasText: 'Friends' }).waitFor();
  await waitFriendOnline(b.page, a.id);
  await waitFriendOnline(a.page, b.id);
}
