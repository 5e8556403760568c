import {
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from '@playwright/test';

/** A fresh browser context (its own IndexedDB = its own Plume install) with one page. */
export async function newPeer(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, page };
}

/** Onboard with `name` and wait until the app is online. Returns the PeerId. */
export async function onboard(page: Page, name: string): Promise<string> {
  await page.goto('/');
  await page.getByTestId('onboarding-name').fill(name);
  await page.getByTestId('onboarding-submit').click();
  await waitOnline(page);
  return readPeerId(page);
}

/** Wait for the signaling status indicator to say online. */
export async function waitOnline(page: Page): Promise<void> {
  await expect(page.getByTestId('connection-status').first()).toHaveAttribute(
    'data-status',
    'online',
  );
}

/** Read this install's PeerId from the Me screen. */
export async function readPeerId(page: Page): Promise<string> {
  await page.getByTestId('nav-me').first().click();
  const id = (await page.getByTestId('my-peer-id').textContent())?.trim() ?? '';
  expect(id).toMatch(/^[a-z2-7]{32}$/);
  return id;
}

/** Go to an app route by its hash (same document, no network), e.g. `#/friends`. */
export async function gotoHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

/**
 * The Friends screen's own heading. While the shell swaps screens, the one leaving may still be
 * drawn for a frame, so a bare `h1` can match two headings.
 */
export function friendsHeading(page: Page): Locator {
  return page.getByRole('heading', { level: 1, name: /Friends/ });
}

/** Open the Friends tab. */
export async function openFriends(page: Page): Promise<void> {
  await page.getByTestId('nav-friends').first().click();
  await expect(friendsHeading(page)).toBeVisible();
}

/** Open My code from the Friends tab, wait for the QR, and return the invite link it shows. */
export async function openMyCode(page: Page): Promise<string> {
  await openFriends(page);
  await page.getByTestId('friends-code-link').click();
  await expect(page.getByTestId('my-code-qr')).toHaveAttribute('data-ready', 'true');
  return readInviteLink(page);
}

/** The invite link on the My code screen (`currentInvite.link`). */
export async function readInviteLink(page: Page): Promise<string> {
  const link = (await page.getByTestId('my-code-link').textContent())?.trim() ?? '';
  expect(link).toMatch(/\/#\/add\/[a-z2-7]{32}\./);
  return link;
}

/** Rows of the Friends list whose title is exactly `title` (friends and blocked people). */
export function friendRow(page: Page, title: string): Locator {
  return page
    .getByTestId('friend-row')
    .filter({ has: page.getByTestId('friend-title').getByText(title, { exact: true }) });
}

/** An incoming request row from `title`. */
export function incomingRow(page: Page, title: string): Locator {
  return page
    .getByTestId('incoming-request')
    .filter({ has: page.getByTestId('friend-title').getByText(title, { exact: true }) });
}

/** An outgoing request row to `title`. */
export function outgoingRow(page: Page, title: string): Locator {
  return page
    .getByTestId('outgoing-request')
    .filter({ has: page.getByTestId('friend-title').getByText(title, { exact: true }) });
}

/** Wait until `title` is listed as a friend and online on `page` (opens the Friends tab). */
export async function expectFriendOnline(page: Page, title: string): Promise<void> {
  await openFriends(page);
  const row = friendRow(page, title).first();
  await expect(row).toHaveAttribute('data-state', 'friend', { timeout: 30_000 });
  await expect(row).toHaveAttribute('data-online', 'true', { timeout: 30_000 });
}

/** Open an invite link on `page` and confirm "Add friend". */
export async function addByLink(page: Page, link: string, inviterName: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByTestId('add-name')).toHaveText(inviterName);
  await page.getByTestId('add-confirm').click();
  await expect(friendsHeading(page)).toBeVisible();
}

/** Make `a` and `b` friends through a's invite link; both end up online. */
export async function befriend(
  a: { page: Page; name: string },
  b: { page: Page; name: string },
): Promise<void> {
  const link = await openMyCode(a.page);
  await addByLink(b.page, link, a.name);
  await expectFriendOnline(b.page, a.name);
  await expectFriendOnline(a.page, b.name);
}

/** Wait until the service worker controls the page, so a reload works offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
  await waitOnline(page);
}

/** Close every toast (before a screenshot). */
export async function dismissToasts(page: Page): Promise<void> {
  const buttons = page.locator('.toast').getByRole('button', { name: 'Dismiss' });
  while ((await buttons.count()) > 0) await buttons.first().click();
}
