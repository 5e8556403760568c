import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End-to-end tests: the system Chromium against `npm start` (wrangler dev, local
 * Durable Objects). Two servers: the app with signed ids, and a plain PeerJS
 * server (OPEN_IDS=1) for the stock-client test. Ports are chosen once in the
 * main process and inherited by workers through the environment.
 */
function freePort(): string {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return execFileSync(process.execPath, ['-e', script]).toString().trim();
}
process.env.E2E_PORT ??= freePort();
process.env.E2E_OPEN_PORT ??= freePort();
process.env.E2E_STATE ??= mkdtempSync(join(tmpdir(), 'plume-e2e-'));

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const server = (port: string, extra: Record<string, string>) => ({
  command: 'node scripts/start.mjs',
  url: `http://localhost:${port}/peerjs/id`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: { PORT: port, SKIP_BUILD: '1', WRANGLER_LOG: 'warn', ...extra },
});

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${process.env.E2E_PORT}`,
    locale: 'en-US',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    },
  },
  webServer: [
    server(process.env.E2E_PORT, { PERSIST_DIR: join(process.env.E2E_STATE, 'signed') }),
    server(process.env.E2E_OPEN_PORT, {
      OPEN_IDS: '1',
      PERSIST_DIR: join(process.env.E2E_STATE, 'open'),
    }),
  ],
});
