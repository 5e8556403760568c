// Builds a bench site into `<tmp>/site`: the app from the current sources (or a copy of dist/
// with BENCH_USE_DIST=1), plus a bench harness when the bench has one.
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

/**
 * Build the site; returns its path. `harness`: a vite config under bench/harness/ whose output
 * goes into the site. `minify: false` keeps function names (for CPU profiles).
 */
export function buildSite(root, tmp, { harness, minify = true } = {}) {
  const site = join(tmp, 'site');
  if (process.env.BENCH_USE_DIST === '1') {
    mkdirSync(site, { recursive: true });
    cpSync(join(root, 'dist'), site, { recursive: true });
  } else {
    const keepNames = minify ? [] : ['--minify', 'false'];
    vite(root, ['--outDir', site, '--emptyOutDir', '--logLevel', 'warn', ...keepNames]);
  }
  if (harness) {
    vite(root, ['--config', join(root, 'bench/harness', harness)], { BENCH_HARNESS_OUT: site });
  }
  return site;
}
