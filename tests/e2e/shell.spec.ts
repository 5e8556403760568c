import { expect, test } from '@playwright/test';
import { newPeer, onboard, readPeerId, waitOnline } from '../helpers/app';

// The shell, identity, signed signaling and the offline service worker.

test('[E2E-SHELL-1] two installs onboard, get distinct PeerIds and both show online', async ({
  browser,
}) => {
  const a = await newPeer(browser);
  const b = await newPeer(browser);
  await a.page.goto('/');
  await expect(a.page.getByTestId('onboarding-name')).toBeVisible();
  await a.page.screenshot({ path: 'docs/img/onboarding.png' });
  const idA = await onboard(a.page, 'Alice');
  const idB = await onboard(b.page, 'Bob');
  expect(idA).not.toBe(idB);
  await waitOnline(a.page);
  await waitOnline(b.page);
  await expect(a.page.getByTestId('my-display-name')).toHaveText('Alice');
  await a.page.screenshot({ path: 'docs/img/me.png' });
  await a.page.setViewportSize({ width: 390, height: 844 });
  await a.page.screenshot({ path: 'docs/img/me-mobile.png' });
  await a.context.close();
  await b.context.close();
});

test('[E2E-SHELL-2] a reload keeps the same identity', async ({ browser }) => {
  const { context, page } = await newPeer(browser);
  const id = await onboard(page, 'Carol');
  await page.reload();
  await waitOnline(page);
  expect(await readPeerId(page)).toBe(id);
  await expect(page.getByTestId('my-display-name')).toHaveText('Carol');
  await context.close();
});

test('[E2E-SHELL-3] with the network gone, a reload still shows the app and its data', async ({
  browser,
}) => {
  const { context, page } = await newPeer(browser);
  const id = await onboard(page, 'Dana');
  // The first visit installs the service worker; wait until it controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
  await context.setOffline(true);
  await page.reload();
  expect(await readPeerId(page)).toBe(id);
  await expect(page.getByTestId('my-display-name')).toHaveText('Dana');
  await expect(page.getByTestId('connection-status').first()).not.toHaveAttribute(
    'data-status',
    'online',
  );
  // Back online, it reconnects by itself.
  await context.setOffline(false);
  await waitOnline(page);
  await context.close();
});

test('[E2E-SHELL-4] a second tab with the same identity takes over; the first says so', async ({
  browser,
}) => {
  const { context, page } = await newPeer(browser);
  await onboard(page, 'Erin');
  const second = await context.newPage();
  await second.goto('/');
  await waitOnline(second);
  await expect(page.getByTestId('connection-status').first()).toHaveAttribute(
    'data-status',
    'error',
  );
  // The first tab can take the identity back.
  await page.getByTestId('nav-me').first().click();
  await page.getByTestId('take-over').click();
  await waitOnline(page);
  await expect(second.getByTestId('connection-status').first()).toHaveAttribute(
    'data-status',
    'error',
  );
  await context.close();
});

test('[E2E-SHELL-5] language and theme switch from settings', async ({ browser }) => {
  const { context, page } = await newPeer(browser);
  await onboard(page, 'Finn');
  await page.getByTestId('nav-me').first().click();
  await page.getByTestId('settings-language').selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', /^zh/);
  await page.getByTestId('settings-theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: 'docs/img/me-dark-zh.png' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', /^zh/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await context.close();
});
