import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import { groupWorld, removeAs } from '../../../lib/group/testing/world';
import {
  actionsOn,
  canDissolve,
  canEditMeta,
  canInvite,
  displayName,
  inviteNeedsApproval,
  memberList,
  type KnownPerson,
} from './members';

const ID = 'a'.repeat(32) as PeerId;

describe('displayName', () => {
  it('prefers the group nickname, then my remark, then their profile name, then the id', () => {
    const known: KnownPerson = { name: 'Profile', remark: 'Remark', avatar: null };
    expect(displayName(ID, 'Nick', known)).toBe('Nick');
    expect(displayName(ID, null, known)).toBe('Remark');
    expect(displayName(ID, null, { ...known, remark: null })).toBe('Profile');
    expect(displayName(ID, null, null)).toBe('aaaaaaaa…');
  });
});

describe('memberList', () => {
  it('[GRP-7] lists the owner, then admins, then members, each by seniority', async () => {
    const w = await groupWorld(['owner', 'm1', 'a1', 'm2', 'a2'], ['a2', 'a1']);
    const f = w.fold();
    const rows = memberList(f, w.person('m1').id, () => null);
    const name = (id: PeerId) => w.people.find((p) => p.id === id)!.name;
    expect(rows.map((r) => [name(r.id), r.role])).toEqual([
      ['owner', 'owner'],
      ['a1', 'admin'],
      ['a2', 'admin'],
      ['m1', 'member'],
      ['m2', 'member'],
    ]);
    expect(rows.filter((r) => r.me).map((r) => name(r.id))).toEqual(['m1']);
  });

  it('shows the group nickname over my remark, and mentions by nickname or profile name', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob']);
    await w.write('ann', 'group.nick', { nickname: 'Annie' });
    const f = w.fold();
    const known = (id: PeerId): KnownPerson | null =>
      id === w.person('bob').id ? { name: 'Bob P', remark: 'my cousin', avatar: 'data:x' } : null;
    const rows = memberList(f, w.person('owner').id, known);
    const ann = rows.find((r) => r.id === w.person('ann').id)!;
    const bob = rows.find((r) => r.id === w.person('bob').id)!;
    expect([ann.name, ann.mentionName]).toEqual(['Annie', 'Annie']);
    expect([bob.name, bob.mentionName, bob.avatar]).toEqual(['my cousin', 'Bob P', 'data:x']);
  });

  it('[GRP-61] offers "Add friend" only for members this device knows nothing of, never for me', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob']);
    const known = (id: PeerId): KnownPerson | null =>
      id === w.person('bob').id ? { name: 'Bob P', remark: null, avatar: null } : null;
    const rows = memberList(w.fold(), w.person('owner').id, known);
    const offered = rows.filter((r) => r.befriend).map((r) => r.id);
    expect(offered).toEqual([w.person('ann').id]);
  });
});

describe('actionsOn', () => {
  it('[GRP-8] the owner appoints, demotes, transfers and removes; never to themself', async () => {
    const w = await groupWorld(['owner', 'admin', 'm'], ['admin']);
    const f = w.fold();
    const [owner, admin, m] = ['owner', 'admin', 'm'].map((n) => w.person(n).id) as [
      PeerId,
      PeerId,
      PeerId,
    ];
    expect(actionsOn(f, owner, m)).toEqual(['makeAdmin', 'transfer', 'remove']);
    expect(actionsOn(f, owner, admin)).toEqual(['removeAdmin', 'transfer', 'remove']);
    expect(actionsOn(f, owner, owner)).toEqual([]);
  });

  it('[GRP-8] an admin removes only members; a member does nothing to anyone', async () => {
    const w = await groupWorld(['owner', 'a1', 'a2', 'm1', 'm2'], ['a1', 'a2']);
    const f = w.fold();
    const id = (n: string) => w.person(n).id;
    expect(actionsOn(f, id('a1'), id('m1'))).toEqual(['remove']);
    expect(actionsOn(f, id('a1'), id('a2'))).toEqual([]);
    expect(actionsOn(f, id('a1'), id('owner'))).toEqual([]);
    expect(actionsOn(f, id('m1'), id('m2'))).toEqual([]);
    expect(canEditMeta(f, id('a1'))).toBe(true);
    expect(canEditMeta(f, id('m1'))).toBe(false);
    expect(canDissolve(f, id('owner'))).toBe(true);
    expect(canDissolve(f, id('a1'))).toBe(false);
  });

  it('[GRP-11] with approval on, a member may invite but waits for an admin', async () => {
    const w = await groupWorld(['owner', 'admin', 'm'], ['admin']);
    await w.write('owner', 'group.meta', { approval: true });
    const f = w.fold();
    expect(canInvite(f, w.person('m').id)).toBe(true);
    expect(inviteNeedsApproval(f, w.person('m').id)).toBe(true);
    expect(inviteNeedsApproval(f, w.person('admin').id)).toBe(false);
  });

  it('[GRP-17] nothing is offered in a dissolved group, nor to a removed person', async () => {
    const w = await groupWorld(['owner', 'm1', 'm2']);
    await removeAs(w, 'owner', 'm2');
    let f = w.fold();
    expect(actionsOn(f, w.person('owner').id, w.person('m2').id)).toEqual([]);
    expect(canInvite(f, w.person('m2').id)).toBe(false);
    await w.write('owner', 'group.dissolve', {});
    f = w.fold();
    expect(actionsOn(f, w.person('owner').id, w.person('m1').id)).toEqual([]);
    expect(canEditMeta(f, w.person('owner').id)).toBe(false);
  });
});
