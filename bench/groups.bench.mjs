#!/usr/bin/env node
// Group benchmarks. Each part is its own module with one entry; BENCH_GROUPS_ONLY=<part> runs
// one of them (default: all, in order).
//   sim:   50 members on simulated sessions (the real frames and admission rules, the app's mesh
//          plan), 20 % of them offline at any time, 1,000 messages; time until everyone
//          converges and copies of each event per member (bench/groups/sim.mjs).
//          GROUP_SIM_QUICK=1 runs a small size (a smoke run, not figures).
//   relay: six installs in real Chromium, one group, each linked to at most three others;
//          send → shown on the last member against a direct chat's one-way delivery.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describePages, runRelay } from './groups/relay.mjs';
import { runGroupSim, SIM_SCALE } from './groups/sim.mjs';
import { runBench } from './lifecycle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.GROUP_SIM_QUICK === '1';
const PARTS = {
  sim: () => runGroupSim(quick ? { members: 12, offline: 0.2, messages: 100 } : SIM_SCALE),
  relay: runRelay,
};
const ONLY = process.env.BENCH_GROUPS_ONLY;
if (ONLY !== undefined && !(ONLY in PARTS)) {
  console.error(`unknown BENCH_GROUPS_ONLY=${ONLY} (have: ${Object.keys(PARTS).join(', ')})`);
  process.exit(2);
}

async function main() {
  for (const [name, run] of Object.entries(PARTS)) {
    if (ONLY === undefined || ONLY === name) await run({ root, log: console.log });
  }
}

await runBench(main, { onFailure: describePages });
