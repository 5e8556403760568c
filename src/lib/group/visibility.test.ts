import { describe, expect, it } from 'vitest';
import { makePeople, removeAs, startGroup, World } from './testing/world';
import { inHistoryOf, isShownTo } from './visibility';

/** A group of owner and b; `late` is added afterwards, once `owner` said `before`. */
async function lateJoin() {
  const w = new World(await makePeople(['owner', 'b', 'late']));
  await startGroup(w, { members: ['b'] });
  const before = await w.say('owner', 'before');
  const { id, pub } = w.person('late');
  const add = await w.write('owner', 'group.add', { member: id, pub });
  w.sync();
  const after = await w.say('b', 'after');
  w.sync();
  return { w, before, add, after, late: id };
}

describe('history from the admission', () => {
  it('[GRP-80] a member is shown what was written after their admission, not before; older members see all', async () => {
    const { w, before, after, late } = await lateJoin();
    const fold = w.fold();
    expect(isShownTo(fold, late, before)).toBe(false);
    expect(isShownTo(fold, late, after)).toBe(true);
    expect(isShownTo(fold, w.person('b').id, before)).toBe(true);
    expect(isShownTo(fold, w.person('owner').id, before)).toBe(true);
  });

  it('[GRP-80] the stretch starts at the admission’s lamport and a role change neither starts nor ends it', async () => {
    const { w, add, late } = await lateJoin();
    await w.write('owner', 'group.role', { member: late, role: 'admin' });
    w.sync();
    const later = await w.say('b', 'while admin');
    w.sync();
    const fold = w.fold();
    expect(fold.members[late]?.sinceLamport).toBe(add.lamport);
    expect(inHistoryOf(fold, late, add.lamport)).toBe(false);
    expect(inHistoryOf(fold, late, add.lamport + 1)).toBe(true);
    expect(isShownTo(fold, late, later)).toBe(true);
  });

  it('[GRP-80] a removed member keeps what came before the removal; after a re-add, the time out is not shown', async () => {
    const { w, after, late } = await lateJoin();
    const removal = await removeAs(w, 'owner', 'late');
    w.sync();
    const whileOut = await w.say('b', 'while out');
    const { pub } = w.person('late');
    await w.write('owner', 'group.add', { member: late, pub });
    w.sync();
    const back = await w.say('b', 'back');
    w.sync();
    const fold = w.fold();
    expect(isShownTo(fold, late, after)).toBe(true);
    expect(inHistoryOf(fold, late, removal.lamport)).toBe(false);
    expect(isShownTo(fold, late, whileOut)).toBe(false);
    expect(isShownTo(fold, late, back)).toBe(true);
  });

  it('[GRP-80] my own messages are shown; nobody is shown a history they hold no admission in', async () => {
    const { w, before, late } = await lateJoin();
    const mine = await w.say('late', 'mine');
    const [stranger] = await makePeople(['stranger']);
    const fold = w.fold();
    expect(isShownTo(fold, late, mine)).toBe(true);
    expect(isShownTo(fold, stranger!.id, before)).toBe(false);
  });

  it('[GRP-80] a fold kept from before lamports were recorded shows the whole history', async () => {
    const { w, before, late } = await lateJoin();
    const fold = w.fold();
    const kept = {
      ...fold,
      timelines: {
        ...fold.timelines,
        [late]: fold.timelines[late]!.map(({ lamport: _l, ...change }) => change),
      },
    };
    expect(isShownTo(kept, late, before)).toBe(true);
  });
});
