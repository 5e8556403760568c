// How every browser bench starts: a temp folder, the site built into it, the real worker
// serving it on loopback, and the system Chromium. Each is undone at cleanup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { since } from './chat/stats.mjs';
import { cleanups } from './lifecycle.mjs';
import { startWorker } from './server.mjs';
import { buildSite } from './site.mjs';

/** `site`: options for buildSite; `args`: Chromium's command line. */
export async function stage(root, name, { site: siteOptions, args }) {
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), `plume-${name}-bench-`));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  const site = buildSite(root, tmp, siteOptions);
  const worker = await startWorker(root, site, join(tmp, 'state'));
  cleanups.push(worker.stop);
  console.log(`site built and worker up at ${worker.origin} (${since(started)} s)`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args,
    // Playwright's own handlers would close the browser and exit at once, leaving the worker
    // and the temp folder behind; runBench's cleanup closes the browser instead.
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  cleanups.push(() => browser.close());
  return { worker, browser };
}
