/** One test per rule of the fold, with real signed events. */
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../chatEvent';
import { foldGroup } from './fold';
import { MAX_GROUP_MEMBERS } from './rules';
import { agreed, fate } from './testing/agree';
import { invariantViolations } from './testing/invariants';
import {
  groupWorld as world,
  makePeople,
  removeAs as removal,
  startGroup,
  World,
} from './testing/world';
import { authorAllowedAt, isMessageVisible, roleAt } from './visibility';

const WEEK = 7 * 24 * 3600 * 1000;
const LINK = 'K'.repeat(21) + 'A';

describe('group fold rules', () => {
  it('[GRP-4] a control event that claims its own seq, or a context its lamport is not above, is void', async () => {
    const w = await world(['owner', 'm']);
    const m = w.person('m').id;
    const own = await w.write('m', 'group.nick', { nickname: 'a' }, { extra: { [m]: 99 } });
    const d = w.device('owner');
    d.lamport = 0;
    const low = await w.write(d, 'group.meta', { name: 'Low' });
    const f = foldGroup(w.conv, w.all());
    expect([fate(f, own), fate(f, low)]).toEqual(['context', 'context']);
  });

  it('[GRP-4] acting on oneself, a key that does not hash to its member, a link living past a week', async () => {
    const w = await world(['owner', 'm', 'x']);
    const [m, x] = [w.person('m'), w.person('x')];
    const self = await w.write('owner', 'group.transfer', { member: w.person('owner').id });
    const key = await w.write('m', 'group.add', { member: x.id, pub: m.pub });
    const long = await w.write('owner', 'group.link', {
      op: 'create',
      id: LINK,
      expires: w.now + WEEK + 2000,
    });
    const f = agreed(w);
    expect([self, key, long].map((e) => fate(f, e))).toEqual(['self', 'key', 'link-ttl']);
  });

  it('[GRP-4] a genesis that does not prove the id, and events before any genesis, change nothing', async () => {
    const [owner, m] = await makePeople(['owner', 'm']);
    const w = new World([owner!, m!]);
    const forged = await w.write('m', 'group.create', { name: 'Mine', salt: w.salt, pub: m!.pub });
    const early = await w.write('m', 'group.nick', { nickname: 'first' });
    const f = foldGroup(w.conv, w.all());
    expect([fate(f, forged), fate(f, early)]).toEqual(['genesis', 'no-genesis']);
    expect([f.genesis, f.owner, f.members]).toEqual([null, null, {}]);
  });

  it('[GRP-7] ranks are strict: members do not remove, admins do not act on admins or appoint', async () => {
    const w = await world(['owner', 'a1', 'a2', 'm1', 'm2'], ['a1', 'a2']);
    const tries = [
      await removal(w, 'm1', 'm2'),
      await removal(w, 'a1', 'a2'),
      await removal(w, 'a1', 'owner'),
      await w.write('a1', 'group.role', { member: w.person('m1').id, role: 'admin' }),
      await w.write('a1', 'group.transfer', { member: w.person('m1').id }),
      await w.write('a1', 'group.dissolve', {}),
    ];
    w.sync();
    tries.push(await removal(w, 'a1', 'm1'));
    const f = agreed(w);
    expect(tries.map((e) => fate(f, e))).toEqual([
      'rank',
      'rank',
      'rank',
      'rank',
      'rank',
      'rank',
      'applied',
    ]);
    expect(invariantViolations(f)).toEqual([]);
  });

  it('[GRP-7] a promotion gives admin rights from the seq the owner had seen', async () => {
    const w = await world(['owner', 'm1', 'm2']);
    const m1 = w.person('m1').id;
    const before = await removal(w, 'm1', 'm2');
    w.sync();
    await w.write('owner', 'group.role', { member: m1, role: 'admin' });
    w.sync();
    const after = await removal(w, 'm1', 'm2');
    const f = agreed(w);
    expect([fate(f, before), fate(f, after)]).toEqual(['rank', 'applied']);
    expect([roleAt(f, m1, before.seq), roleAt(f, m1, after.seq)]).toEqual(['member', 'admin']);
  });

  it('[GRP-8] removing someone never admitted, or acting without being a member, is void', async () => {
    const w = await world(['owner', 'm']);
    const [stranger] = await makePeople(['stranger']);
    const v = new World([...w.people, stranger!]);
    for (const d of w.devices.values()) d.sendTo(v.device(d.person.name));
    v.device('owner').sendTo(v.device('stranger'));
    const ghost = await v.write('owner', 'group.remove', { member: stranger!.id, seen: 0 });
    const intruder = await v.write('stranger', 'group.meta', { name: 'Mine' });
    const hello = await v.say('stranger', 'hello');
    const f = agreed(v);
    expect([fate(f, ghost), fate(f, intruder)]).toEqual(['not-in-group', 'not-member']);
    expect(isMessageVisible(f, hello)).toBe(false);
    expect(authorAllowedAt(f, stranger!.id, 1)).toBe(false);
  });

  it('[GRP-11] the 51st member is refused with a reason', async () => {
    const people = await makePeople(
      Array.from({ length: MAX_GROUP_MEMBERS + 1 }, (_, i) => `p${i}`),
    );
    const w = new World(people);
    await w.write('p0', 'group.create', w.createBody());
    const adds: ChatEvent[] = [];
    for (const p of people.slice(1))
      adds.push(await w.write('p0', 'group.add', { member: p.id, pub: p.pub }));
    const f = agreed(w);
    expect(Object.keys(f.members)).toHaveLength(MAX_GROUP_MEMBERS);
    expect(adds.map((e) => fate(f, e)).filter((r) => r !== 'applied')).toEqual(['full']);
    expect(fate(f, adds.at(-1)!)).toBe('full');
  });

  it('[GRP-11] with approval on, a member’s invitation and a join wait for an admin, who accepts or declines', async () => {
    const w = new World(await makePeople(['owner', 'admin', 'm', 'x', 'y']));
    await startGroup(w, { members: ['admin', 'm'], admins: ['admin'] });
    const [x, y] = [w.person('x'), w.person('y')];
    await w.write('admin', 'group.meta', { approval: true });
    const link = await w.write('owner', 'group.link', {
      op: 'create',
      id: LINK,
      expires: w.now + WEEK,
    });
    w.sync('owner', 'admin', 'm');
    const invite = await w.write('m', 'group.add', {
      member: x.id,
      pub: x.pub,
      reason: 'my cousin',
    });
    w.device('owner').sendTo(w.device('y'));
    const ref = { by: link.author, seq: link.seq, id: LINK };
    const join = await w.write('y', 'group.join', {
      link: ref,
      pub: y.pub,
      reason: 'saw the poster',
    });
    let f = agreed(w);
    expect([fate(f, invite), fate(f, join)]).toEqual(['pending', 'pending']);
    expect(f.requests[x.id]).toMatchObject({ by: w.person('m').id, reason: 'my cousin' });
    expect(f.requests[y.id]).toMatchObject({ by: y.id, reason: 'saw the poster' });
    expect(f.members[x.id]).toBeUndefined();
    const ok = await w.write('admin', 'group.add', { member: x.id, pub: x.pub });
    f = agreed(w);
    expect(fate(f, ok)).toBe('applied');
    expect([f.members[x.id]?.role, f.requests[x.id], f.requests[y.id]?.by]).toEqual([
      'member',
      undefined,
      y.id,
    ]);
    const seen = w.device('admin').head(y.id);
    const decline = await w.write('admin', 'group.remove', { member: y.id, seen });
    f = agreed(w);
    expect([fate(f, decline), f.requests[y.id], f.members[y.id]]).toEqual([
      'applied',
      undefined,
      undefined,
    ]);
  });

  it('[GRP-15] a join needs a live link: known, unexpired, its issuer still an admin', async () => {
    const w = new World(await makePeople(['owner', 'admin', 'x', 'y']));
    await startGroup(w, { members: ['admin'], admins: ['admin'] });
    const link = await w.write('admin', 'group.link', {
      op: 'create',
      id: LINK,
      expires: w.now + WEEK,
    });
    w.sync('owner', 'admin');
    const ref = { by: link.author, seq: link.seq, id: LINK };
    w.device('admin').sendTo(w.device('x'));
    const expired = await w.write(
      'x',
      'group.join',
      { link: ref, pub: w.person('x').pub },
      { ts: w.now + WEEK },
    );
    const wrong = await w.write('x', 'group.join', {
      link: { ...ref, id: 'W'.repeat(21) + 'A' },
      pub: w.person('x').pub,
    });
    await w.write('owner', 'group.role', { member: w.person('admin').id, role: 'member' });
    w.device('owner').sendTo(w.device('y'));
    const orphan = await w.write('y', 'group.join', { link: ref, pub: w.person('y').pub });
    const f = agreed(w);
    expect([expired, wrong, orphan].map((e) => fate(f, e))).toEqual([
      'link-expired',
      'link-unknown',
      'link-issuer',
    ]);
  });

  it('[GRP-16] a nickname is set only by its member; meta needs an admin', async () => {
    const w = await world(['owner', 'm']);
    await w.write('m', 'group.nick', { nickname: 'Em' });
    const meta = await w.write('m', 'group.meta', { announcement: 'Party!' });
    await w.write('owner', 'group.meta', { announcement: 'Meeting at 5', avatar: null });
    const f = agreed(w);
    expect(f.members[w.person('m').id]?.nickname).toBe('Em');
    expect(f.members[w.person('owner').id]?.nickname).toBeNull();
    expect([fate(f, meta), f.announcement]).toEqual(['rank', 'Meeting at 5']);
  });

  it('[GRP-17] after a dissolution nobody writes; what came before stays readable', async () => {
    const w = await world(['owner', 'a', 'm'], ['a']);
    const before = await w.say('m', 'before');
    w.sync();
    // The owner dissolves after seeing m's nickname, so the admin's rename would replay first
    // if order were only by rank: the dissolution precedes what it had not seen.
    await w.write('m', 'group.nick', { nickname: 'em' });
    w.sync('m', 'owner');
    await w.write('owner', 'group.dissolve', {});
    const late = [await w.say('m', 'late'), await w.write('a', 'group.meta', { name: 'Revived' })];
    const after = await w.write('owner', 'group.nick', { nickname: 'gone' });
    const f = agreed(w);
    expect(f.dissolved).toBe(true);
    expect(Object.keys(f.members)).toHaveLength(3);
    expect(isMessageVisible(f, before)).toBe(true);
    expect(isMessageVisible(f, late[0]!)).toBe(false);
    expect([fate(f, late[1]!), fate(f, after)]).toEqual(['dissolved', 'dissolved']);
    expect(invariantViolations(f)).toEqual([]);
  });

  it('[GRP-6] a cycle of retractions resolves for the higher rank', async () => {
    // Apart: the owner sees x's event and removes admin y; y, unaware, removes x.
    const w = await world(['owner', 'y', 'x'], ['y']);
    const nick = await w.write('x', 'group.nick', { nickname: 'ex' });
    w.sync('x', 'owner');
    const ownerRemovesY = await removal(w, 'owner', 'y');
    const yRemovesX = await removal(w, 'y', 'x');
    const f = agreed(w);
    expect([nick, ownerRemovesY, yRemovesX].map((e) => fate(f, e))).toEqual([
      'applied',
      'applied',
      'not-member',
    ]);
    expect(f.members[w.person('x').id]?.nickname).toBe('ex');
    expect(f.members[w.person('y').id]).toBeUndefined();
  });

  it('[GRP-12] the fold is the same for any order and any duplicates of its input', async () => {
    const w = await world(['owner', 'a', 'm'], ['a']);
    await removal(w, 'a', 'm');
    await w.write('owner', 'group.meta', { name: 'N' });
    const all = agreed(w) && w.all();
    const want = JSON.stringify(foldGroup(w.conv, all));
    expect(JSON.stringify(foldGroup(w.conv, [...all].reverse()))).toBe(want);
    expect(JSON.stringify(foldGroup(w.conv, [...all, ...all]))).toBe(want);
  });
});
