/**
 * The one deterministic fold of a group: from a set of verified events to its roster, roles,
 * meta, links and the fate of every control event. A pure function of the set — delivery order,
 * duplicates and the order of the input do not matter — so every device that holds the same
 * events shows the same group.
 * Spec: docs/protocol.md [GRP-4]…[GRP-13].
 */
import type { BodyRecord } from '../bodyShape';
import type { ChatEvent } from '../chatEvent';
import { eventIdOf } from '../convId';
import type { ConversationId, PeerId } from '../ids';
import { GROUP_BODY_GUARDS, isGroupEventType } from './bodies';
import { controlIssue, pickForkWinner, type ControlEvent, type VoidReason } from './control';
import { replay } from './order';
import { applyControl } from './rules';
import { FoldState } from './state';
import type { GroupFold, GroupOutcome } from './types';

const byLog = (a: ChatEvent, b: ChatEvent) =>
  a.author < b.author ? -1 : a.author > b.author ? 1 : a.seq - b.seq;
/**
 * By log position, then signature, then content (one signature never signs two contents, but
 * a careless caller's input must not make the fold depend on its order): copies of one slot come
 * in one order on every device.
 */
const bySlot = (a: ChatEvent, b: ChatEvent) =>
  byLog(a, b) ||
  (a.sig < b.sig ? -1 : a.sig > b.sig ? 1 : 0) ||
  compareText(
    JSON.stringify([a.type, a.lamport, a.ts, a.body]),
    JSON.stringify([b.type, b.lamport, b.ts, b.body]),
  );
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function outcome(e: ControlEvent, reason?: VoidReason): GroupOutcome {
  const event = eventIdOf(e.conv, e.author, e.seq);
  return reason
    ? { event, type: e.type, status: 'void', reason }
    : { event, type: e.type, status: 'applied' };
}

/**
 * [GRP-5] One event per (author, seq): of different ones, the lowest signature. Returns the
 * kept events (any type, sorted by author and seq), the losing control events, and the forks.
 */
function resolveForks(conv: ConversationId, events: readonly ChatEvent[]) {
  const mine = events.filter((e) => e.conv === conv).sort(bySlot);
  const kept: ChatEvent[] = [];
  const lost: ControlEvent[] = [];
  const forked = new Map<PeerId, number[]>();
  for (let i = 0; i < mine.length;) {
    let j = i + 1;
    while (j < mine.length && byLog(mine[i]!, mine[j]!) === 0) j++;
    if (j === i + 1) {
      kept.push(mine[i++]!);
      continue;
    }
    const copies = mine.slice(i, j);
    const winner = copies.reduce((a, b) => pickForkWinner(a, b));
    kept.push(winner);
    // Copies with one signature are one event, delivered twice.
    const rivals = copies.filter((e) => e.sig !== winner.sig);
    if (rivals.length > 0) {
      forked.set(winner.author, [...(forked.get(winner.author) ?? []), winner.seq]);
      const distinct = new Map(rivals.map((e) => [e.sig, e]));
      for (const e of distinct.values()) if (isGroupEventType(e.type)) lost.push(e as ControlEvent);
    }
    i = j;
  }
  return { kept, lost, forked };
}

/** The highest lamport among each author's control events up to each seq. */
function lamportCeilings(events: readonly ControlEvent[]) {
  const logs = new Map<string, { seqs: number[]; max: number[] }>();
  for (const e of events) {
    const log = logs.get(e.author) ?? { seqs: [], max: [] };
    log.max.push(Math.max(e.lamport, log.max.at(-1) ?? 0));
    log.seqs.push(e.seq);
    logs.set(e.author, log);
  }
  return (author: string, seq: number): number => {
    const log = logs.get(author);
    let [lo, hi, found] = [0, (log?.seqs.length ?? 0) - 1, 0];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (log!.seqs[mid]! <= seq) [found, lo] = [log!.max[mid]!, mid + 1];
      else hi = mid - 1;
    }
    return found;
  };
}

/**
 * [GRP-4] A control event's lamport must exceed that of every control event it had seen that
 * is held: an honest author's always does, and it keeps every causal edge going up in lamport,
 * so the causal order has no cycle.
 */
function contextIssues(events: readonly ControlEvent[]): Set<ControlEvent> {
  const ceiling = lamportCeilings(events);
  const bad = new Set<ControlEvent>();
  let previous: ControlEvent | undefined;
  for (const e of events) {
    // The author's previous control event passed with a lower lamport: the entries it shares
    // with this one are below this lamport too.
    const passed = previous?.author === e.author && !bad.has(previous) ? previous.body.ctx : {};
    let seen = ceiling(e.author, e.seq - 1);
    for (const author in e.body.ctx) {
      const seq = e.body.ctx[author]!;
      if (passed[author] !== seq) seen = Math.max(seen, ceiling(author, seq));
    }
    if (seen >= e.lamport) bad.add(e);
    previous = e;
  }
  return bad;
}

/**
 * Bodies that passed the shape check of their type. Events are immutable once signed and a group
 * is folded again on every change, so a body is checked once per object, not once per fold.
 */
const checkedBodies = new WeakMap<object, string>();

/**
 * [GRP-12] Fold a group's events (verified; other conversations' and non-control events are
 * ignored, except that every type takes part in fork resolution). Never throws on bad input:
 * a malformed or rule-breaking control event is void, with its reason in `outcomes`.
 */
export function foldGroup(conv: ConversationId, events: readonly ChatEvent[]): GroupFold {
  const { kept, lost, forked } = resolveForks(conv, events);
  const voided: GroupOutcome[] = lost.map((e) => outcome(e, 'fork'));
  const wellFormed: ControlEvent[] = [];
  for (const e of kept) {
    if (!isGroupEventType(e.type)) continue;
    const control = e as ControlEvent;
    const body = control.body as unknown as BodyRecord;
    const shaped =
      checkedBodies.get(body) === e.type ||
      (typeof body === 'object' && body !== null && GROUP_BODY_GUARDS[e.type](body));
    if (shaped) checkedBodies.set(body, e.type);
    const issue = shaped ? controlIssue(control) : 'shape';
    if (issue) voided.push(outcome(control, issue));
    else wellFormed.push(control);
  }
  const bad = contextIssues(wellFormed);
  for (const e of bad) voided.push(outcome(e, 'context'));
  const replayed = wellFormed.filter((e) => !bad.has(e));

  const state = new FoldState(conv);
  const applied: GroupOutcome[] = [];
  replay(
    replayed,
    (e) => state.rankAt(e.author, e.seq),
    (e) => applied.push(outcome(e, applyControl(state, e) ?? undefined)),
  );
  voided.sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
  return snapshot(state, [...voided, ...applied], forked);
}

/**
 * A record of `map`. Its key order is the order of insertion, which the replay fixes, so it is
 * the same on every device too.
 */
function sorted<V>(map: ReadonlyMap<string, V>): Record<string, V> {
  return Object.fromEntries(map);
}

function snapshot(
  s: FoldState,
  outcomes: GroupOutcome[],
  forked: ReadonlyMap<PeerId, number[]>,
): GroupFold {
  const links = new Map([...s.links].map(([id, { seq: _seq, ...link }]) => [id, link]));
  return {
    conv: s.conv,
    genesis: s.genesis,
    owner: s.owner,
    name: s.name.value,
    avatar: s.avatar.value,
    announcement: s.announcement.value,
    approval: s.approval.value,
    members: sorted(s.members),
    requests: sorted(s.requests),
    links: sorted(links),
    removedAt: sorted(s.removedAt),
    dissolved: s.dissolved,
    timelines: sorted(s.timelines),
    outcomes,
    forked: sorted(new Map([...forked].map(([id, seqs]) => [id, [...seqs].sort((a, b) => a - b)]))),
  };
}
