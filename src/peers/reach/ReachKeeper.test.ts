import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlumeDatabase } from '../../db/db';
import { addInvite } from '../../db/invitesRepo';
import { changePerson } from '../../db/peopleRepo';
import { base64urlDecode } from '../../lib/base64url';
import { INVITE_TTL_MS, newInviteRecord } from '../../lib/invite';
import { createReachToken, inviteReachToken, reachHash } from '../../lib/reach';
import { newPerson } from '../friends/records';
import { randomPeerId } from '../memory/MemoryHub';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import type { ReachState } from '../transport';
import { ReachKeeper } from './ReachKeeper';

let db: PlumeDatabase;
beforeEach(() => {
  db = new PlumeDatabase(`test-reach-${crypto.randomUUID()}`);
});
afterEach(() => db.close());

function keeper() {
  const env = new FakeEnvironment();
  env.now = 1_800_000_000_000;
  const states: ReachState[] = [];
  const reach = new ReachKeeper({
    db,
    transport: { setReach: (state) => void states.push(state) },
    clock: env,
    now: () => env.now,
  });
  return { env, states, reach, last: () => states.at(-1)! };
}

describe('ReachKeeper [SIG-REACH-2]', () => {
  it('[SIG-REACH-2][SIG-REACH-3] hands the transport the friends’ hashes and the tokens to present', async () => {
    const { reach, last } = keeper();
    const friend = {
      ...newPerson(randomPeerId(), new Uint8Array(32), 'Bob', 'friend', 1),
      reachGiven: createReachToken(),
      reachHeld: createReachToken(),
    };
    await changePerson(db, friend.id, () => ({ person: friend }), 1);
    await reach.refresh();
    expect(last().hashes).toEqual([await reachHash(friend.reachGiven)]);
    expect([...last().present]).toEqual([[friend.id, friend.reachHeld]]);
  });

  it('[SIG-REACH-5] an invite’s hash is registered while it lives and dropped when it expires', async () => {
    const { env, reach, last } = keeper();
    const record = newInviteRecord(env.now);
    await addInvite(db, record);
    await reach.refresh();
    const token = await inviteReachToken(base64urlDecode(record.secret)!);
    expect(last().hashes).toEqual([await reachHash(token)]);
    await env.advance(INVITE_TTL_MS - 1);
    expect(last().hashes).toEqual([await reachHash(token)]);
    await env.advance(1);
    await reach.refresh(); // the pass the timer started, settled
    expect(last().hashes).toEqual([]);
    expect(env.nextDelay()).toBeNull();
  });

  it('[SIG-REACH-2] requests made during a pass are served by one more pass that sees them', async () => {
    const { reach, states, last } = keeper();
    const first = reach.refresh();
    const friend = {
      ...newPerson(randomPeerId(), new Uint8Array(32), 'Bob', 'friend', 1),
      reachGiven: createReachToken(),
    };
    await changePerson(db, friend.id, () => ({ person: friend }), 1);
    const before = states.length;
    const again = [reach.refresh(), reach.refresh(), reach.refresh()];
    await Promise.all([first, ...again]);
    expect(last().hashes).toEqual([await reachHash(friend.reachGiven)]);
    // Three requests at once: the pass under way (if any) and one more.
    expect(states.length - before).toBeLessThanOrEqual(2);
  });

  it('[SIG-REACH-2] after stop nothing more reaches the transport', async () => {
    const { env, reach, states } = keeper();
    await addInvite(db, newInviteRecord(env.now));
    await reach.refresh();
    reach.stop();
    expect(env.nextDelay()).toBeNull();
    await reach.refresh();
    expect(states).toHaveLength(1);
  });
});
