import { expect, test } from '@playwright/test';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onboard } from '../helpers/app';
import { freePort, LocalServer } from '../helpers/server';

// A new deploy's service worker waits, and the app offers "Update available".
// The test deploys for real: a private server serves a copy of dist/, is stopped, the
// copy's sw.js changes (a new build), and the server starts again on the same origin.

test('[E2E-PWA-1] a waiting service worker shows the update prompt; Reload activates it', async ({
  browser,
}) => {
  const build = mkdtempSync(join(tmpdir(), 'plume-build-'));
  cpSync('dist', build, { recursive: true });
  const state = mkdtempSync(join(tmpdir(), 'plume-update-'));
  const server = new LocalServer(await freePort(), state, build);
  await server.start();
  const context = await browser.newContext({ baseURL: server.origin });
  try {
    const page = await context.newPage();
    await onboard(page, 'Gus');
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
      .toBe(true);
    await expect(page.getByTestId('update-prompt')).toBeHidden();

    await server.stop();
    appendFileSync(join(build, 'sw.js'), `\n// deploy ${Date.now()}\n`);
    await server.start();
    // A long-lived tab checks for updates when it becomes visible; ask directly here.
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg?.update();
    });
    await expect(page.getByTestId('update-prompt')).toBeVisible();

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
    await context.close();
    await server.stop();
  }
});
