/**
 * The known hard cases of group membership, each staged with real signed events on devices that
 * know only what they have been sent. Every case ends with every device folding alike.
 */
import { describe, expect, it } from 'vitest';
import { foldGroup } from './fold';
import { agreed, fate } from './testing/agree';
import {
  groupWorld as world,
  makePeople,
  removeAs as removal,
  startGroup,
  World,
} from './testing/world';
import { checkGroupEvents, groupKeys } from './verify';
import { canMentionAll, isMessageVisible } from './visibility';

const WEEK = 7 * 24 * 3600 * 1000;

describe('group hard cases', () => {
  it('[GRP-6][GRP-7] a demoted admin’s offline actions are void; those the owner had seen stay', async () => {
    const w = await world(['owner', 'admin', 'm1', 'm2', 'm3'], ['admin']);
    const seen = await removal(w, 'admin', 'm3');
    w.sync();
    // The owner demotes after seeing m2's nickname, so rank order alone would replay the
    // admin's offline actions first: the demotion must precede what the admin wrote unseen.
    await w.write('m2', 'group.nick', { nickname: 'm2' });
    w.sync('m2', 'owner');
    await w.write('owner', 'group.role', { member: w.person('admin').id, role: 'member' });
    const offline = [
      await removal(w, 'admin', 'm1'),
      await w.write('admin', 'group.meta', { name: 'Mine now' }),
      await w.write('admin', 'group.link', {
        op: 'create',
        id: 'L'.repeat(21) + 'A',
        expires: w.now + WEEK,
      }),
    ];
    const still = await w.say('admin', 'still here');
    const f = agreed(w);
    expect(offline.map((e) => fate(f, e))).toEqual(['rank', 'rank', 'rank']);
    expect(fate(f, seen)).toBe('applied');
    expect(f.members[w.person('m1').id]).toBeDefined();
    expect(f.members[w.person('m3').id]).toBeUndefined();
    expect(f.name).toBe('Group');
    expect(f.links).toEqual({});
    expect(isMessageVisible(f, still)).toBe(true);
  });

  it('[GRP-13] a removed member’s late events, relayed weeks later by a third member, stay void', async () => {
    const w = await world(['owner', 'admin', 'x', 'relay'], ['admin']);
    const early = await w.say('x', 'early');
    w.sync();
    // The admin removes x after seeing a later nickname of the relay's, so x's late nickname
    // (lower lamport, same rank) would replay first if order were only (rank, lamport).
    for (let i = 0; i < 5; i++) await w.say('relay', `busy ${i}`);
    await w.write('relay', 'group.nick', { nickname: 'relay' });
    w.sync('relay', 'admin');
    await removal(w, 'admin', 'x');
    w.sync('owner', 'admin');
    const late = [
      await w.say('x', 'late'),
      await w.write('x', 'group.nick', { nickname: 'ghost' }),
    ];
    w.sync('x', 'relay');
    const before = foldGroup(w.conv, w.device('owner').arrivals);
    w.now += 3 * WEEK;
    const f = agreed(w);
    expect(isMessageVisible(f, early)).toBe(true);
    expect(isMessageVisible(f, late[0]!)).toBe(false);
    expect(fate(f, late[1]!)).toBe('not-member');
    expect(f.members).toEqual(before.members);
    expect(f.removedAt[w.person('x').id]).toBe(1);
  });

  it('[GRP-7][GRP-8] leave and rejoin: events between the two are void, those around them count', async () => {
    const w = await world(['owner', 'x', 'm']);
    const x = w.person('x');
    const first = await w.say('x', 'first');
    const leave = await w.write('x', 'group.leave', {});
    const stray = await w.say('x', 'talking to myself');
    w.sync();
    const readd = await w.write('m', 'group.add', { member: x.id, pub: x.pub });
    w.sync();
    const again = await w.say('x', 'again');
    const f = agreed(w);
    expect([leave, readd].map((e) => fate(f, e))).toEqual(['applied', 'applied']);
    expect([first, stray, again].map((e) => isMessageVisible(f, e))).toEqual([true, false, true]);
    expect(f.members[x.id]?.role).toBe('member');
  });

  it('[GRP-7][GRP-15] leave and rejoin by a group code: the join is where membership starts again', async () => {
    const w = await world(['owner', 'x']);
    const id = 'R'.repeat(21) + 'A';
    const link = await w.write('owner', 'group.link', { op: 'create', id, expires: w.now + WEEK });
    w.sync();
    await w.write('x', 'group.leave', {});
    const stray = await w.say('x', 'stray');
    const ref = { by: link.author, seq: link.seq, id };
    const join = await w.write('x', 'group.join', { link: ref, pub: w.person('x').pub });
    const back = await w.say('x', 'back');
    const f = agreed(w);
    expect(fate(f, join)).toBe('applied');
    expect([stray, back].map((e) => isMessageVisible(f, e))).toEqual([false, true]);
  });

  it('[GRP-10] an owner who leaves after naming a successor hands over to them', async () => {
    const w = await world(['owner', 'admin', 'heir'], ['admin']);
    const heir = w.person('heir').id;
    await w.write('owner', 'group.transfer', { member: heir });
    await w.write('owner', 'group.leave', {});
    const late = await w.write('owner', 'group.meta', { name: 'Still mine?' });
    const f = agreed(w);
    expect(f.owner).toBe(heir);
    expect(f.members[w.person('owner').id]).toBeUndefined();
    expect(f.members[w.person('admin').id]?.role).toBe('admin');
    expect(fate(f, late)).toBe('not-member');
  });

  it('[GRP-10] an owner who leaves without one: the senior admin, else the senior member', async () => {
    const w = await world(['owner', 'm1', 'a1', 'a2'], ['a2', 'a1']);
    await w.write('owner', 'group.leave', {});
    const f = agreed(w);
    expect(f.owner).toBe(w.person('a1').id);
    const v = await world(['owner', 'm1', 'm2']);
    await v.write('owner', 'group.leave', {});
    expect(agreed(v).owner).toBe(v.person('m1').id);
    const alone = new World(await makePeople(['owner']));
    await startGroup(alone);
    await alone.write('owner', 'group.leave', {});
    const g = agreed(alone);
    expect([g.owner, Object.keys(g.members).length]).toEqual([null, 0]);
  });

  it('[GRP-15] a join link revoked while someone uses it: the revocation wins', async () => {
    const w = new World(await makePeople(['owner', 'admin', 'early', 'late']));
    await startGroup(w, { members: ['admin'], admins: ['admin'] });
    const id = 'J'.repeat(21) + 'A';
    const link = await w.write('owner', 'group.link', { op: 'create', id, expires: w.now + WEEK });
    w.sync('owner', 'admin');
    const ref = { by: link.author, seq: link.seq, id };
    // Scanning the code, a joiner fetches the group's events from the member showing it.
    w.device('owner').sendTo(w.device('early'));
    const used = await w.write('early', 'group.join', { link: ref, pub: w.person('early').pub });
    w.sync('owner', 'early', 'admin');
    w.device('owner').sendTo(w.device('late'));
    const revoke = await w.write('admin', 'group.link', { op: 'revoke', id });
    const raced = await w.write('late', 'group.join', { link: ref, pub: w.person('late').pub });
    const hi = await w.say('late', 'made it?');
    const f = agreed(w);
    expect([used, revoke, raced].map((e) => fate(f, e))).toEqual([
      'applied',
      'applied',
      'link-revoked',
    ]);
    expect(isMessageVisible(f, hi)).toBe(false);
    expect(f.members[w.person('early').id]?.role).toBe('member');
    expect(f.links[id]?.revoked).toBe(true);
  });

  it('[GRP-13][GRP-14] an event that arrives before its author’s join counts once the join does', async () => {
    const w = await world(['owner', 'm', 'relay']);
    const x = (await makePeople(['x']))[0]!;
    const v = new World([...w.people, x]);
    for (const d of w.devices.values()) d.sendTo(v.device(d.person.name));
    await v.write('m', 'group.add', { member: x.id, pub: x.pub });
    v.sync('m', 'x');
    const hi = await v.say('x', 'hi');
    const early = await checkGroupEvents(v.conv, [hi], groupKeys(v.device('relay').arrivals));
    expect(early.dropped).toEqual([{ index: 0, reason: 'unknown-author' }]);
    const withoutAdd = foldGroup(v.conv, [...v.device('relay').arrivals, hi]);
    expect(isMessageVisible(withoutAdd, hi)).toBe(false);
    const f = agreed(v);
    expect(isMessageVisible(f, hi)).toBe(true);
    const later = await checkGroupEvents(v.conv, [hi], groupKeys(v.device('relay').arrivals));
    expect(later.events).toEqual([hi]);
  });

  it('[GRP-16] concurrent renames: the highest (lamport, author) wins on every device', async () => {
    const w = await world(['owner', 'a1', 'a2', 'm'], ['a1', 'a2']);
    const r1 = await w.write('a1', 'group.meta', { name: 'One' });
    const r2 = await w.write('a2', 'group.meta', { name: 'Two' });
    const denied = await w.write('m', 'group.meta', { name: 'Mine' });
    const f = agreed(w);
    const winner = [r1, r2].sort(
      (a, b) => a.lamport - b.lamport || (a.author < b.author ? -1 : 1),
    )[1]!;
    expect(f.name).toBe(winner === r1 ? 'One' : 'Two');
    expect(fate(f, denied)).toBe('rank');
  });

  it('[GRP-13] @all from an admin demoted at the same time does not count', async () => {
    const w = await world(['owner', 'admin', 'm'], ['admin']);
    const before = await w.say('admin', '@all before');
    w.sync();
    await w.write('owner', 'group.role', { member: w.person('admin').id, role: 'member' });
    const during = await w.say('admin', '@all during');
    const f = agreed(w);
    expect(canMentionAll(f, before)).toBe(true);
    expect(canMentionAll(f, during)).toBe(false);
    expect(isMessageVisible(f, during)).toBe(true);
  });

  it('[GRP-5] one author’s seq used twice (a restored backup): the lower signature wins everywhere', async () => {
    const w = await world(['owner', 'x', 'm']);
    const x = w.person('x');
    const restored = w.device('x').clone();
    w.devices.set('x#2', restored);
    const a = await w.write('x', 'group.nick', { nickname: 'phone' });
    const b = await w.write(restored, 'group.nick', { nickname: 'laptop' });
    expect([a.seq, a.author]).toEqual([b.seq, b.author]);
    const lower = Buffer.from(a.sig, 'base64url').compare(Buffer.from(b.sig, 'base64url')) < 0;
    const [win, lose] = lower ? [a, b] : [b, a];
    const both = foldGroup(w.conv, [...w.all()]);
    expect(both.forked).toEqual({ [x.id]: [a.seq] });
    expect(both.outcomes.filter((o) => o.reason === 'fork')).toHaveLength(1);
    const f = agreed(w);
    expect(f.members[x.id]?.nickname).toBe((win.body as { nickname: string }).nickname);
    for (const d of w.devices.values()) expect(d.arrivals).toContain(win);
    for (const d of w.devices.values()) expect(d.arrivals).not.toContain(lose);
  });
});
