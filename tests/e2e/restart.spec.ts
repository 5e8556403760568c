import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onboard, readPeerId, waitOnline } from '../helpers/app';
import { freePort, LocalServer } from '../helpers/server';

// The signaling worker restarts (deploy, crash). The app says it is offline, keeps
// its data, and comes back online by itself with the same identity.

test('[E2E-SHELL-6] a worker restart: offline, then online again with the same PeerId', async ({
  browser,
}) => {
  const server = new LocalServer(await freePort(), mkdtempSync(join(tmpdir(), 'plume-restart-')));
  await server.start();
  const context = await browser.newContext({ baseURL: server.origin });
  try {
    const page = await context.newPage();
    const id = await onboard(page, 'Hana');
    await server.stop();
    await expect(page.getByTestId('connection-status').first()).not.toHaveAttribute(
      'data-status',
      'online',
    );
    await expect(page.getByTestId('my-display-name')).toHaveText('Hana');
    await server.start();
    // Backoff is capped at 30 s; the first retries come much sooner.
    await expect(page.getByTestId('connection-status').first()).toHaveAttribute(
      'data-status',
      'online',
      { timeout: 45_000 },
    );
    await waitOnline(page);
    expect(await readPeerId(page)).toBe(id);
  } finally {
    await context.close();
    await server.stop();
  }
});
