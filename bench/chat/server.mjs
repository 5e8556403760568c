// Builds the bench site (a fresh app build plus the bench harness) and serves it with the real
// worker (`scripts/start.mjs`, SKIP_BUILD=1, ASSETS_DIR=<site>) on a free loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { freePort } from '../../scripts/freePort.mjs';
import { join } from 'node:path';
import { sleep } from './stats.mjs';

const START_TIMEOUT_MS = 90_000;
const quietEnv = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

function vite(root, args, extraEnv = {}) {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', ...args],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extraEnv } },
  );
  if (result.status !== 0) throw new Error(`vite build ${args.join(' ')} failed`);
}

/**
 * Build the app from the current sources into `<tmp>/site` (or copy dist/ with
 * BENCH_USE_DIST=1), then add the harness under /bench/ and /bench-assets/.
 */
export function buildSite(root, tmp) {
  const site = join(tmp, 'site');
  if (process.env.BENCH_USE_DIST === '1') {
    mkdirSync(site, { recursive: true });
    cpSync(join(root, 'dist'), site, { recursive: true });
  } else {
    // Profiling (BENCH_CHAT_PROFILE) wants function names: build without minifying.
    const minify = process.env.BENCH_CHAT_PROFILE ? ['--minify', 'false'] : [];
    vite(root, ['--outDir', site, '--emptyOutDir', '--logLevel', 'warn', ...minify]);
  }
  vite(root, ['--config', join(root, 'bench/harness/vite.config.mjs')], {
    BENCH_HARNESS_OUT: site,
  });
  return site;
}

/** Start the worker on a free port; resolves { origin, stop }. */
export async function startWorker(root, site, persistDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
    cwd: root,
    detached: true, // own process group: node → wrangler → workerd go down together
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ...quietEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      SKIP_BUILD: '1',
      WRANGLER_LOG: 'error',
      PERSIST_DIR: persistDir,
      ASSETS_DIR: site,
    },
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        return; // already gone
      }
      if (await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)])) return;
    }
  };
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/peerjs/id`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('worker did not start');
    }
    await sleep(250);
  }
  return { origin, stop };
}
