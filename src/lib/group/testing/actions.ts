/**
 * Test support: what a simulated member does next, chosen from its own device's fold, as the
 * app would offer it. A device that has not heard of its own removal still acts as a member;
 * that staleness, not invented misbehaviour, is most of what the fold has to settle.
 */
import type { EventBodies } from '../../chatEvent';
import type { CausalContext } from '../bodies';
import { LINK_TTL_MS } from '../control';
import type { PeerId } from '../../ids';
import { rankOf } from '../state';
import type { GroupFold, GroupMember } from '../types';
import type { Rng } from './prng';
import type { Device, WithoutContext, World } from './world';

type Action = [weight: number, run: () => Promise<unknown>];

const randomId = (rng: Rng) =>
  Array.from({ length: 21 }, () =>
    rng.pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789-_']),
  ).join('') + 'A';

/** A live link in `view` that a non-member could scan: (by, seq, id). */
function liveLink(view: GroupFold, now: number) {
  for (const [id, link] of Object.entries(view.links)) {
    const issuer = view.members[link.by];
    if (!link.revoked && link.expires > now && issuer && issuer.role !== 'member') {
      const seq = Number(link.event.slice(link.event.lastIndexOf(':') + 1));
      return { by: link.by, seq, id };
    }
  }
  return null;
}

/** The actions open to `device` given what it knows; empty when it can do nothing. */
export function actionsFor(world: World, device: Device, view: GroupFold, rng: Rng): Action[] {
  const me = device.person;
  const w = <T extends keyof EventBodies>(
    type: T,
    body: WithoutContext<EventBodies[T]>,
    extra?: CausalContext,
  ) => world.write(device, type, body, { extra });
  if (!view.genesis) {
    return me === world.people[0] && device.head(me.id) === 0
      ? [[1, () => w('group.create', world.createBody('G'))]]
      : [];
  }
  if (view.dissolved) return [];
  const mine = view.members[me.id];
  if (!mine) {
    // Scan a group code shown on some device, and fetch what that device holds before joining
    // (the joiner's lamport must exceed the link's, [GRP-4]).
    const shower = rng.pick([...world.devices.values()]);
    const link = liveLink(world.viewOf(shower), world.now);
    if (!link) return [];
    const scan = () => {
      shower.sendTo(device);
      return w('group.join', { link, pub: me.pub, reason: 'hi' }, { [link.by]: link.seq });
    };
    return [[1, scan]];
  }
  const rank = rankOf(mine.role);
  const others = (Object.entries(view.members) as [PeerId, GroupMember][]).filter(
    ([id]) => id !== me.id,
  );
  const outsiders = world.people.filter((p) => !view.members[p.id] && !view.requests[p.id]);
  const lower = others.filter(([, m]) => rankOf(m.role) < rank);
  const actions: Action[] = [
    [40, () => world.say(device, rng.chance(0.1) ? '@all hello' : `m${rng.int(0, 999)}`)],
    [4, () => w('group.nick', { nickname: rng.chance(0.2) ? null : `n${rng.int(0, 9)}` })],
    [1, () => w('group.reach', { token: randomId(rng) })],
  ];
  if (mine.role !== 'owner' || others.length > 0) actions.push([3, () => w('group.leave', {})]);
  if (outsiders.length > 0) {
    const p = rng.pick(outsiders);
    actions.push([10, () => w('group.add', { member: p.id, pub: p.pub })]);
  }
  if (rank >= 2) {
    if (lower.length > 0) {
      const [id] = rng.pick(lower);
      const seen = device.head(id);
      actions.push([6, () => w('group.remove', { member: id, seen })]);
    }
    actions.push([3, () => w('group.meta', { name: `G${rng.int(0, 99)}` })]);
    actions.push([
      2,
      () => w('group.meta', { announcement: rng.chance(0.3) ? null : `A${rng.int(0, 9)}` }),
    ]);
    actions.push([1, () => w('group.meta', { approval: !view.approval })]);
    actions.push([
      4,
      () => w('group.link', { op: 'create', id: randomId(rng), expires: world.now + LINK_TTL_MS }),
    ]);
    const live = Object.entries(view.links).filter(([, l]) => !l.revoked);
    if (live.length > 0) {
      const [id] = rng.pick(live);
      actions.push([2, () => w('group.link', { op: 'revoke', id })]);
    }
  }
  if (rank === 3 && others.length > 0) {
    const [id, m] = rng.pick(others);
    const role = m.role === 'admin' ? 'member' : 'admin';
    actions.push([6, () => w('group.role', { member: id, role })]);
    actions.push([2, () => w('group.transfer', { member: id })]);
    actions.push([0.3, () => w('group.dissolve', {})]);
  }
  return actions;
}

/** Run one weighted choice of `actions`. */
export async function runOne(actions: Action[], rng: Rng): Promise<void> {
  const total = actions.reduce((sum, [weight]) => sum + weight, 0);
  let at = rng.next() * total;
  for (const [weight, run] of actions) {
    at -= weight;
    if (at < 0) {
      await run();
      return;
    }
  }
}
