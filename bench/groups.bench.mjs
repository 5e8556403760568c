#!/usr/bin/env node
// Groups benchmark. The simulation part (bench/groups/sim.mjs): 50 members on simulated sessions
// (the real frames and admission rules, the app's mesh plan), 20 % of them offline at any time,
// 1,000 messages; time until everyone converges and copies of each event per member.
// GROUP_SIM_QUICK=1 runs a small size (a smoke run, not figures).
import { runGroupSim, SIM_SCALE } from './groups/sim.mjs';

const quick = process.env.GROUP_SIM_QUICK === '1';
await runGroupSim(quick ? { members: 12, offline: 0.2, messages: 100 } : SIM_SCALE);
