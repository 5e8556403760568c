#!/usr/bin/env node
// Moments benchmark, in this process (bench/moments/scenario.ts, bundled with esbuild), on
// fake-indexeddb and the in-memory transport — not a browser:
//   open: a feed of 5,000 posts from 50 friends, cold (a new database connection), until the
//         first screen's data is ready: the first page of 10 posts with likes, comments and media
//         states as the views the screen renders. The Moments screen is built on another branch,
//         so this is the paging query and the view model, not a render. Target < 150 ms.
//         Baseline: a plain indexed read of the 10 newest post rows on a new connection.
//   sync: 500 new posts with three thumbnails each, made while the friend was away, synced after
//         the reconnect (real signatures, checks and storage; the in-memory transport). Posts per
//         second. Baseline: storing the same events straight into a fresh database.
// BENCH_MOMENTS_QUICK=1 runs small sizes (a smoke run, not figures).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanups, runBench } from './lifecycle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const QUICK = process.env.BENCH_MOMENTS_QUICK === '1';
const POSTS = QUICK ? 500 : 5_000;
const FRIENDS = 50;
const SYNC_POSTS = QUICK ? 50 : 500;
const REPEATS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'plume-moments-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'scenario.mjs');
  await build({
    entryPoints: [join(here, 'moments', 'scenario.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  const { runOpen, runSync } = await import(pathToFileURL(outfile).href);

  console.log(`load before: ${load()}`);
  const open = await runOpen(POSTS, FRIENDS, REPEATS);
  const cold = median(open.coldMs);
  const base = median(open.baselineMs);
  console.log(
    `open: ${open.posts} posts from ${open.friends} friends, first page of 10 with views, cold ` +
      `(new connection): median ${cold.toFixed(1)} ms of ${REPEATS} ` +
      `[${open.coldMs.map((x) => x.toFixed(1)).join(', ')}] (target < 150 ms)`,
  );
  console.log(
    `  same page again on the open connection: median ${median(open.warmMs).toFixed(1)} ms`,
  );
  console.log(
    `  baseline, 10 newest post rows by index on a new connection: median ${base.toFixed(1)} ms; ` +
      `ratio ${(cold / base).toFixed(2)}`,
  );

  const sync = await runSync(SYNC_POSTS);
  const rate = sync.posts / (sync.ms / 1000);
  const baseRate = sync.posts / (sync.baselineMs / 1000);
  console.log(
    `sync: ${sync.posts} posts with 3 thumbnails each after a reconnect (in-memory transport): ` +
      `${(sync.ms / 1000).toFixed(2)} s, ${rate.toFixed(0)} posts/s`,
  );
  console.log(
    `  baseline, storing the same events directly: ${baseRate.toFixed(0)} posts/s; ` +
      `ratio ${(rate / baseRate).toFixed(2)}`,
  );
  console.log(`load after: ${load()}`);
  console.log(`BENCH moments_open_ms ${cold.toFixed(1)}`);
  console.log(`BENCH moments_sync_posts_per_s ${rate.toFixed(0)}`);
}

await runBench(main);
