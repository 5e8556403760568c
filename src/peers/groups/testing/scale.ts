/**
 * Test and bench support: a large group on simulated sessions ({@link SimNet}). Members keep the
 * bounded mesh the app plans (`planMesh`, none of them friends), a share of them is offline at
 * any time (who is changes as messages go), and messages are written by online members. At the
 * end everyone comes online and the run goes on until no frame is in flight.
 */
import { Rng } from '../../../lib/group/testing/prng';
import { hashSigner, World, type Person } from '../../../lib/group/testing/world';
import type { PeerId } from '../../../lib/ids';
import { planMesh } from '../mesh';
import { SimNet, type SimNode } from './SimNet';

/** The scenario. */
export interface ScaleOptions {
  people: readonly Person[];
  /** Share of members offline at any time. */
  offline: number;
  messages: number;
  seed: number;
  /** Who is offline changes every this many messages. */
  rotateEvery?: number;
}

/** What a run measured. */
export interface ScaleResult {
  converged: boolean;
  members: number;
  events: number;
  /** Simulated ms from the last message until no frame was in flight. */
  convergeSimMs: number;
  /** Wall-clock ms of the whole run. */
  wallMs: number;
  /** Copies of an event a member received, on average over events and members. */
  copiesPerEvent: number;
  /** The most copies of one event, per member, on average over members. */
  maxCopiesPerEvent: number;
  frames: number;
}

/** Each online node dials the members its mesh plan picks. */
function plan(net: SimNet, seed: number): void {
  const nodes = [...net.nodes.values()];
  for (const node of nodes) {
    if (!node.online) continue;
    const fold = node.view();
    const members = Object.keys(fold.members).filter((id) => id !== node.id) as PeerId[];
    const admins = members.filter((id) => fold.members[id]!.role !== 'member');
    const live = new Set([...node.ends.keys()].map((n) => n.id));
    const mesh = planMesh({
      groups: [{ conv: net.world.conv, members, admins }],
      friends: new Set(),
      live,
      unreachable: new Set(nodes.filter((n) => !n.online).map((n) => n.id)),
      seed: seed ^ hashOf(node.id),
    });
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const peer of mesh.dial) {
      const other = byId.get(peer);
      if (other) net.connect(node, other);
    }
  }
}

function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Offline: a fresh draw of `share` of the members (the owner stays up to start the group). */
function rotate(net: SimNet, rng: Rng, share: number): void {
  const nodes = [...net.nodes.values()];
  const down = new Set(rng.shuffle(nodes).slice(0, Math.round(nodes.length * share)));
  for (const node of nodes) {
    if (down.has(node) && node.online) net.crash(node);
    if (!down.has(node)) node.online = true;
  }
}

/** Run the scenario to the end. */
export async function simulateScale(options: ScaleOptions): Promise<ScaleResult> {
  const started = performance.now();
  const rng = new Rng(options.seed);
  const world = new World([...options.people], hashSigner, 'S'.repeat(21) + 'A');
  const net = new SimNet(world, rng);
  const owner = options.people[0]!;
  await world.write(owner.name, 'group.create', world.createBody('Scale'));
  for (const p of options.people.slice(1))
    await world.write(owner.name, 'group.add', { member: p.id, pub: p.pub });
  plan(net, rng.int(0, 2 ** 31));
  net.run();
  const every = options.rotateEvery ?? 50;
  for (let i = 0; i < options.messages; i++) {
    if (i % every === 0) {
      rotate(net, rng, options.offline);
      plan(net, rng.int(0, 2 ** 31));
    }
    const online = [...net.nodes.values()].filter((n) => n.online);
    await world.say(rng.pick(online).name, `m${i}`);
    net.run(net.now + rng.int(2, 10));
  }
  const lastWrite = net.now;
  for (const node of net.nodes.values()) node.online = true;
  plan(net, rng.int(0, 2 ** 31));
  net.run();
  const events = world.all().length;
  const members = net.nodes.size;
  const copies = [...net.copies.values()];
  const sum = copies.reduce((a, b) => a + b, 0);
  return {
    converged: convergedAll([...net.nodes.values()], events),
    members,
    events,
    convergeSimMs: net.now - lastWrite,
    wallMs: performance.now() - started,
    copiesPerEvent: sum / (events * (members - 1)),
    maxCopiesPerEvent: Math.max(...copies) / (members - 1),
    frames: net.stats.frames,
  };
}

function convergedAll(nodes: readonly SimNode[], events: number): boolean {
  const folds = new Set(nodes.map((n) => JSON.stringify(n.view())));
  return folds.size === 1 && nodes.every((n) => n.device.arrivals.length === events);
}
