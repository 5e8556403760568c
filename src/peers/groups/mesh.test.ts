import { describe, expect, it } from 'vitest';
import type { ConversationId, PeerId } from '../../lib/ids';
import { MESH_MAX_DIALS, MESH_PER_GROUP, planMesh, rotationRank, type MeshInput } from './mesh';

const peers = (prefix: string, n: number): PeerId[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}` as PeerId);
const conv = (name: string) => `g:${name.padEnd(26, 'a')}` as ConversationId;

function input(partial: Partial<MeshInput> & Pick<MeshInput, 'groups'>): MeshInput {
  return { friends: new Set(), live: new Set(), unreachable: new Set(), seed: 1, ...partial };
}

describe('the group mesh plan [GRP-34]', () => {
  it('[GRP-34] a small group is dialled whole; a large one gets about six links', () => {
    const small = peers('s', 4);
    const large = peers('l', 40);
    expect(
      planMesh(input({ groups: [{ conv: conv('s'), members: small, admins: [] }] })).dial.sort(),
    ).toEqual(small);
    const plan = planMesh(input({ groups: [{ conv: conv('l'), members: large, admins: [] }] }));
    expect(plan.dial).toHaveLength(MESH_PER_GROUP);
    expect(new Set(plan.dial).size).toBe(MESH_PER_GROUP);
    expect(plan.dial.every((p) => large.includes(p))).toBe(true);
  });

  it('[GRP-34] friends first (no dial), then admins, then the rotation', () => {
    const members = peers('m', 30);
    const friends = new Set(members.slice(0, 2));
    const admins = members.slice(10, 13);
    const plan = planMesh(
      input({
        groups: [{ conv: conv('a'), members, admins }],
        friends,
        live: new Set([members[0]!]),
      }),
    );
    // The live friend counts as a link; the offline one is the friends engine's to dial.
    expect(plan.links.get(conv('a'))![0]).toBe(members[0]);
    expect(plan.dial).not.toContain(members[0]);
    expect(plan.dial).not.toContain(members[1]);
    expect(plan.dial.slice(0, 3).sort()).toEqual([...admins].sort());
    expect(plan.dial).toHaveLength(MESH_PER_GROUP - 1);
  });

  it('[GRP-34] members already connected are kept before new dials, so a re-plan does not churn', () => {
    const members = peers('m', 30);
    const first = planMesh(input({ groups: [{ conv: conv('a'), members, admins: [] }] }));
    const again = planMesh(
      input({
        groups: [{ conv: conv('a'), members, admins: [] }],
        live: new Set(first.dial),
        seed: 99,
      }),
    );
    expect(again.dial.sort()).toEqual([...first.dial].sort());
  });

  it('[GRP-34] the rotation is deterministic per seed and moves to others with a new seed', () => {
    const members = peers('m', 40);
    const group = { conv: conv('a'), members, admins: [] };
    const one = planMesh(input({ groups: [group], seed: 7 })).dial;
    expect(planMesh(input({ groups: [group], seed: 7 })).dial).toEqual(one);
    const seen = new Set(one);
    for (let seed = 8; seed < 40; seed++) {
      for (const p of planMesh(input({ groups: [group], seed })).dial) seen.add(p);
    }
    // Over rotations nearly everyone gets a turn.
    expect(seen.size).toBeGreaterThan(35);
    expect(rotationRank(7, members[0]!)).toBe(rotationRank(7, members[0]!));
    expect(rotationRank(7, members[0]!)).not.toBe(rotationRank(8, members[0]!));
  });

  it('[GRP-34] unreachable members are tried last, but still tried when nobody else is left', () => {
    const members = peers('m', 10);
    const unreachable = new Set(members.slice(0, 8));
    const plan = planMesh(
      input({ groups: [{ conv: conv('a'), members, admins: [members[0]!] }], unreachable }),
    );
    expect(plan.dial.slice(0, 2).sort()).toEqual(members.slice(8).sort());
    expect(plan.dial).toHaveLength(MESH_PER_GROUP);
    // An unreachable admin comes before unreachable members.
    expect(plan.dial[2]).toBe(members[0]);
  });

  it('[GRP-34] many groups share a bounded number of dials, taking turns', () => {
    const groups = Array.from({ length: 8 }, (_, i) => ({
      conv: conv(`g${i}`),
      members: peers(`p${i}-`, 20),
      admins: [],
    }));
    const plan = planMesh(input({ groups }));
    expect(plan.dial).toHaveLength(MESH_MAX_DIALS);
    // Every group got at least one link before any got a third.
    const links = groups.map((group) => plan.links.get(group.conv)!.length);
    expect(Math.min(...links)).toBe(1);
    expect(Math.max(...links)).toBe(2);
  });

  it('[GRP-34] a member in several groups counts for each', () => {
    const shared = 'shared' as PeerId;
    const groups = ['x', 'y'].map((name) => ({
      conv: conv(name),
      members: [shared, ...peers(`${name}-`, 1)],
      admins: [shared],
    }));
    const plan = planMesh(input({ groups, perGroup: 2 }));
    expect(plan.dial.filter((p) => p === shared)).toHaveLength(1);
    expect(plan.links.get(conv('x'))).toContain(shared);
    expect(plan.links.get(conv('y'))).toContain(shared);
    expect(plan.dial).toHaveLength(3);
  });

  it('[GRP-34] past the dial budget live friends still count as links', () => {
    const members = peers('m', 20);
    const friends = new Set(members.slice(15));
    const plan = planMesh(
      input({
        groups: [{ conv: conv('a'), members, admins: [] }],
        friends,
        live: friends,
        maxDials: 0,
      }),
    );
    expect(plan.dial).toEqual([]);
    expect(plan.links.get(conv('a'))!.sort()).toEqual([...friends].sort());
  });
});
