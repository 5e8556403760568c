/**
 * [GRP-9] Concurrent adds and removals of one person, staged across partitions with real signed
 * events. Lamports and what each device had seen are arranged so that each replay order the rule
 * must survive actually happens.
 */
import { describe, expect, it } from 'vitest';
import { agreed, fate } from './testing/agree';
import { groupWorld as world, removeAs as removal } from './testing/world';
import { isMessageVisible } from './visibility';

describe('group concurrent add and remove', () => {
  /**
   * Admins p and q; the re-inviter is the one with the lower id, so with equal lamports its
   * removal replays first and the other removal meets someone already out. `lead` gives one of
   * them more history (a higher lamport), which changes the replay order.
   */
  for (const lead of ['none', 'remover', 're-inviter'] as const) {
    it(`[GRP-9] two admins across a partition: one removes X, the other removes and re-invites X (ahead: ${lead})`, async () => {
      const w = await world(['owner', 'p', 'q', 'x'], ['p', 'q']);
      const x = w.person('x');
      const [reinviter, remover] = ['p', 'q'].sort((a, b) =>
        w.person(a).id < w.person(b).id ? -1 : 1,
      );
      if (lead !== 'none') w.device(lead === 'remover' ? remover! : reinviter!).lamport += 3;
      await removal(w, remover!, 'x');
      await removal(w, reinviter!, 'x');
      const back = await w.write(reinviter!, 'group.add', { member: x.id, pub: x.pub });
      w.sync(reinviter!, 'x');
      const hello = await w.say('x', 'back again');
      const f = agreed(w);
      expect(f.members[x.id]).toBeUndefined();
      expect(isMessageVisible(f, hello)).toBe(false);
      // Replayed after both removals the re-invitation is void; replayed between them, the
      // later removal takes x out again.
      expect(fate(f, back)).toBe(lead === 'remover' ? 'applied' : 'removed-concurrently');
    });
  }

  it('[GRP-9] the owner adds X while an admin removes X: the higher rank wins', async () => {
    const w = await world(['owner', 'admin', 'm', 'x'], ['admin']);
    const x = w.person('x');
    await w.write('owner', 'group.remove', { member: x.id, seen: 0 });
    w.sync();
    // Apart: m re-adds x, x writes, the admin removes x; the owner re-adds x on its own.
    await w.write('m', 'group.add', { member: x.id, pub: x.pub });
    w.sync('m', 'x', 'admin');
    const hi = await w.say('x', 'hi');
    w.sync('x', 'admin');
    const removed = await removal(w, 'admin', 'x');
    const ownerAdd = await w.write('owner', 'group.add', { member: x.id, pub: x.pub });
    const f = agreed(w);
    expect(f.members[x.id]?.role).toBe('member');
    expect(fate(f, removed)).toBe('re-added-concurrently');
    expect(fate(f, ownerAdd)).toMatch(/^(applied|already-member)$/);
    expect(isMessageVisible(f, hi)).toBe(true);
  });

  it('[GRP-9] an admin re-adds X while the owner removes X: the removal wins', async () => {
    const w = await world(['owner', 'admin', 'x'], ['admin']);
    const x = w.person('x');
    const kept = await w.say('x', 'before');
    w.sync();
    await w.write('x', 'group.leave', {});
    w.sync('x', 'admin');
    const readd = await w.write('admin', 'group.add', { member: x.id, pub: x.pub });
    w.sync('x', 'admin');
    const after = await w.say('x', 'after');
    await removal(w, 'owner', 'x');
    const f = agreed(w);
    expect(f.members[x.id]).toBeUndefined();
    expect(fate(f, readd)).toBe('removed-concurrently');
    expect(isMessageVisible(f, kept)).toBe(true);
    expect(isMessageVisible(f, after)).toBe(false);
  });

  it('[GRP-9] the owner’s add of X counts even when another add of X replays first', async () => {
    const w = await world(['owner', 'admin', 'm', 'b1', 'b2', 'x'], ['admin']);
    const x = w.person('x');
    await w.write('owner', 'group.remove', { member: x.id, seen: 0 });
    w.sync();
    // Replay order wanted: m's add, b1's nickname, the owner's add (x already in), b2's
    // nickname, the admin's removal. Lamports and what each had seen arrange it.
    await w.write('m', 'group.add', { member: x.id, pub: x.pub });
    w.device('b1').lamport += 5;
    await w.write('b1', 'group.nick', { nickname: 'b1' });
    w.sync('b1', 'owner');
    const ownerAdd = await w.write('owner', 'group.add', { member: x.id, pub: x.pub });
    w.device('b2').lamport += 50;
    await w.write('b2', 'group.nick', { nickname: 'b2' });
    w.sync('m', 'admin', 'b2');
    const removed = await removal(w, 'admin', 'x');
    const f = agreed(w);
    expect(fate(f, ownerAdd)).toBe('already-member');
    expect(fate(f, removed)).toBe('re-added-concurrently');
    expect(f.members[x.id]?.role).toBe('member');
  });
});
