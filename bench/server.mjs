// Serves a bench site with the real worker (`scripts/start.mjs`, SKIP_BUILD=1,
// ASSETS_DIR=<site>) on a free loopback port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../scripts/freePort.mjs';
import { sleep } from './chat/stats.mjs';

const START_TIMEOUT_MS = 90_000;
const quietEnv = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

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
