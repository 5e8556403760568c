import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End-to-end tests: the system Chromium against `npm start` (wrangler dev, local
 * Durable Objects). Two servers: the app with signed ids, and a plain PeerJS
 * server (OPEN_IDS=1) for the stock-client test. Ports (scripts/freePort.mjs) are
 * chosen once in the main process and inherited by workers through the environment.
 */
function freePorts(count: number): string[] {
  const out = execFileSync(process.execPath, ['scripts/freePort.mjs', String(count)]);
  return out.toString().trim().split('\n');
}
// The two servers' ports, then their wrangler inspectors' ports: four distinct ones, so
// one server's inspector cannot take the other's port before it binds.
const [port = '', openPort = '', inspectorPort = '', openInspectorPort = ''] =
  process.env.E2E_PORT && process.env.E2E_OPEN_PORT
    ? [process.env.E2E_PORT, process.env.E2E_OPEN_PORT]
    : freePorts(4);
process.env.E2E_PORT = port;
process.env.E2E_OPEN_PORT = openPort;
process.env.E2E_STATE ??= mkdtempSync(join(tmpdir(), 'plume-e2e-'));

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const server = (port: string, inspector: string, extra: Record<string, string>) => ({
  command: 'node scripts/start.mjs',
  url: `http://localhost:${port}/peerjs/id`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: {
    PORT: port,
    ...(inspector ? { INSPECTOR_PORT: inspector } : {}),
    SKIP_BUILD: '1',
    WRANGLER_LOG: 'warn',
    ...extra,
  },
});

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
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
    server(port, inspectorPort, { PERSIST_DIR: join(process.env.E2E_STATE, 'signed') }),
    server(openPort, openInspectorPort, {
      OPEN_IDS: '1',
      PERSIST_DIR: join(process.env.E2E_STATE, 'open'),
    }),
  ],
});
