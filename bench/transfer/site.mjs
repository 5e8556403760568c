// Builds the transfer bench site: a fresh app build (or a copy of dist/ with BENCH_USE_DIST=1)
// plus the transfer harness under /bench/harness/transfer.html and /bench-assets/.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

function vite(root, args, extraEnv = {}) {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', ...args],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extraEnv } },
  );
  if (result.status !== 0) throw new Error(`vite build ${args.join(' ')} failed`);
}

/** Build the site into `<tmp>/site`; returns its path. */
export function buildTransferSite(root, tmp) {
  const site = join(tmp, 'site');
  if (process.env.BENCH_USE_DIST === '1') {
    mkdirSync(site, { recursive: true });
    cpSync(join(root, 'dist'), site, { recursive: true });
  } else {
    vite(root, ['--outDir', site, '--emptyOutDir', '--logLevel', 'warn']);
  }
  vite(root, ['--config', join(root, 'bench/harness/transfer.vite.config.mjs')], {
    BENCH_HARNESS_OUT: site,
  });
  return site;
}
