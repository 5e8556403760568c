/**
 * Test support: group sync over sessions, simulated deterministically. Each device is a node
 * whose storage is a simulated device (gap-free per author, forks by lower signature, as
 * [SYNC-4] and [GRP-5] store); nodes talk over sessions that carry the real HAVE and EVENTS
 * frames with random delays, in order per direction, and handle them by the rules of
 * `SessionLink`'s group path ([GRP-19], [GRP-20], the admission of Sessions between members).
 * Sessions drop with partitions and crashes, and frames in flight are lost with them; a crashed
 * node keeps what it stored and starts again with fresh session state. No test-framework imports.
 */
import type { ChatEvent } from '../../../lib/chatEvent';
import { isControlEvent } from '../../../lib/group/control';
import type { Rng } from '../../../lib/group/testing/prng';
import type { Device, World } from '../../../lib/group/testing/world';
import type { GroupFold } from '../../../lib/group/types';
import { groupKeys } from '../../../lib/group/verify';
import type { PeerId } from '../../../lib/ids';
import {
  MAX_EVENTS_PER_BATCH,
  RELAY_WAIT_MIN_MS,
  RELAY_WAIT_SPREAD_MS,
  SYNC_WINDOW,
} from '../../sync/constants';
import { eventsFrame, haveFrame, type EventsFrame, type HaveFrame } from '../../sync/frames';
import { addPending, admissionFrames, isInvitation } from '../admission';

type Frame = HaveFrame | EventsFrame;
type VersionVector = Record<string, number>;

/**
 * How a node stands toward a peer, as the roster directory answers sync ([GRP-19], [GRP-72]):
 * both members; the group not held; I am not in it; the peer is not; the group is dissolved.
 */
type Access = 'shared' | 'unknown' | 'outside' | 'apart' | 'refused';

/** One side's sync state for the group on one session ([SYNC-3]). */
interface LinkState {
  /** [SYNC-1] This state's epoch: forgetting the state starts a new one. */
  epoch: string;
  /** The group was shared with the peer when this state began. */
  shared: boolean;
  haveSent: boolean;
  theirEpoch: string | undefined;
  theirs: VersionVector | null;
  cursor: VersionVector;
  sentFrames: number;
  ackedFrames: number;
  receivedFrames: number;
  /** The admission frames went to this peer. */
  admitted: boolean;
  /** Control events of an invitation not complete yet, kept in memory. */
  pending: ChatEvent[];
  /** An invitation was taken on this session: its frames are taken until the group is shared. */
  invited: boolean;
}

/** What the network counts. */
export interface NetStats {
  frames: number;
  /** Events carried by EVENTS frames, each counted at each receiver. */
  eventCopies: number;
  /** Frames refused whole. */
  refused: number;
}

let epochs = 0;

/** Frames one `run` delivers at most: beyond, the sessions go round for ever. */
const MAX_DELIVERIES = 2_000_000;

/** One end of a session: a node's view of one peer. */
class End {
  readonly node: SimNode;
  readonly peer: SimNode;
  readonly session: number;
  state: LinkState = freshState();
  /** When the last frame this way is delivered (frames keep their order). */
  lastAt = 0;

  constructor(node: SimNode, peer: SimNode, session: number) {
    this.node = node;
    this.peer = peer;
    this.session = session;
  }
}

function freshState(): LinkState {
  return {
    epoch: `e${++epochs}`,
    shared: false,
    haveSent: false,
    theirEpoch: undefined,
    theirs: null,
    cursor: {},
    sentFrames: 0,
    ackedFrames: 0,
    receivedFrames: 0,
    admitted: false,
    pending: [],
    invited: false,
  };
}

/** A device on the network. */
export class SimNode {
  readonly name: string;
  readonly device: Device;
  readonly #world: World;
  online = true;
  side = 0;
  readonly ends = new Map<SimNode, End>();
  /** [GRP-75] Events whose relay waits: per author, the first seq held back. */
  readonly waiting = new Set<Record<string, number>>();

  /** Per author, the highest seq no relay waits for (authors absent: all). */
  held(): Record<string, number> {
    const hold: Record<string, number> = {};
    for (const first of this.waiting) {
      for (const author in first)
        hold[author] = Math.min(hold[author] ?? Infinity, first[author]! - 1);
    }
    return hold;
  }

  constructor(name: string, device: Device, world: World) {
    this.name = name;
    this.device = device;
    this.#world = world;
  }

  get id(): PeerId {
    return this.device.person.id;
  }

  #vv: { changes: number; vv: VersionVector; authors: string[] } | null = null;

  /** The version vector of what this node holds (read, never changed, by callers). */
  vv(): VersionVector {
    if (this.#vv?.changes !== this.device.changes) {
      const vv = this.device.vv();
      const authors = this.#vv?.authors.length === Object.keys(vv).length ? this.#vv.authors : null;
      this.#vv = { changes: this.device.changes, vv, authors: authors ?? Object.keys(vv).sort() };
    }
    return this.#vv.vv;
  }

  /** The authors of {@link vv}, sorted. */
  authors(): readonly string[] {
    this.vv();
    return this.#vv!.authors;
  }

  /** The fold of the control events this node holds. */
  view(): GroupFold {
    return this.#world.viewOf(this.device);
  }

  #cache: { version: number; control: ChatEvent[]; keys: Map<PeerId, Uint8Array> | null } | null =
    null;

  /** Held control events. */
  control(): ChatEvent[] {
    if (this.#cache?.version !== this.device.version) {
      const control = this.device.arrivals.filter(isControlEvent);
      this.#cache = { version: this.device.version, control, keys: null };
    }
    return this.#cache.control;
  }

  /** The members' keys the held control events name ([GRP-14]). */
  keys(): Map<PeerId, Uint8Array> {
    const control = this.control();
    return (this.#cache!.keys ??= groupKeys(control));
  }

  access(peer: PeerId): Access {
    const fold = this.view();
    if (!fold.genesis) return 'unknown';
    if (fold.dissolved) return 'refused';
    if (!fold.members[this.id]) return 'outside';
    return fold.members[peer] ? 'shared' : 'apart';
  }
}

interface Delivery {
  at: number;
  order: number;
  session: number;
  to: End;
  frame: Frame;
}

/** A timer of a node (the relay's wait, [GRP-75]): runs at `at` whatever the sessions. */
interface Timer {
  at: number;
  order: number;
  run: () => void;
}

type Due = Delivery | Timer;

/** The network: nodes, sessions and frames in flight. */
export class SimNet {
  readonly world: World;
  readonly #rng: Rng;
  readonly #maxDelay: number;
  readonly nodes = new Map<Device, SimNode>();
  readonly stats: NetStats = { frames: 0, eventCopies: 0, refused: 0 };
  /** Per event id, how many copies reached any node. */
  readonly copies = new Map<string, number>();
  now = 0;
  #queue: Due[] = [];
  #order = 0;
  #sessions = 0;
  readonly #open = new Set<number>();

  constructor(world: World, rng: Rng, maxDelay = 20) {
    this.world = world;
    this.#rng = rng;
    this.#maxDelay = maxDelay;
    for (const [name, device] of world.devices) this.add(name, device);
    world.onWrite = (device) => this.#written(device);
  }

  /** A node for `device` (a restored backup joins the network this way). */
  add(name: string, device: Device): SimNode {
    const node = new SimNode(name, device, this.world);
    this.nodes.set(device, node);
    return node;
  }

  node(name: string): SimNode {
    return this.nodes.get(this.world.device(name))!;
  }

  /** Open a session between `a` and `b` when both are online and on one side. */
  connect(a: SimNode, b: SimNode): void {
    if (a === b || a.ends.has(b) || !a.online || !b.online || a.side !== b.side) return;
    const session = ++this.#sessions;
    this.#open.add(session);
    const ab = new End(a, b, session);
    const ba = new End(b, a, session);
    a.ends.set(b, ab);
    b.ends.set(a, ba);
    this.#begin(ab);
    this.#begin(ba);
  }

  /** Close the session between `a` and `b`: frames in flight are lost. */
  disconnect(a: SimNode, b: SimNode): void {
    const end = a.ends.get(b);
    if (!end) return;
    this.#open.delete(end.session);
    a.ends.delete(b);
    b.ends.delete(a);
  }

  /** Every session of `node` drops and it stops; what it stored stays. */
  crash(node: SimNode): void {
    for (const peer of [...node.ends.keys()]) this.disconnect(node, peer);
    node.online = false;
    node.waiting.clear();
  }

  /** Sessions across sides drop. */
  partition(): void {
    for (const node of this.nodes.values()) {
      for (const peer of [...node.ends.keys()])
        if (peer.side !== node.side) this.disconnect(node, peer);
    }
  }

  /**
   * Out of band, `to` takes what `from` holds (a group code's hand-over, a fetch before a join):
   * it then offers what it learnt to its sessions.
   */
  handOver(from: SimNode, to: SimNode): void {
    const version = to.device.version;
    const changes = to.device.changes;
    from.device.sendTo(to.device);
    if (to.device.changes === changes) return;
    if (to.device.version !== version) this.#regroup(to);
    for (const end of to.ends.values()) this.#pushTo(end);
  }

  /** Deliver frames until none is in flight or the clock passes `until`. */
  run(until = Infinity): void {
    for (let n = 0; this.#queue.length > 0 && this.#queue[0]!.at <= until; n++) {
      if (n > MAX_DELIVERIES) throw new Error(`no quiet after ${MAX_DELIVERIES} frames`);
      const next = this.#pop();
      this.now = next.at;
      if ('run' in next) next.run();
      else if (this.#open.has(next.session)) this.#deliver(next.to, next.frame);
    }
    if (until !== Infinity) this.now = Math.max(this.now, until);
  }

  get idle(): boolean {
    return this.#queue.length === 0;
  }

  // --- frames

  #send(end: End, frame: Frame): void {
    const to = end.peer.ends.get(end.node);
    if (!to || to.session !== end.session) return;
    this.stats.frames++;
    const at = Math.max(end.lastAt, this.now + this.#rng.int(1, this.#maxDelay));
    end.lastAt = at;
    this.#push({ at, order: ++this.#order, session: end.session, to, frame });
  }

  #deliver(end: End, frame: Frame): void {
    if (frame.type === 'HAVE') this.#onHave(end, frame);
    else this.#onEvents(end, frame);
  }

  #sendHave(end: End, vv: VersionVector): void {
    end.state.haveSent = true;
    this.#send(end, haveFrame(this.world.conv, vv, end.state.receivedFrames, end.state.epoch));
  }

  #begin(end: End): void {
    end.state.shared = end.node.access(end.peer.id) === 'shared';
    if (end.state.shared) this.#sendHave(end, end.node.vv());
  }

  /** [GRP-19][GRP-20] A HAVE, as `SessionLink` handles a group's. */
  #onHave(end: End, frame: HaveFrame): void {
    const state = end.state;
    const access = end.node.access(end.peer.id);
    if (access !== 'shared') {
      const fresh = state.theirEpoch !== frame.epoch;
      state.theirEpoch = frame.epoch;
      state.theirs = frame.vv;
      state.cursor = { ...frame.vv };
      if (fresh && access !== 'refused') this.#sendHave(end, this.#told(end.node, end.peer));
      if (access === 'outside' || access === 'refused') this.#sendParting(end, frame.vv);
      return;
    }
    if (state.theirEpoch !== frame.epoch) {
      state.theirEpoch = frame.epoch;
      state.sentFrames = 0;
      state.ackedFrames = 0;
      this.#sendHave(end, end.node.vv());
    }
    state.ackedFrames = Math.max(state.ackedFrames, Math.min(frame.ack, state.sentFrames));
    state.theirs = frame.vv;
    if (state.sentFrames === state.ackedFrames) state.cursor = { ...frame.vv };
    else {
      for (const [author, seq] of Object.entries(frame.vv))
        state.cursor[author] = Math.max(state.cursor[author] ?? 0, seq);
    }
    this.#pump(end);
  }

  /** [GRP-19][GRP-20] An EVENTS frame: checked, stored, acknowledged, relayed. */
  #onEvents(end: End, frame: EventsFrame): void {
    const node = end.node;
    const state = end.state;
    const events = frame.events as ChatEvent[];
    this.stats.eventCopies += events.length;
    for (const e of events) {
      const id = `${e.author}:${e.seq}`;
      this.copies.set(id, (this.copies.get(id) ?? 0) + 1);
    }
    const access = node.access(end.peer.id);
    if (access === 'refused' && !state.invited) return void this.stats.refused++;
    const held = access === 'unknown' ? [] : node.control();
    const heldKeys = access === 'unknown' ? new Map<PeerId, Uint8Array>() : node.keys();
    let frameKeys: Map<PeerId, Uint8Array> | null = null;
    const known = (author: PeerId) =>
      heldKeys.has(author) || (frameKeys ??= groupKeys(events)).has(author);
    const valid = events.filter((e) => e.conv === this.world.conv && known(e.author));
    if (access !== 'shared' && !state.invited) {
      // [GRP-20] Not a member here: only an invitation is taken, whose control events may
      // come in several frames.
      const before = state.pending.length;
      state.pending = addPending(state.pending, valid);
      if (!isInvitation(this.world.conv, [...held, ...state.pending], node.id, end.peer.id)) {
        // Acknowledged only while it brings control events not kept yet, so that a sender
        // does not go round for ever; anything else is refused unanswered, as [GRP-19] says.
        if (state.pending.length === before) return void this.stats.refused++;
        state.receivedFrames++;
        return this.#sendHave(end, this.#told(node, end.peer));
      }
      state.invited = true;
      valid.unshift(...state.pending);
      state.pending = [];
    }
    const version = node.device.version;
    const stored: ChatEvent[] = [];
    for (const e of valid) if (node.device.receive(e)) stored.push(e);
    state.receivedFrames++;
    this.#sendHave(end, node.vv());
    if (stored.length === 0) return;
    if (node.device.version !== version) this.#regroup(node);
    this.#relay(node, end.peer, stored);
  }

  /**
   * [GRP-75] What `node` stored from `from` goes on: a HAVE to every other session sharing the
   * group at once, the events after a random wait to those whose HAVE still lacks them.
   */
  #relay(node: SimNode, from: SimNode, events: readonly ChatEvent[]): void {
    const others = () =>
      [...node.ends.values()].filter(
        (end) => end.peer !== from && node.access(end.peer.id) === 'shared',
      );
    for (const end of others()) this.#sendHave(end, node.vv());
    const first: Record<string, number> = {};
    for (const e of events) first[e.author] = Math.min(first[e.author] ?? e.seq, e.seq);
    node.waiting.add(first);
    const wait = this.#rng.int(RELAY_WAIT_MIN_MS, RELAY_WAIT_MIN_MS + RELAY_WAIT_SPREAD_MS);
    this.#push({
      at: this.now + wait,
      order: ++this.#order,
      run: () => {
        node.waiting.delete(first);
        for (const end of others()) {
          const cursor = end.state.cursor;
          const lacking = events.some((e) => e.seq > (cursor[e.author] ?? 0));
          if (lacking || !end.state.theirs) this.#pushTo(end);
        }
      },
    });
  }

  /**
   * [GRP-76] What `node` tells `peer`, with whom it does not share the group: its version vector
   * only when it is out of the group itself, else nothing.
   */
  #told(node: SimNode, peer: SimNode): VersionVector {
    return node.access(peer.id) === 'outside' ? node.vv() : {};
  }

  /**
   * A roster may have changed: offer or forget the group on each session of `node`; a group
   * that becomes shared starts a fresh sync state (and epoch), so the peer answers again.
   */
  #regroup(node: SimNode): void {
    for (const end of node.ends.values()) {
      if (node.access(end.peer.id) === 'shared') {
        // Shared from now on: what was sent or refused before says nothing; start afresh.
        if (!end.state.shared) end.state = { ...freshState(), shared: true };
        this.#pushTo(end);
      } else if (!end.state.invited) end.state = freshState();
    }
  }

  #pushTo(end: End): void {
    if (end.node.access(end.peer.id) !== 'shared') return;
    if (end.state.theirs) this.#pump(end);
    else if (!end.state.haveSent) this.#sendHave(end, end.node.vv());
  }

  /** [SYNC-3] Fill the window: the admission first when the peer lacks it, then author order. */
  #pump(end: End): void {
    const state = end.state;
    const device = end.node.device;
    if (!state.theirs) return;
    if (!state.admitted) {
      state.admitted = true;
      const node = end.node;
      const frames = admissionFrames(
        node.view(),
        node.id,
        end.peer.id,
        state.theirs,
        node.control(),
      );
      for (const batch of frames) {
        state.sentFrames++;
        this.#send(end, eventsFrame(this.world.conv, batch));
      }
    }
    const hold = end.node.waiting.size > 0 ? end.node.held() : null;
    for (const author of end.node.authors()) {
      let from = (state.cursor[author] ?? 0) + 1;
      const log = device.log(author);
      const upto = Math.min(log.length, hold?.[author] ?? Infinity);
      while (from <= upto) {
        if (state.sentFrames - state.ackedFrames >= SYNC_WINDOW) return;
        const batch = log.slice(from - 1, Math.min(upto, from - 1 + MAX_EVENTS_PER_BATCH));
        state.sentFrames++;
        this.#send(end, eventsFrame(this.world.conv, batch));
        from += batch.length;
        state.cursor[author] = from - 1;
      }
    }
  }

  /**
   * [GRP-74] Out of the group (I left, or it was dissolved): what ended it still goes to a peer
   * whose HAVE lacks it — my own log, and the dissolution with its author's log before it.
   */
  #sendParting(end: End, theirs: VersionVector): void {
    const node = end.node;
    const fold = node.view();
    const authors = new Set<string>([node.id]);
    if (fold.dissolved && fold.owner) authors.add(fold.owner);
    for (const author of [...authors].sort()) {
      const log = node.device.log(author).slice(theirs[author] ?? 0);
      for (let i = 0; i < log.length; i += MAX_EVENTS_PER_BATCH)
        this.#send(end, eventsFrame(this.world.conv, log.slice(i, i + MAX_EVENTS_PER_BATCH)));
    }
  }

  /** My own new event goes to every session sharing the group; a parting one to every session. */
  #written(device: Device): void {
    const node = this.nodes.get(device);
    if (!node) return;
    const theirs = new Map([...node.ends.values()].map((end) => [end, end.state.theirs ?? {}]));
    this.#regroup(node);
    for (const end of node.ends.values()) {
      const access = node.access(end.peer.id);
      if (access === 'shared') this.#pushTo(end);
      else if (access === 'outside' || access === 'refused')
        this.#sendParting(end, theirs.get(end) ?? {});
    }
  }

  // --- a binary heap by (at, order)

  #push(d: Due): void {
    const q = this.#queue;
    q.push(d);
    for (let i = q.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!before(q[i]!, q[p]!)) break;
      [q[i], q[p]] = [q[p]!, q[i]!];
      i = p;
    }
  }

  #pop(): Due {
    const q = this.#queue;
    const top = q[0]!;
    const last = q.pop()!;
    if (q.length > 0) {
      q[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < q.length && before(q[l]!, q[m]!)) m = l;
        if (r < q.length && before(q[r]!, q[m]!)) m = r;
        if (m === i) break;
        [q[i], q[m]] = [q[m]!, q[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Due, b: Due): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
