#!/usr/bin/env node
// First-visit JS budget (120 KB gzip). Serves dist/ with the real worker, opens the app in
// Chromium, and records every script the page loads: (1) until onboarding is shown, (2) after
// onboarding until the signaling status is online. Sizes are gzip -9 of the files in dist/.
// Stylesheets are listed and summed apart: they count for the first paint, not for the budget.
// Baseline: the budget itself, so the ratio line says how much of it is used.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startWorker } from './server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_KB = 120;

// ASSETS_DIR (also read by scripts/start.mjs) measures another build, e.g. one made with
// `vite build --outDir /tmp/x` while dist/ is in use.
const distDir = process.env.ASSETS_DIR ?? join(root, 'dist');
if (!existsSync(join(distDir, 'index.html'))) {
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
}

const persist = mkdtempSync(join(tmpdir(), 'plume-bundle-'));
const { origin, stop } = await startWorker(root, distDir, persist);

const gzipKb = (path) => gzipSync(readFileSync(join(distDir, path)), { level: 9 }).length / 1024;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage();
  const scripts = new Set();
  const styles = new Set();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin !== origin) return;
    if (url.pathname.endsWith('.js') && url.pathname !== '/sw.js') scripts.add(url.pathname);
    if (url.pathname.endsWith('.css')) styles.add(url.pathname);
  });
  await page.goto(origin);
  await page.getByTestId('onboarding-name').waitFor();
  await page.waitForLoadState('networkidle');
  const firstPaint = [...scripts];
  const firstPaintStyles = [...styles];
  await page.getByTestId('onboarding-name').fill('Bench');
  await page.getByTestId('onboarding-submit').click();
  await page.locator('[data-testid="connection-status"][data-status="online"]').first().waitFor();
  await page.waitForLoadState('networkidle');
  const online = [...scripts];
  const onlineStyles = [...styles];

  const sum = (list) => list.reduce((total, path) => total + gzipKb(path.slice(1)), 0);
  console.log('scripts until onboarding is shown:');
  for (const path of firstPaint)
    console.log(`  ${path.padEnd(48)} ${gzipKb(path.slice(1)).toFixed(1)} KB`);
  console.log('scripts added by onboarding and going online:');
  for (const path of online.filter((p) => !firstPaint.includes(p))) {
    console.log(`  ${path.padEnd(48)} ${gzipKb(path.slice(1)).toFixed(1)} KB`);
  }
  console.log('stylesheets until onboarding is shown:');
  for (const path of firstPaintStyles)
    console.log(`  ${path.padEnd(48)} ${gzipKb(path.slice(1)).toFixed(1)} KB`);
  for (const path of onlineStyles.filter((p) => !firstPaintStyles.includes(p))) {
    console.log(`  added going online: ${path.padEnd(28)} ${gzipKb(path.slice(1)).toFixed(1)} KB`);
  }
  const initial = sum(firstPaint);
  const firstVisit = sum(online);
  console.log(
    `initial JS ${initial.toFixed(1)} KB gzip; whole first visit ${firstVisit.toFixed(1)} KB gzip`,
  );
  console.log(
    `ratio first visit / budget (${BUDGET_KB} KB): ${(firstVisit / BUDGET_KB).toFixed(2)}`,
  );
  console.log(`BENCH initial_js_gzip_kb ${initial.toFixed(1)}`);
  console.log(`BENCH first_visit_js_gzip_kb ${firstVisit.toFixed(1)}`);
  console.log(`BENCH first_visit_css_gzip_kb ${sum(onlineStyles).toFixed(1)}`);
} finally {
  await browser.close();
  await stop();
  rmSync(persist, { recursive: true, force: true });
}
