import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { newPeer, onboard } from '../helpers/app';

// Issue 2: a new deploy's service worker waits, and the app offers "Update available".
// The test publishes a new version the way a deploy does: dist/sw.js changes on the
// server (wrangler dev serves dist/ from disk). It restores the file afterwards.

const SW_FILE = 'dist/sw.js';

test('[E2E-PWA-1] a waiting service worker shows the update prompt; Reload activates it', async ({
  browser,
}) => {
  const original = readFileSync(SW_FILE, 'utf8');
  const { context, page } = await newPeer(browser);
  try {
    await onboard(page, 'Gus');
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
      .toBe(true);
    await expect(page.getByTestId('update-prompt')).toBeHidden();

    const marker = `// deploy ${Date.now()}`;
    writeFileSync(SW_FILE, `${original}\n${marker}\n`);
    // wrangler dev picks up changed assets through a file watcher; wait until it serves them.
    await expect
      .poll(async () => (await page.request.get('/sw.js')).text(), { timeout: 30_000 })
      .toContain(marker);
    // A long-lived tab checks for updates when it becomes visible; ask directly here.
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg?.update();
    });
    await expect(page.getByTestId('update-prompt')).toBeVisible();
    const before = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    expect(before).toBeTruthy();

    const reloaded = page.waitForEvent('load');
    await page.getByTestId('update-reload').click();
    await reloaded;
    await expect(page.getByTestId('update-prompt')).toBeHidden();
    // The new worker controls the page and none is left waiting.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          return reg !== undefined && reg.waiting === null && reg.active !== null;
        }),
      )
      .toBe(true);
  } finally {
    writeFileSync(SW_FILE, original);
    await context.close();
  }
});
