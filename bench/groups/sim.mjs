// The simulation part of bench:groups: the scale scenario on simulated sessions, bundled with
// esbuild from TypeScript and run in this process. `runGroupSim()` returns the figures and
// prints them with their BENCH lines, so another part of bench:groups can call it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Members, offline share and messages of the scenario. */
export const SIM_SCALE = { members: 50, offline: 0.2, messages: 1000 };

/** Run the scale scenario; prints figures and `BENCH group_sim_*` lines, returns the result. */
export async function runGroupSim(scale = SIM_SCALE) {
  const dir = mkdtempSync(join(tmpdir(), 'plume-group-sim-'));
  try {
    const outfile = join(dir, 'simScale.mjs');
    await build({
      entryPoints: [join(here, 'simScale.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'warning',
    });
    const { runScale } = await import(pathToFileURL(outfile).href);
    const load = loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
    const r = await runScale(scale.members, scale.offline, scale.messages);
    console.log(
      `group sim: ${r.members} members, ${Math.round(scale.offline * 100)} % offline at a time, ` +
        `${r.events} events (${scale.messages} messages)`,
    );
    console.log(`  converged: ${r.converged ? 'yes' : 'NO'}; ${r.frames} frames`);
    console.log(`  after the last message, quiet in ${r.convergeSimMs} ms of simulated time`);
    console.log(`  wall time of the run: ${(r.wallMs / 1000).toFixed(1)} s (load ${load})`);
    console.log(
      `  copies per event per member: ${r.copiesPerEvent.toFixed(2)} on average, ` +
        `${r.maxCopiesPerEvent.toFixed(2)} for the most copied event (target ≤ 3)`,
    );
    console.log(`BENCH group_sim_converged ${r.converged ? 1 : 0}`);
    console.log(`BENCH group_copies_per_event ${r.copiesPerEvent.toFixed(2)}`);
    console.log(`BENCH group_sim_wall_ms ${Math.round(r.wallMs)}`);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
