/**
 * The randomized simulation of group sync over sessions: a thousand seeded runs
 * (GROUP_SESSION_SIM_SEEDS for more) on a deterministic network of simulated sessions
 * (`testing/`). The named hard cases are in `simulation.cases.test.ts`, seeds through the real
 * stack in `simulation.stack.test.ts`.
 * Spec: docs/protocol.md [GRP-19], [GRP-20], [GRP-70]..[GRP-74].
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seededPeople, type Person } from '../../lib/group/testing/world';
import { sessionViolations, simulateSessions } from './testing/scenario';

/** Seeds of the main run; GROUP_SESSION_SIM_SEEDS raises it for a longer soak. */
const SEEDS = Number(process.env.GROUP_SESSION_SIM_SEEDS ?? 1000);
let pool: Person[] = [];

beforeAll(async () => {
  pool = await seededPeople(
    Array.from({ length: 12 }, (_, i) => `p${i}`),
    'plume-group-session-sim',
  );
});

describe('group sync over simulated sessions', () => {
  it('[GRP-70] every member’s device ends with the same roster, roles, meta and messages, over a thousand seeds', async () => {
    const totals = { frames: 0, copies: 0, refused: 0, partitions: 0, crashes: 0 };
    const failed: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const run = await simulateSessions(seed, pool);
      const broken = sessionViolations(run.net);
      if (broken.length > 0) failed.push(`seed ${seed}: ${broken.join('; ')}`);
      totals.frames += run.net.stats.frames;
      totals.copies += run.net.stats.eventCopies;
      totals.refused += run.net.stats.refused;
      totals.partitions += run.partitions;
      totals.crashes += run.crashes;
    }
    console.info('group session sim', SEEDS, 'seeds', totals);
    expect(failed.slice(0, 5), `${failed.length} seeds failed`).toEqual([]);
  }, 600_000);
});
