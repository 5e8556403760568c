import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlumeDatabase } from '../../db/db';
import { changePerson } from '../../db/peopleRepo';
import type { GroupFold, GroupMember } from '../../lib/group/types';
import type { ConversationId, EventId, PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { createReachToken, reachHash } from '../../lib/reach';
import { newPerson } from '../friends/records';
import { randomPeerId } from '../memory/MemoryHub';
import { ReachKeeper, type GroupReach } from '../reach/ReachKeeper';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import type { ReachState } from '../transport';
import { groupReach, rotationDue } from './reach';

const me = randomPeerId();
const bob = randomPeerId();
const cy = randomPeerId();

function member(reach: string | null): GroupMember {
  return {
    role: 'member',
    order: 0,
    since: 'e' as EventId,
    sinceLamport: 1,
    after: 0,
    pub: '',
    nickname: null,
    reach,
  };
}

function fold(conv: string, members: Record<PeerId, string | null>, dissolved = false): GroupFold {
  return {
    conv: `g:${conv.padEnd(26, 'a')}` as ConversationId,
    genesis: null,
    owner: null,
    name: null,
    avatar: null,
    announcement: null,
    approval: false,
    members: Object.fromEntries(Object.entries(members).map(([id, r]) => [id, member(r)])),
    requests: {},
    links: {},
    removedAt: {},
    dissolved,
    timelines: {},
    outcomes: [],
    forked: {},
  };
}

describe('reach tokens in groups [GRP-35]', () => {
  it('[GRP-35] my tokens open me; each member is shown one token, the same whatever the order', () => {
    const [mine1, mine2, bobX, bobY, cyY] = Array.from({ length: 5 }, createReachToken);
    const x = fold('x', { [me]: mine1!, [bob]: bobX! });
    const y = fold('y', { [me]: mine2!, [bob]: bobY!, [cy]: cyY! });
    for (const folds of [
      [x, y],
      [y, x],
    ]) {
      const state = groupReach(folds, me);
      expect(state.mine.sort()).toEqual([mine1!, mine2!].sort());
      expect(state.present.get(bob)).toBe(bobX);
      expect(state.present.get(cy)).toBe(cyY);
      expect(state.present.has(me)).toBe(false);
    }
  });

  it('[GRP-35] groups I left or that were dissolved give nothing; malformed tokens are skipped', () => {
    const left = fold('l', { [bob]: createReachToken() });
    const gone = fold('d', { [me]: createReachToken(), [cy]: createReachToken() }, true);
    const odd = fold('o', { [me]: 'not a token', [bob]: null });
    const state = groupReach([left, gone, odd], me);
    expect(state.mine).toEqual([]);
    expect([...state.present]).toEqual([]);
  });
});

describe('rotation after a removal [GRP-35]', () => {
  it('[GRP-35] a removal makes my token due for rotation; a leave, the first fold or a group I left do not', () => {
    const token = createReachToken();
    const before = fold('x', { [me]: token, [bob]: null, [cy]: null });
    const removed = { ...fold('x', { [me]: token, [cy]: null }), removedAt: { [bob]: 3 } };
    const left = fold('x', { [me]: token, [cy]: null });
    const meRemoved = { ...fold('x', { [bob]: null, [cy]: null }), removedAt: { [me]: 2 } };
    expect(rotationDue(before, removed, me)).toBe(true);
    expect(rotationDue(before, left, me)).toBe(false);
    expect(rotationDue(null, removed, me)).toBe(false);
    expect(rotationDue(before, meRemoved, me)).toBe(false);
    expect(rotationDue(removed, removed, me)).toBe(false);
  });
});

describe('ReachKeeper with groups [GRP-35]', () => {
  let db: PlumeDatabase;
  beforeEach(() => {
    db = new PlumeDatabase(`test-group-reach-${crypto.randomUUID()}`);
  });
  afterEach(() => db.close());

  function keeper(groups: () => Promise<GroupReach>) {
    const env = new FakeEnvironment();
    const states: ReachState[] = [];
    const reach = new ReachKeeper({
      db,
      transport: { setReach: (state) => void states.push(state) },
      clock: env,
      now: () => env.now,
      groups,
    });
    return { reach, last: () => states.at(-1)! };
  }

  it('[GRP-35] registers my group tokens after the friends’ and presents members’ tokens; a person decides', async () => {
    const friend = {
      ...newPerson(bob, new Uint8Array(32), 'Bob', 'friend', 1),
      reachGiven: createReachToken(),
      reachHeld: createReachToken(),
    };
    const blocked = { ...newPerson(cy, new Uint8Array(32), 'Cy', 'friend', 1), blocked: true };
    await changePerson(db, bob, () => ({ person: friend }), 1);
    await changePerson(db, cy, () => ({ person: blocked }), 1);
    const mine = createReachToken();
    const dee = randomPeerId();
    const present = new Map([
      [bob, createReachToken()],
      [cy, createReachToken()],
      [dee, createReachToken()],
    ]);
    const { reach, last } = keeper(() => Promise.resolve({ mine: [mine], present }));
    await reach.refresh();
    expect(last().hashes).toEqual([await reachHash(friend.reachGiven), await reachHash(mine)]);
    expect(last().present.get(bob)).toBe(friend.reachHeld);
    expect(last().present.has(cy)).toBe(false);
    expect(last().present.get(dee)).toBe(present.get(dee));
  });

  it('[GRP-35] groups that cannot be read cost the friends nothing', async () => {
    const restore = setLogSink(() => undefined);
    const friend = {
      ...newPerson(bob, new Uint8Array(32), 'Bob', 'friend', 1),
      reachGiven: createReachToken(),
    };
    await changePerson(db, bob, () => ({ person: friend }), 1);
    const { reach, last } = keeper(() => Promise.reject(new Error('storage closed')));
    await reach.refresh();
    restore();
    expect(last().hashes).toEqual([await reachHash(friend.reachGiven)]);
  });
});
