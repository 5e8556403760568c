import { describe, expect, it } from 'vitest';
import { Emitter } from '../../lib/emitter';
import { foldGroup } from '../../lib/group/fold';
import { groupWorld, removeAs } from '../../lib/group/testing/world';
import type { GroupFold } from '../../lib/group/types';
import type { ConversationId } from '../../lib/ids';
import type { ReachToken } from '../../lib/reach';
import { ReachRotation, ROTATE_MIN_MS, ROTATE_SPREAD_MS } from './ReachRotation';

/** A rotation over folds a test sets, with timers it fires by hand. */
async function setup(me: string) {
  const world = await groupWorld(['owner', 'b', 'c', 'd']);
  const folds = new Map<ConversationId, GroupFold>([[world.conv, world.fold('owner')]]);
  const changes = new Emitter<{ change: (conv: ConversationId) => void }>();
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const order: string[] = [];
  const published: { conv: ConversationId; token: ReachToken; registeredFirst: boolean }[] = [];
  const pending = new Set<ReachToken>();
  const registered = new Set<ReachToken>();
  const rotation = new ReachRotation({
    me: world.person(me).id,
    groups: () => Promise.resolve([world.conv]),
    fold: (conv) => Promise.resolve(folds.get(conv) ?? null),
    onChange: (listener) => changes.on('change', listener),
    register: () => {
      order.push('register');
      for (const t of pending) registered.add(t);
      return Promise.resolve();
    },
    publish: (conv, token) => {
      order.push('publish');
      published.push({ conv, token, registeredFirst: registered.has(token) });
      return Promise.resolve();
    },
    pending,
    schedule: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
    random: () => 0.5,
  });
  rotation.start();
  await rotation.ready();
  /** Fold what `name` holds now and announce the change. */
  const refold = async (name: string) => {
    folds.set(world.conv, foldGroup(world.conv, world.device(name).arrivals));
    changes.emit('change', world.conv);
    await new Promise((r) => setTimeout(r, 0));
  };
  const fire = async () => {
    for (const t of timers.splice(0)) if (!t.cancelled) t.run();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { world, rotation, timers, published, pending, order, refold, fire };
}

describe('reach token rotation after a removal', () => {
  it('[GRP-71] a removal makes a remaining member publish one fresh token, registered before it is written', async () => {
    const t = await setup('b');
    await removeAs(t.world, 'owner', 'c');
    await removeAs(t.world, 'owner', 'd');
    t.world.sync();
    await t.refold('owner');
    await t.refold('owner');
    // Debounced: one timer for the group, after a spread delay.
    expect(t.timers).toHaveLength(1);
    expect(t.timers[0]!.ms).toBe(ROTATE_MIN_MS + Math.floor(0.5 * ROTATE_SPREAD_MS));
    expect(t.published).toEqual([]);
    await t.fire();
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toMatchObject({ conv: t.world.conv, registeredFirst: true });
    expect(t.order).toEqual(['register', 'publish']);
    expect(t.pending.size).toBe(0);
    t.rotation.stop();
  });

  it('[GRP-71] nothing rotates for a leave, a mere message of the roster, or the removed member itself', async () => {
    const b = await setup('b');
    await b.world.write('d', 'group.leave', {});
    b.world.sync();
    await b.refold('owner');
    await b.world.write('owner', 'group.meta', { name: 'Renamed' });
    await b.refold('owner');
    expect(b.timers).toEqual([]);
    const c = await setup('c');
    await removeAs(c.world, 'owner', 'c');
    await c.refold('owner');
    expect(c.timers).toEqual([]);
    b.rotation.stop();
    c.rotation.stop();
  });

  it('[GRP-71] a rotation waiting when the app stops is cancelled', async () => {
    const t = await setup('b');
    await removeAs(t.world, 'owner', 'c');
    await t.refold('owner');
    expect(t.timers).toHaveLength(1);
    t.rotation.stop();
    await t.fire();
    expect(t.published).toEqual([]);
  });
});
