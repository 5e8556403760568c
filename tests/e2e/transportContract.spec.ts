import { expect, test } from '@playwright/test';
import { build } from 'vite';

/**
 * [E2E-TRANSPORT-1] The checks every Transport adapter must pass (src/peers/transportChecks.ts;
 * the memory adapter runs them under Vitest) against the real PeerJS adapter: two
 * PeerJsTransports in Chromium, over the local signaling worker and real RTCDataChannels. The
 * page (tests/e2e/contract/page.ts) is bundled here and injected into a document of the
 * worker's origin (its id endpoint), as the stock-client test does: nothing test-only ships.
 */

let bundle = '';

test.beforeAll(async () => {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: 'tests/e2e/contract/page.ts', formats: ['iife'], name: 'plumeContractPage' },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if (!('output' in o)) continue;
    for (const chunk of o.output) if (chunk.type === 'chunk') bundle += chunk.code;
  }
  expect(bundle.length).toBeGreaterThan(0);
});

test('[E2E-TRANSPORT-1] the PeerJS adapter passes every Transport check in Chromium', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // The worker's documents carry the app's CSP (no inline scripts): this page only, bypassed.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${baseURL}/peerjs/id`);
  await page.addScriptTag({ content: bundle });
  const results = await page.evaluate(
    (ms) =>
      (
        window as unknown as {
          plumeContract: (ms: number) => Promise<{ name: string; ok: boolean; error?: string }[]>;
        }
      ).plumeContract(ms),
    15_000,
  );
  expect(results.length).toBeGreaterThan(5);
  expect(results.filter((r) => !r.ok)).toEqual([]);
  await context.close();
});
