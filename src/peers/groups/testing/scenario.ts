/**
 * Test support: randomized runs of a group over simulated sessions ({@link SimNet}), and what
 * must hold at their end. 3–12 members act from what their own device knows (messages, adds,
 * leaves, removals, role changes, renames, codes), while sessions drop with partitions and
 * crashes. (A restored backup writing on two devices is a named case of its own: HAVE does
 * not carry signatures, so a fork is not resolved by sync alone.) A join by code hands the joiner's log to
 * the code's issuer, as the code flow does. At the end the network heals and runs until quiet.
 */
import type { ChatEvent } from '../../../lib/chatEvent';
import { eventIdOf } from '../../../lib/convId';
import { compareSignatures, isControlEvent } from '../../../lib/group/control';
import { foldGroup } from '../../../lib/group/fold';
import { actionsFor, runOne } from '../../../lib/group/testing/actions';
import { Rng } from '../../../lib/group/testing/prng';
import { hashSigner, World, type Person } from '../../../lib/group/testing/world';
import { isMessageVisible } from '../../../lib/group/visibility';
import { SimNet, type SimNode } from './SimNet';

const SALT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A run's counts. */
export interface SessionSimResult {
  net: SimNet;
  steps: number;
  partitions: number;
  crashes: number;
}

/** A world of `people` on a fresh network; person 0 will create the group. */
export function makeNet(people: Person[], rng: Rng): SimNet {
  const salt = Array.from({ length: 21 }, () => rng.pick([...SALT_CHARS])).join('') + 'A';
  const world = new World(people, hashSigner, salt);
  const net = new SimNet(world, rng);
  const hand = world.onWrite!;
  // The code flow hands a join to the code's issuer, who relays it from then on.
  world.onWrite = (device, event) => {
    hand(device, event);
    if (event.type !== 'group.join') return;
    const by = (event.body as { link: { by: string } }).link.by;
    const joiner = net.nodes.get(device)!;
    for (const node of net.nodes.values())
      if (node.id === by && node.online) net.handOver(joiner, node);
  };
  return net;
}

/** Open every session the sides allow (the mesh of a small group: everyone). */
export function connectAll(net: SimNet): void {
  const nodes = [...net.nodes.values()];
  for (const a of nodes) for (const b of nodes) if (a.id !== b.id) net.connect(a, b);
}

/** Everyone online, one side, connected, until no frame is in flight. */
export function heal(net: SimNet): void {
  for (const node of net.nodes.values()) {
    node.online = true;
    node.side = 0;
  }
  connectAll(net);
  net.run();
}

/** One random run of seed `seed` with people drawn from `pool` (at least 12). */
export async function simulateSessions(
  seed: number,
  pool: readonly Person[],
): Promise<SessionSimResult> {
  const rng = new Rng(seed);
  const people = rng.shuffle(pool).slice(0, rng.int(3, 12));
  const net = makeNet(people, rng);
  const world = net.world;
  const result: SessionSimResult = { net, steps: rng.int(20, 70), partitions: 0, crashes: 0 };
  connectAll(net);
  const owner = people[0]!;
  await world.write(owner.name, 'group.create', world.createBody('G'));
  for (const p of people.slice(1)) {
    if (rng.chance(0.7)) await world.write(owner.name, 'group.add', { member: p.id, pub: p.pub });
  }
  net.run(net.now + 50);
  for (let step = 0; step < result.steps; step++) {
    const nodes = [...net.nodes.values()];
    const r = rng.next();
    if (r < 0.08) {
      result.partitions++;
      const split = rng.chance(0.6);
      for (const n of nodes) n.side = split ? rng.int(0, 1) : 0;
      net.partition();
      connectAll(net);
    } else if (r < 0.14) {
      const node = rng.pick(nodes);
      if (node.online) {
        result.crashes++;
        net.crash(node);
      } else {
        node.online = true;
        connectAll(net);
      }
    } else {
      const online = nodes.filter((n) => n.online);
      if (online.length > 0) {
        const node = rng.pick(online);
        await runOne(actionsFor(world, node.device, world.viewOf(node.device), rng), rng);
      }
    }
    net.run(net.now + rng.int(0, 40));
  }
  heal(net);
  return result;
}

/**
 * The members at the end: the fixpoint of "the people the fold of what their devices hold
 * makes members". Devices of people left out (removed, left) may not hear of it ([GRP-19]).
 */
export function finalMembers(net: SimNet): { nodes: SimNode[]; events: ChatEvent[] } {
  let nodes = [...net.nodes.values()];
  for (;;) {
    const events = union(nodes);
    const fold = foldGroup(net.world.conv, events.filter(isControlEvent));
    const next = nodes.filter((n) => fold.members[n.id] !== undefined);
    if (next.length === nodes.length) return { nodes, events };
    nodes = next;
  }
}

function union(nodes: readonly SimNode[]): ChatEvent[] {
  const all = new Map<string, ChatEvent>();
  for (const n of nodes) {
    for (const e of n.device.arrivals) {
      const id = `${e.author}:${e.seq}`;
      const held = all.get(id);
      if (!held || (held.sig !== e.sig && compareSignatures(e.sig, held.sig) < 0)) all.set(id, e);
    }
  }
  return [...all.values()];
}

/**
 * The broken promises at the end of a run, as sentences (empty when all hold): every member's
 * device holds the same events (none lost), each once (none duplicated), folds them to the
 * same roster, roles and meta, and shows the same messages.
 */
export function sessionViolations(net: SimNet): string[] {
  const out: string[] = [];
  const { nodes, events } = finalMembers(net);
  const conv = net.world.conv;
  const want = new Set(events.map((e) => `${e.author}:${e.seq}:${e.sig}`));
  const wantFold = JSON.stringify(foldGroup(conv, events.filter(isControlEvent)));
  const ref = foldGroup(conv, events.filter(isControlEvent));
  const wantVisible = events.filter((e) => isMessageVisible(ref, e)).length;
  if (ref.dissolved) return out;
  for (const n of nodes) {
    const held = n.device.arrivals;
    const ids = held.map((e) => eventIdOf(conv, e.author, e.seq));
    if (new Set(ids).size !== ids.length) out.push(`${n.name}: an event held twice`);
    const have = new Set(held.map((e) => `${e.author}:${e.seq}:${e.sig}`));
    const lost = [...want].filter((k) => !have.has(k));
    if (lost.length > 0) out.push(`${n.name}: lacks ${lost.length} of ${want.size} events`);
    const fold = foldGroup(conv, held.filter(isControlEvent));
    if (JSON.stringify(fold) !== wantFold) out.push(`${n.name}: folds another group`);
    const visible = held.filter((e) => isMessageVisible(fold, e)).length;
    if (visible !== wantVisible) out.push(`${n.name}: shows ${visible} of ${wantVisible} messages`);
  }
  return out;
}
