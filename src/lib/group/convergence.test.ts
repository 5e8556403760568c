/**
 * [GRP-6] [GRP-12] The randomized convergence test: thousands of seeded runs of 3–12 members
 * with partitions, partial knowledge, a restored backup and lying contexts. At the end every
 * device, and every order of the same events, folds to the identical group. Folds are compared
 * as JSON text, key order included: the fold must not even order its records differently.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { foldGroup } from './fold';
import { invariantViolations } from './testing/invariants';
import { Rng } from './testing/prng';
import { simulate } from './testing/sim';
import { realSigner, seededPeople, type Person } from './testing/world';
import { checkGroupEvents, groupKeys } from './verify';
import { isMessageVisible } from './visibility';

/** Seeds of the main run; GROUP_SIM_SEEDS raises it for a longer soak. */
const SEEDS = Number(process.env.GROUP_SIM_SEEDS ?? 2000);
let pool: Person[] = [];

beforeAll(async () => {
  // Keys derive from the names, so `seed N` in a failure replays exactly.
  pool = await seededPeople(
    Array.from({ length: 12 }, (_, i) => `p${i}`),
    'plume-group-sim',
  );
});

describe('group fold convergence', () => {
  it('[GRP-6][GRP-12] every device and every delivery order agree, over thousands of seeds', async () => {
    const totals = { events: 0, control: 0, void: 0, partitions: 0, forks: 0, lies: 0 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const run = await simulate({ seed, pool });
      const { world } = run;
      const devices = [...world.devices.values()];
      const all = devices[0]!.arrivals;
      const want = JSON.stringify(foldGroup(world.conv, all));
      for (const d of devices) {
        expect(d.arrivals.length, `seed ${seed}`).toBe(all.length);
        expect(JSON.stringify(foldGroup(world.conv, d.arrivals)), `seed ${seed}`).toBe(want);
      }
      const rng = new Rng(seed * 7919);
      for (let k = 0; k < 2; k++) {
        const order = rng.shuffle(all);
        expect(JSON.stringify(foldGroup(world.conv, order)), `seed ${seed} order ${k}`).toBe(want);
      }
      const fold = foldGroup(world.conv, all);
      expect(invariantViolations(fold), `seed ${seed}`).toEqual([]);
      totals.events += all.length;
      totals.control += fold.outcomes.length;
      totals.void += fold.outcomes.filter((o) => o.status === 'void').length;
      totals.partitions += run.partitions;
      totals.forks += run.forks;
      totals.lies += run.lies;
    }
    console.info('group sim', SEEDS, 'seeds', totals);
  }, 120_000);

  it('[GRP-8][GRP-13] when every device hears every event at once, nothing honest is void', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { world } = await simulate({ seed, pool, synchronous: true });
      const all = world.all();
      const fold = foldGroup(world.conv, all);
      const voided = fold.outcomes.filter((o) => o.status === 'void' && o.reason !== 'pending');
      expect(voided, `seed ${seed}`).toEqual([]);
      const hidden = all.filter((e) => e.type === 'text' && !isMessageVisible(fold, e));
      expect(hidden, `seed ${seed}`).toEqual([]);
      expect(invariantViolations(fold), `seed ${seed}`).toEqual([]);
    }
  }, 60_000);

  it('[GRP-14][GRP-12] really signed runs verify event by event and converge', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { world } = await simulate({ seed, pool, signer: realSigner });
      const all = world.all();
      const check = await checkGroupEvents(world.conv, all, groupKeys(all));
      expect(check.dropped, `seed ${seed}`).toEqual([]);
      const want = JSON.stringify(foldGroup(world.conv, check.events));
      for (const d of world.devices.values()) {
        expect(JSON.stringify(foldGroup(world.conv, d.arrivals)), `seed ${seed}`).toBe(want);
      }
    }
  }, 60_000);
});
