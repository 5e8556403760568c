import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** A fresh browser context (its own IndexedDB = its own Plume install) with one page. */
export async function newPeer(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
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
