#!/usr/bin/env node
// Runs benchmarks: `node bench/run.mjs` runs every bench/*.bench.mjs one after the other;
// `node bench/run.mjs signaling` runs bench/signaling.bench.mjs only. Each bench is a standalone
// script that prints its figures and ends with `BENCH <name> <value>` lines. Benchmarks print
// figures; they never fail on a threshold (only on a crash or a timeout).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.mjs';
/** No single bench may run longer than this; it is killed and counted as failed. */
const BENCH_TIMEOUT_MS = 15 * 60 * 1000;

const wanted = process.argv.slice(2);
const available = readdirSync(here)
  .filter((file) => file.endsWith(SUFFIX))
  .map((file) => file.slice(0, -SUFFIX.length))
  .sort();
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (have: ${available.join(', ')})`);
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : available;

function runOne(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== bench: ${name} ===`);
    const child = spawn(process.execPath, [join(here, `${name}${SUFFIX}`)], {
      stdio: 'inherit',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    });
    const timer = setTimeout(() => {
      console.error(`bench ${name} timed out after ${BENCH_TIMEOUT_MS} ms`);
      child.kill('SIGTERM');
    }, BENCH_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `=== ${name}: ${code === 0 ? 'done' : `failed (${code ?? signal})`} in ${seconds} s ===`,
      );
      resolve(code === 0);
    });
  });
}

let failed = 0;
for (const name of names) {
  if (!(await runOne(name))) failed++;
}
process.exit(failed > 0 ? 1 : 0);
