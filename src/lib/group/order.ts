/**
 * The replay order of a group's control events: causal (by their contexts), with retractions
 * first, and ties broken by (rank desc, lamport, author, seq). Ranks change as the replay goes,
 * so the order is produced step by step, asking the fold for each author's rank at that moment.
 * Spec: docs/protocol.md [GRP-6].
 */
import { isControlOf, saw, type ControlEvent } from './control';

interface Node {
  event: ControlEvent;
  /** Events that must be replayed first: causal ones, then retractions. */
  causal: Set<number>;
  retract: Set<number>;
  /** Events that wait for this one. */
  waiting: number[];
  unmet: number;
  unmetCausal: number;
  done: boolean;
}

/** Sorted indices of one author's events, by seq. */
type AuthorLog = { seqs: number[]; index: number[] };

/** The latest event of `log` with seq ≤ `seq`, or -1. */
function latestUpTo(log: AuthorLog | undefined, seq: number): number {
  if (!log) return -1;
  let lo = 0;
  let hi = log.seqs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (log.seqs[mid]! <= seq) {
      found = log.index[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function logsOf(events: readonly ControlEvent[]): Map<string, AuthorLog> {
  const logs = new Map<string, AuthorLog>();
  events.forEach((e, i) => {
    const log = logs.get(e.author) ?? { seqs: [], index: [] };
    log.seqs.push(e.seq);
    log.index.push(i);
    logs.set(e.author, log);
  });
  return logs;
}

/**
 * [GRP-6] The dependencies. Causal: the author's previous control event, and for each entry of
 * the context the latest control event of that author it covers. Retractions: a removal or a
 * demotion precedes the member's control events with a seq beyond what it had seen; a link
 * revocation precedes the joins by that link it had not seen; a dissolution precedes every
 * control event it had not seen. `events` are unique per (author, seq), sorted by both.
 */
function buildGraph(events: readonly ControlEvent[]): Node[] {
  const logs = logsOf(events);
  const nodes: Node[] = events.map((event) => ({
    event,
    causal: new Set(),
    retract: new Set(),
    waiting: [],
    unmet: 0,
    unmetCausal: 0,
    done: false,
  }));
  nodes.forEach((node, i) => {
    const { event } = node;
    const own = latestUpTo(logs.get(event.author), event.seq - 1);
    if (own >= 0) node.causal.add(own);
    // An entry the author's previous control event had too gives a dependency that one has.
    const before = own >= 0 ? nodes[own]!.event.body.ctx : {};
    for (const author in event.body.ctx) {
      const seq = event.body.ctx[author]!;
      if (author === event.author || before[author] === seq) continue;
      const dep = latestUpTo(logs.get(author), seq);
      if (dep >= 0) node.causal.add(dep);
    }
    const retract = (j: number) => j !== i && nodes[j]!.retract.add(i);
    if (isControlOf(event, 'group.remove') || isDemotion(event)) {
      const member = (event.body as { member: string }).member;
      const seen = event.body.ctx[member] ?? 0;
      const log = logs.get(member);
      log?.seqs.forEach((seq, k) => seq > seen && retract(log.index[k]!));
    } else if (isControlOf(event, 'group.link') && event.body.op === 'revoke') {
      const id = event.body.id;
      nodes.forEach(({ event: other }, j) => {
        if (isControlOf(other, 'group.join') && other.body.link.id === id && !saw(event, other))
          retract(j);
      });
    } else if (isControlOf(event, 'group.dissolve')) {
      nodes.forEach(({ event: other }, j) => !saw(event, other) && retract(j));
    }
  });
  nodes.forEach((node, i) => {
    for (const dep of node.causal) node.retract.delete(dep);
    for (const dep of [...node.causal, ...node.retract]) nodes[dep]!.waiting.push(i);
    node.unmet = node.causal.size + node.retract.size;
    node.unmetCausal = node.causal.size;
  });
  return nodes;
}

function isDemotion(event: ControlEvent): boolean {
  return isControlOf(event, 'group.role') && event.body.role === 'member';
}

/** (rank desc, lamport, author, seq): negative when `a` goes first. */
function compare(a: ControlEvent, rankA: number, b: ControlEvent, rankB: number): number {
  if (rankA !== rankB) return rankB - rankA;
  if (a.lamport !== b.lamport) return a.lamport - b.lamport;
  if (a.author !== b.author) return a.author < b.author ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * [GRP-6] Replay `events` (unique per (author, seq), sorted by both) in order, calling `apply`
 * on each; `rankOf` gives an event's author's rank at that event, as the replay stands. When
 * retractions close a cycle (concurrent removals across a partition can), the event whose
 * waiting retractions come from the lowest rank goes first: the weaker retraction gives way.
 */
export function replay(
  events: readonly ControlEvent[],
  rankOf: (event: ControlEvent) => number,
  apply: (event: ControlEvent) => void,
): void {
  const nodes = buildGraph(events);
  const ready = new Set<number>();
  nodes.forEach((node, i) => node.unmet === 0 && ready.add(i));
  for (let left = nodes.length; left > 0; left--) {
    const pick = ready.size > 0 ? best([...ready], nodes, rankOf) : breakCycle(nodes, rankOf);
    const node = nodes[pick]!;
    node.done = true;
    ready.delete(pick);
    apply(node.event);
    for (const j of node.waiting) {
      const next = nodes[j]!;
      if (next.done) continue;
      next.unmet--;
      if (next.causal.has(pick)) next.unmetCausal--;
      if (next.unmet === 0) ready.add(j);
    }
  }
}

function best(
  candidates: number[],
  nodes: Node[],
  rankOf: (event: ControlEvent) => number,
): number {
  let pick = candidates[0]!;
  let pickRank = rankOf(nodes[pick]!.event);
  for (const i of candidates.slice(1)) {
    const rank = rankOf(nodes[i]!.event);
    if (compare(nodes[i]!.event, rank, nodes[pick]!.event, pickRank) < 0) {
      pick = i;
      pickRank = rank;
    }
  }
  return pick;
}

/**
 * Nothing is ready, so retractions form a cycle. Causal edges alone never do (each goes to a
 * higher lamport, [GRP-4]), so some event has all its causal dependencies replayed. Of those,
 * take the ones whose strongest unmet retraction is weakest, then the usual order.
 */
function breakCycle(nodes: Node[], rankOf: (event: ControlEvent) => number): number {
  let weakest = Infinity;
  let candidates: number[] = [];
  nodes.forEach((node, i) => {
    if (node.done || node.unmetCausal > 0) return;
    let strongest = -1;
    for (const dep of node.retract) {
      if (!nodes[dep]!.done) strongest = Math.max(strongest, rankOf(nodes[dep]!.event));
    }
    if (strongest < weakest) [weakest, candidates] = [strongest, [i]];
    else if (strongest === weakest) candidates.push(i);
  });
  return best(candidates, nodes, rankOf);
}
