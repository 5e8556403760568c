import { describe, expect, it } from 'vitest';
import type { GroupFold, GroupMember } from '../../../lib/group/types';
import type { ConversationId, EventId, PeerId } from '../../../lib/ids';
import { isGroupAdmin, liveCode, requestRows } from './groupCode';

const CONV = 'g:abcdefghijklmnopqrstuvwxyz' as ConversationId;
const OWNER = 'o'.repeat(32) as PeerId;
const ADMIN = 'a'.repeat(32) as PeerId;
const ADMIN2 = 'b'.repeat(32) as PeerId;
const MEMBER = 'm'.repeat(32) as PeerId;
const DAN = 'd'.repeat(32) as PeerId;
const NOW = 1_000_000;

function member(role: GroupMember['role'], order: number): GroupMember {
  const since = `${CONV}:x:${order}` as EventId;
  return {
    role,
    order,
    since,
    sinceLamport: order,
    after: 0,
    pub: 'k',
    nickname: null,
    reach: null,
  };
}

function fold(over: Partial<GroupFold> = {}): GroupFold {
  return {
    conv: CONV,
    genesis: `${CONV}:${OWNER}:1` as EventId,
    owner: OWNER,
    name: 'Tea',
    avatar: null,
    announcement: null,
    approval: false,
    members: {
      [OWNER]: member('owner', 0),
      [ADMIN2]: member('admin', 2),
      [ADMIN]: member('admin', 1),
      [MEMBER]: member('member', 3),
    },
    requests: {},
    links: {},
    removedAt: {},
    dissolved: false,
    timelines: {},
    outcomes: [],
    forked: {},
    ...over,
  };
}

const link = (by: PeerId, expires: number, revoked = false) => ({
  by,
  event: `${CONV}:${by}:5` as EventId,
  expires,
  revoked,
});

describe('group code view', () => {
  it('[GRP-40] shows admins the live code, issuer first, then admins by seniority', () => {
    const f = fold({
      links: {
        old: link(OWNER, NOW - 1),
        gone: link(OWNER, NOW + 5000, true),
        live: link(ADMIN2, NOW + 1000),
      },
    });
    expect(liveCode(f, OWNER, NOW)).toEqual({
      conv: CONV,
      link: 'live',
      expires: NOW + 1000,
      hosts: [ADMIN2, OWNER, ADMIN],
      name: 'Tea',
    });
    // Members do not show codes, and a dissolved group has none.
    expect(liveCode(f, MEMBER, NOW)).toBeNull();
    expect(liveCode({ ...f, dissolved: true }, OWNER, NOW)).toBeNull();
    // Past its expiry the code is gone.
    expect(liveCode(f, OWNER, NOW + 1000)).toBeNull();
  });

  it('[GRP-15] a code whose issuer is no longer an admin is not shown; my own comes first', () => {
    const f = fold({
      links: {
        theirs: link(MEMBER, NOW + 9000),
        mine: link(ADMIN, NOW + 10),
        other: link(OWNER, NOW + 20),
      },
    });
    expect(liveCode(f, ADMIN, NOW)?.link).toBe('mine');
    expect(liveCode(f, OWNER, NOW)?.link).toBe('other');
  });

  it('[GRP-11] lists requests for admins only, telling a join by code from an invitation', () => {
    const f = fold({
      requests: {
        [DAN]: { pub: 'p', by: DAN, event: `${CONV}:${DAN}:1` as EventId, reason: 'hi' },
        [ADMIN2.replace('b', 'c') as PeerId]: {
          pub: 'q',
          by: MEMBER,
          event: `${CONV}:${MEMBER}:4` as EventId,
          reason: null,
        },
      },
    });
    const rows = requestRows(f, ADMIN);
    expect(rows.map((r) => [r.byCode, r.reason])).toEqual([
      [false, null],
      [true, 'hi'],
    ]);
    expect(requestRows(f, MEMBER)).toEqual([]);
    expect(isGroupAdmin(f, OWNER)).toBe(true);
    expect(isGroupAdmin(f, MEMBER)).toBe(false);
  });
});
