import { describe, expect, it } from 'vitest';
import { base64urlDecode } from '../../lib/base64url';
import { newInviteRecord, INVITE_TTL_MS, type InviteRecord } from '../../lib/invite';
import type { PersonRecord, PersonState } from '../../lib/people';
import { createReachToken, inviteReachToken, reachHash, type ReachToken } from '../../lib/reach';
import { newPerson } from '../friends/records';
import { randomPeerId } from '../memory/MemoryHub';
import { registration } from './hashes';
import { reachPlan } from './plan';
import { withoutGivenReach, withoutReach } from './records';

const NOW = 1_800_000_000_000;

function person(state: PersonState, patch: Partial<PersonRecord> = {}): PersonRecord {
  return {
    ...newPerson(randomPeerId(), new Uint8Array(32), 'x', state, 1),
    reachGiven: createReachToken(),
    reachHeld: createReachToken(),
    ...patch,
  };
}

function invite(createdAt: number, usedBy?: PersonRecord): InviteRecord {
  const record = newInviteRecord(createdAt);
  return usedBy ? { ...record, usedBy: usedBy.id, usedAt: createdAt + 1 } : record;
}

function inviteToken(record: InviteRecord): Promise<ReachToken> {
  return inviteReachToken(base64urlDecode(record.secret)!);
}

describe('what opens us and what we present [SIG-REACH-2][SIG-REACH-6]', () => {
  it('[SIG-REACH-6] only current, unblocked friends’ tokens open us; the blocked get nothing', () => {
    const friend = person('friend');
    const blocked = person('friend', { blocked: true });
    const others = (['outgoing', 'incoming', 'declined', 'removed', 'rejected'] as const).map(
      (state) => person(state),
    );
    const plan = reachPlan([friend, blocked, ...others], [], NOW);
    expect(plan.friendTokens).toEqual([friend.reachGiven]);
    // Pending people and tombstones keep the token we present (an invite's, or a friend's
    // while its FRIEND_REMOVED is delivered); a blocked person is never dialled.
    expect(plan.present.get(blocked.id)).toBeUndefined();
    expect(plan.present.get(friend.id)).toBe(friend.reachHeld);
    for (const other of others) expect(plan.present.get(other.id)).toBe(other.reachHeld);
  });

  it('[SIG-REACH-5] live invites only, newest first, and when the next one expires', () => {
    const used = invite(NOW - 1000, person('friend'));
    const expired = invite(NOW - INVITE_TTL_MS - 1);
    const older = invite(NOW - 5000);
    const newer = invite(NOW - 10);
    const plan = reachPlan([], [older, used, expired, newer], NOW);
    expect(plan.inviteSecrets).toEqual([newer.secret, older.secret]);
    expect(plan.nextExpiry).toBe(older.expiresAt);
    expect(reachPlan([], [used, expired], NOW).nextExpiry).toBeNull();
  });

  it('[SIG-REACH-2] friends are ordered by when they were last seen, the unseen last', () => {
    const never = person('friend', { lastSeen: null });
    const old = person('friend', { lastSeen: 10 });
    const recent = person('friend', { lastSeen: 20 });
    const plan = reachPlan([never, old, recent], [], NOW);
    expect(plan.friendTokens).toEqual([recent.reachGiven, old.reachGiven, never.reachGiven]);
  });

  it('[SIG-REACH-6] revoking drops the given token, and blocking both', () => {
    const friend = person('friend');
    expect(withoutGivenReach(friend)).not.toHaveProperty('reachGiven');
    expect(withoutGivenReach(friend).reachHeld).toBe(friend.reachHeld);
    expect(withoutReach(friend)).not.toHaveProperty('reachGiven');
    expect(withoutReach(friend)).not.toHaveProperty('reachHeld');
  });
});

describe('the registered hashes [SIG-REACH-2]', () => {
  it('[SIG-REACH-2][SIG-REACH-5] hashes the friends’ tokens and the live invites’ derived tokens', async () => {
    const friend = person('friend');
    const live = invite(NOW - 10);
    const { hashes, cut } = await registration(reachPlan([friend], [live], NOW));
    expect(hashes).toEqual([
      await reachHash(friend.reachGiven!),
      await reachHash(await inviteToken(live)),
    ]);
    expect(cut).toBe(0);
  });

  it('[SIG-REACH-2] past the cap, friends come first, then the newest invites', async () => {
    const friends = [person('friend', { lastSeen: 2 }), person('friend', { lastSeen: 1 })];
    const invites = [invite(NOW - 30), invite(NOW - 20), invite(NOW - 10)];
    const plan = reachPlan(friends, invites, NOW);
    const { hashes, cut } = await registration(plan, 3);
    expect(hashes).toEqual([
      await reachHash(friends[0]!.reachGiven!),
      await reachHash(friends[1]!.reachGiven!),
      await reachHash(await inviteToken(invites[2]!)),
    ]);
    expect(cut).toBe(2);
    const tight = await registration(plan, 1);
    expect(tight.hashes).toEqual([await reachHash(friends[0]!.reachGiven!)]);
    expect(tight.cut).toBe(4);
  });

  it('[SIG-REACH-2] the same token twice is registered once', async () => {
    const token = createReachToken();
    const { hashes } = await registration({ friendTokens: [token, token], inviteSecrets: [] });
    expect(hashes).toEqual([await reachHash(token)]);
  });
});
