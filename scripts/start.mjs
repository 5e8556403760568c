#!/usr/bin/env node
// `npm start`: build the app, then serve it and the signaling worker with
// `wrangler dev` (local Durable Objects, no Cloudflare account) on PORT (default 8787).
// SKIP_BUILD=1 reuses dist/ (the e2e runner builds once). OPEN_IDS=1 turns off signed ids.
// PERSIST_DIR sets where local Durable Object state lives (default .wrangler/state);
// ASSETS_DIR serves another build than dist/ (the update test publishes a new version).
// VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT, when set, turn wake on (the wake e2e
// test sets throwaway keys; for your own `npm start`, put them in .dev.vars instead).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { freePort, isFree } from './freePort.mjs';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};
const port = process.env.PORT ?? '8787';
const host = process.env.HOST ?? 'localhost';

// wrangler says only "The Workers runtime failed to start" when the port is taken.
if (!(await isFree(Number(port), host === 'localhost' ? '127.0.0.1' : host))) {
  console.error(
    `Port ${port} on ${host} is in use. Stop what holds it, or run with PORT=<another port>.`,
  );
  process.exit(1);
}

// wrangler's default inspector port (9229) makes two servers started at once (the e2e
// run starts two) collide and one of them exit, so each start takes a free one.
const inspectorPort = process.env.INSPECTOR_PORT ?? String(await freePort());

if (process.env.SKIP_BUILD !== '1') {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build'], { cwd: root, env, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
const args = [wrangler, 'dev', '--port', port, '--ip', host];
args.push('--inspector-port', inspectorPort);
args.push(
  '--show-interactive-dev-session=false',
  '--log-level',
  process.env.WRANGLER_LOG ?? 'info',
);
if (process.env.OPEN_IDS) args.push('--var', `OPEN_IDS:${process.env.OPEN_IDS}`);
for (const name of ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT']) {
  if (process.env[name]) args.push('--var', `${name}:${process.env[name]}`);
}
if (process.env.PERSIST_DIR) args.push('--persist-to', process.env.PERSIST_DIR);
if (process.env.ASSETS_DIR) args.push('--assets', process.env.ASSETS_DIR);

const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
