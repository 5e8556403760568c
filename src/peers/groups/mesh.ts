/**
 * Which group members to keep sessions with: a pure plan, so the rules of the bounded mesh are
 * tested without sessions or timers. Each group I am in gets about {@link MESH_PER_GROUP} live
 * links — friends first (their sessions are up anyway), then members already connected, then
 * admins, then a rotating few — and all groups together dial at most {@link MESH_MAX_DIALS}
 * members who are not friends. Groups take turns, one pick each, so a busy group cannot use the
 * whole budget; a member picked for one group counts for every group they are in. [GRP-34]
 * Spec: docs/protocol.md, Sessions between members.
 */
import type { ConversationId, PeerId } from '../../lib/ids';

/** Live links each group aims for. */
export const MESH_PER_GROUP = 6;
/** Members who are not friends dialled at once, over all groups. */
export const MESH_MAX_DIALS = 12;
/** How long one rotation of the ordinary members lasts before others get their turn. */
export const MESH_ROTATE_MS = 5 * 60_000;

/** One group as the plan needs it. */
export interface MeshGroup {
  conv: ConversationId;
  /** Members other than me. */
  members: readonly PeerId[];
  /** The owner and the admins among them. */
  admins: readonly PeerId[];
}

/** Everything the plan reads. */
export interface MeshInput {
  groups: readonly MeshGroup[];
  /** Peers the friends engine keeps sessions with anyway: they cost no dial. */
  friends: ReadonlySet<PeerId>;
  /** Peers with a live session now. */
  live: ReadonlySet<PeerId>;
  /** Peers whose last dial failed in this rotation: tried only when nobody else is left. */
  unreachable: ReadonlySet<PeerId>;
  /** This rotation's seed: it orders the ordinary members. */
  seed: number;
  perGroup?: number;
  maxDials?: number;
}

/** What the plan decided. */
export interface MeshPlan {
  /** Members who are not friends to keep sessions with, in the order they were picked. */
  dial: PeerId[];
  /** Each group's links: the picked peers who are its members. */
  links: Map<ConversationId, PeerId[]>;
}

/** A 32-bit FNV-1a hash of the seed and a peer id: the rotation order of ordinary members. */
export function rotationRank(seed: number, peer: PeerId): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < peer.length; i++) {
    hash ^= peer.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The tier of a candidate: lower goes first. Offline friends are left to the friends engine. */
function tier(peer: PeerId, input: MeshInput, admins: ReadonlySet<PeerId>): number | null {
  const live = input.live.has(peer);
  if (input.friends.has(peer)) return live ? 0 : null;
  if (live) return admins.has(peer) ? 1 : 2;
  const late = input.unreachable.has(peer) ? 2 : 0;
  return (admins.has(peer) ? 3 : 4) + late;
}

/** `group`'s candidates, best first. */
function candidates(group: MeshGroup, input: MeshInput): PeerId[] {
  const admins = new Set(group.admins);
  const ranked: { peer: PeerId; tier: number; rank: number }[] = [];
  for (const peer of new Set(group.members)) {
    const t = tier(peer, input, admins);
    if (t !== null) ranked.push({ peer, tier: t, rank: rotationRank(input.seed, peer) });
  }
  ranked.sort((a, b) => a.tier - b.tier || a.rank - b.rank || (a.peer < b.peer ? -1 : 1));
  return ranked.map((entry) => entry.peer);
}

/** The plan for `input`. Deterministic: the same input gives the same plan. */
export function planMesh(input: MeshInput): MeshPlan {
  const perGroup = input.perGroup ?? MESH_PER_GROUP;
  const maxDials = input.maxDials ?? MESH_MAX_DIALS;
  const groups = [...input.groups].sort((a, b) => (a.conv < b.conv ? -1 : 1));
  const memberOf = groups.map((group) => new Set(group.members));
  const queues = groups.map((group) => candidates(group, input));
  const covered = groups.map(() => 0);
  const picked = new Set<PeerId>();
  const dial: PeerId[] = [];
  const pick = (peer: PeerId) => {
    picked.add(peer);
    if (!input.friends.has(peer)) dial.push(peer);
    memberOf.forEach((members, i) => {
      if (members.has(peer)) covered[i]!++;
    });
  };
  for (let progress = true; progress;) {
    progress = false;
    groups.forEach((_, i) => {
      const queue = queues[i]!;
      while (covered[i]! < perGroup && queue.length > 0) {
        const peer = queue.shift()!;
        if (picked.has(peer)) continue;
        // Out of dials: only peers that cost none (live friends) may still be picked.
        if (!input.friends.has(peer) && dial.length >= maxDials) continue;
        pick(peer);
        progress = true;
        break;
      }
    });
  }
  const links = new Map<ConversationId, PeerId[]>();
  groups.forEach((group, i) => {
    links.set(
      group.conv,
      [...picked].filter((peer) => memberOf[i]!.has(peer)),
    );
  });
  return { dial, links };
}
