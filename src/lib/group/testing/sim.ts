/**
 * Test support: one randomized run of a group. 3–12 people on their own devices write messages
 * and control events from what they know; devices sync a few events at a time within their side
 * of a partition, sides change, a backup is restored on a second device (a fork), and a device
 * now and then claims to have seen nothing. At the end everyone syncs with everyone.
 */
import { actionsFor, runOne } from './actions';
import { Rng } from './prng';
import { hashSigner, World, type Device, type Person, type Signer } from './world';

export interface SimOptions {
  seed: number;
  /** At least 12 people to draw from. */
  pool: readonly Person[];
  signer?: Signer;
  /** Every write reaches every device at once: no partitions, forks or lies. */
  synchronous?: boolean;
}

export interface SimResult {
  world: World;
  steps: number;
  partitions: number;
  forks: number;
  lies: number;
}

const SALT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Run seed `seed` to the end; the world then holds the same events on every device. */
export async function simulate(options: SimOptions): Promise<SimResult> {
  const rng = new Rng(options.seed);
  const people = rng.shuffle(options.pool).slice(0, rng.int(3, 12));
  const salt = Array.from({ length: 21 }, () => rng.pick([...SALT_CHARS])).join('') + 'A';
  const world = new World(people, options.signer ?? hashSigner, salt);
  const sync = options.synchronous === true;
  if (sync) {
    world.onWrite = (from, event) => {
      for (const d of world.devices.values()) if (d !== from) d.receive(event);
    };
  }
  const result: SimResult = { world, steps: rng.int(20, 80), partitions: 0, forks: 0, lies: 0 };
  const owner = people[0]!;
  await world.write(owner.name, 'group.create', world.createBody('G'));
  for (const p of people.slice(1)) {
    if (rng.chance(0.7)) await world.write(owner.name, 'group.add', { member: p.id, pub: p.pub });
  }
  world.sync();
  const side = new Map<Device, number>();
  const sideOf = (d: Device) => side.get(d) ?? 0;
  for (let step = 0; step < result.steps; step++) {
    const devices = [...world.devices.values()];
    const r = rng.next();
    if (!sync && r < 0.3) {
      const a = rng.pick(devices);
      const peers = devices.filter((d) => d !== a && sideOf(d) === sideOf(a));
      if (peers.length === 0) continue;
      const b = rng.pick(peers);
      const authors = rng.shuffle(Object.keys(a.vv())).slice(0, rng.int(1, 4));
      a.sendTo(b, authors, rng.int(1, 6));
      if (rng.chance(0.5)) b.sendTo(a, undefined, rng.int(1, 6));
    } else if (!sync && r < 0.36) {
      result.partitions++;
      const split = rng.chance(0.6);
      for (const d of devices) side.set(d, split ? rng.int(0, 1) : 0);
    } else if (!sync && r < 0.375 && result.forks === 0) {
      const original = rng.pick(devices);
      const restored = original.clone();
      world.devices.set(`${original.person.name}#2`, restored);
      side.set(restored, sideOf(original));
      result.forks++;
    } else {
      const device = rng.pick(devices);
      if (!sync && rng.chance(0.03)) {
        world.lieNext = true;
        result.lies++;
      }
      await runOne(actionsFor(world, device, world.viewOf(device), rng), rng);
      world.lieNext = false;
    }
  }
  world.settle();
  return result;
}
