/**
 * The rule of each control type, checked again at its place in the replay: who may do it, to
 * whom, and what it changes. An event that breaks a rule changes nothing and says why.
 * Spec: docs/protocol.md [GRP-8]…[GRP-11].
 */
import { eventIdOf } from '../convId';
import type { PeerId } from '../ids';
import { concurrent, isControlOf, type ControlEvent, type VoidReason } from './control';
import { RANK, rankOf, writeRegister, type FoldState } from './state';

/** [GRP-11] Most members of one group, the owner included. */
export const MAX_GROUP_MEMBERS = 50;

/** null when applied, else why not. */
type Result = VoidReason | null;

const idOf = (e: ControlEvent) => eventIdOf(e.conv, e.author, e.seq);

/** [GRP-9] A removal of `id` concurrent with `event`, by a rank of at least `rank`. */
function removedConcurrently(s: FoldState, id: PeerId, event: ControlEvent, rank: number): boolean {
  return (s.removals.get(id) ?? []).some((r) => r.rank >= rank && concurrent(r.event, event));
}

/** [GRP-9] An add of `id` concurrent with `event`, by a rank above `rank`. */
function addedConcurrently(s: FoldState, id: PeerId, event: ControlEvent, rank: number): boolean {
  return (s.adds.get(id) ?? []).some((a) => a.rank > rank && concurrent(a.event, event));
}

function create(s: FoldState, e: ControlEvent<'group.create'>): Result {
  if (s.genesis) return 'genesis';
  const { body } = e;
  s.genesis = idOf(e);
  s.owner = e.author;
  s.admit(e.author, body.pub, 'owner', 0, e, body.reach);
  writeRegister(s.name, body.name, e);
  writeRegister(s.avatar, body.avatar ?? null, e);
  writeRegister(s.announcement, body.announcement ?? null, e);
  writeRegister(s.approval, body.approval ?? false, e);
  return null;
}

function add(s: FoldState, e: ControlEvent<'group.add'>, rank: number): Result {
  if (rank < RANK.member) return 'not-member';
  const { member, pub, reach, reason } = e.body;
  const needsApproval = s.approval.value && rank < RANK.admin;
  if (s.members.has(member)) {
    // Still an add of this person for the concurrency rule: an owner's add of someone an
    // admin removes at the same time keeps them in, whichever replays first. [GRP-9]
    if (!needsApproval) s.recordAdd(member, e, rank);
    return 'already-member';
  }
  if (needsApproval) {
    s.requests.set(member, { pub, by: e.author, event: idOf(e), reason: reason ?? null });
    return 'pending';
  }
  if (s.members.size >= MAX_GROUP_MEMBERS) return 'full';
  if (removedConcurrently(s, member, e, rank)) return 'removed-concurrently';
  s.admit(member, pub, 'member', e.body.ctx[member] ?? 0, e, reach);
  s.recordAdd(member, e, rank);
  return null;
}

function join(s: FoldState, e: ControlEvent<'group.join'>): Result {
  const { link: ref, pub, reach, reason } = e.body;
  const link = s.links.get(ref.id);
  if (!link || link.by !== ref.by || link.seq !== ref.seq) return 'link-unknown';
  if (link.revoked) return 'link-revoked';
  // By the joiner's own clock, the only one every device agrees on (see the open questions).
  if (e.ts > link.expires) return 'link-expired';
  if (s.rankNow(link.by) < RANK.admin) return 'link-issuer';
  if (s.members.has(e.author)) return 'already-member';
  if (s.approval.value) {
    s.requests.set(e.author, { pub, by: e.author, event: idOf(e), reason: reason ?? null });
    return 'pending';
  }
  if (s.members.size >= MAX_GROUP_MEMBERS) return 'full';
  if (removedConcurrently(s, e.author, e, RANK.none)) return 'removed-concurrently';
  s.admit(e.author, pub, 'member', e.seq - 1, e, reach);
  s.recordAdd(e.author, e, RANK.none);
  return null;
}

function leave(s: FoldState, e: ControlEvent<'group.leave'>, rank: number): Result {
  if (rank < RANK.member || !s.members.has(e.author)) return 'not-member';
  const wasOwner = s.owner === e.author;
  s.exit(e.author, e.seq, e);
  if (!wasOwner) return null;
  s.owner = null;
  const next = s.successor();
  if (next) s.setRole(next, 'owner', e.body.ctx[next] ?? 0, e);
  return null;
}

function remove(s: FoldState, e: ControlEvent<'group.remove'>, rank: number): Result {
  if (rank < RANK.admin) return rank < RANK.member ? 'not-member' : 'rank';
  const { member, seen } = e.body;
  const last = s.lastRole(member);
  if (last === undefined && !s.requests.has(member)) return 'not-in-group';
  if (rank <= rankOf(last)) return 'rank';
  if (addedConcurrently(s, member, e, rank)) return 're-added-concurrently';
  // Someone already out (they left, or a concurrent removal got there first) stays out, and
  // still loses their events beyond what this removal had seen. [GRP-9] Someone waiting for
  // approval is declined. [GRP-11]
  s.requests.delete(member);
  s.exit(member, seen, e);
  s.removedAt.set(member, seen);
  s.recordRemoval(member, e, rank);
  return null;
}

/** The author is the owner now, by its rank at this event and by the roster. */
function ownerCheck(s: FoldState, e: ControlEvent, rank: number): Result {
  if (rank < RANK.member) return 'not-member';
  return rank === RANK.owner && s.owner === e.author ? null : 'rank';
}

function role(s: FoldState, e: ControlEvent<'group.role'>, rank: number): Result {
  const { member, role: next } = e.body;
  const current = s.members.get(member);
  const why = ownerCheck(s, e, rank) ?? (current ? null : 'not-in-group');
  if (why) return why;
  if (current!.role === 'owner') return 'rank';
  if (current!.role === next) return 'no-change';
  s.setRole(member, next, e.body.ctx[member] ?? 0, e);
  return null;
}

function transfer(s: FoldState, e: ControlEvent<'group.transfer'>, rank: number): Result {
  const { member } = e.body;
  const why = ownerCheck(s, e, rank) ?? (s.members.has(member) ? null : 'not-in-group');
  if (why) return why;
  s.setRole(e.author, 'member', e.seq, e);
  s.setRole(member, 'owner', e.body.ctx[member] ?? 0, e);
  return null;
}

function meta(s: FoldState, e: ControlEvent<'group.meta'>, rank: number): Result {
  if (rank < RANK.admin) return rank < RANK.member ? 'not-member' : 'rank';
  const { name, avatar, announcement, approval } = e.body;
  if (name !== undefined) writeRegister(s.name, name, e);
  if (avatar !== undefined) writeRegister(s.avatar, avatar, e);
  if (announcement !== undefined) writeRegister(s.announcement, announcement, e);
  if (approval !== undefined) writeRegister(s.approval, approval, e);
  return null;
}

function link(s: FoldState, e: ControlEvent<'group.link'>, rank: number): Result {
  if (rank < RANK.admin) return rank < RANK.member ? 'not-member' : 'rank';
  const { body } = e;
  const current = s.links.get(body.id);
  if (body.op === 'create') {
    if (current) return 'link-exists';
    s.links.set(body.id, {
      by: e.author,
      seq: e.seq,
      event: idOf(e),
      expires: body.expires,
      revoked: false,
    });
    return null;
  }
  if (!current) return 'link-unknown';
  if (current.revoked) return 'no-change';
  current.revoked = true;
  return null;
}

function own(s: FoldState, e: ControlEvent<'group.nick' | 'group.reach'>, rank: number): Result {
  const member = s.members.get(e.author);
  if (rank < RANK.member || !member) return 'not-member';
  if (isControlOf(e, 'group.nick')) member.nickname = e.body.nickname;
  else member.reach = (e as ControlEvent<'group.reach'>).body.token;
  return null;
}

function dissolve(s: FoldState, e: ControlEvent<'group.dissolve'>, rank: number): Result {
  const why = ownerCheck(s, e, rank);
  if (why) return why;
  s.dissolved = true;
  for (const id of s.members.keys()) {
    s.silence(id, id === e.author ? e.seq : (e.body.ctx[id] ?? 0), e);
  }
  return null;
}

/** [GRP-8] Apply one control event at its place in the replay. */
export function applyControl(s: FoldState, e: ControlEvent): Result {
  if (isControlOf(e, 'group.create')) return create(s, e);
  if (!s.genesis) return 'no-genesis';
  if (s.dissolved) return 'dissolved';
  if (isControlOf(e, 'group.join')) return join(s, e);
  const rank = s.rankAt(e.author, e.seq);
  if (isControlOf(e, 'group.add')) return add(s, e, rank);
  if (isControlOf(e, 'group.leave')) return leave(s, e, rank);
  if (isControlOf(e, 'group.remove')) return remove(s, e, rank);
  if (isControlOf(e, 'group.role')) return role(s, e, rank);
  if (isControlOf(e, 'group.transfer')) return transfer(s, e, rank);
  if (isControlOf(e, 'group.meta')) return meta(s, e, rank);
  if (isControlOf(e, 'group.link')) return link(s, e, rank);
  if (isControlOf(e, 'group.dissolve')) return dissolve(s, e, rank);
  return own(s, e as ControlEvent<'group.nick' | 'group.reach'>, rank);
}
