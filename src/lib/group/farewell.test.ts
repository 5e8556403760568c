import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../chatEvent';
import { farewellCap } from './farewell';
import { foldGroup } from './fold';
import { groupWorld, removeAs } from './testing/world';

/** The events of `held` within `cap`, as a removed member would be sent them. */
function within(held: readonly ChatEvent[], cap: Readonly<Record<string, number>>): ChatEvent[] {
  return held.filter((e) => e.seq <= (cap[e.author] ?? 0));
}

describe('what a removed member is still sent', () => {
  it('[GRP-60] the removal and its causal past fold to "removed" on their device; nothing after it is within the cap', async () => {
    const w = await groupWorld(['owner', 'admin', 'x', 'y'], ['admin']);
    // While x is offline: y writes, the owner renames, the admin removes x after seeing both.
    w.sync();
    await w.say('y', 'while x was away');
    await w.write('owner', 'group.meta', { name: 'Renamed' });
    w.sync('owner', 'admin', 'y');
    const removal = await removeAs(w, 'admin', 'x');
    w.sync('owner', 'admin', 'y');
    const after = await w.say('owner', 'after the removal');
    const late = await w.write('y', 'group.nick', { nickname: 'later' });
    w.sync('owner', 'admin', 'y');

    const owner = w.device('owner');
    const fold = w.viewOf(owner);
    const controls = owner.arrivals.filter((e) => e.type.startsWith('group.'));
    const x = w.person('x').id;
    const cap = farewellCap(fold, controls, w.person('owner').id, x)!;
    expect(cap).not.toBeNull();
    const sent = within(owner.arrivals, cap);
    expect(sent).toContainEqual(removal);
    expect(sent).not.toContainEqual(after);
    expect(sent).not.toContainEqual(late);

    // x's device, holding what it had plus what it is sent, folds itself out.
    const device = w.device('x');
    for (const e of [...sent].sort((a, b) => a.seq - b.seq)) device.receive(e);
    const theirs = foldGroup(w.conv, device.arrivals);
    expect(theirs.members[x]).toBeUndefined();
    expect(theirs.removedAt[x]).toBeDefined();
    expect(theirs.name).toBe('Renamed');
  });

  it('[GRP-60] no cap for a member, someone who left, or when I am out myself', async () => {
    const w = await groupWorld(['owner', 'x', 'y']);
    await w.write('y', 'group.leave', {});
    w.sync();
    const id = (name: string) => w.person(name).id;
    const controls = () => w.device('owner').arrivals;
    expect(farewellCap(w.viewOf(w.device('owner')), controls(), id('owner'), id('x'))).toBeNull();
    expect(farewellCap(w.viewOf(w.device('owner')), controls(), id('owner'), id('y'))).toBeNull();
    await removeAs(w, 'owner', 'x');
    w.sync();
    const fold = w.fold('owner');
    expect(farewellCap(fold, controls(), id('owner'), id('x'))).not.toBeNull();
    // x itself, removed, sends nobody a farewell.
    expect(farewellCap(fold, controls(), id('x'), id('owner'))).toBeNull();
  });
});
