/**
 * The group side of one session's sync: a group's HAVE and EVENTS, a roster change, the
 * admission sent first, invitations across frames, and a removed member's farewell. Loaded with
 * the first group frame or roster change of a session, so a chat of two never loads it.
 * Spec: docs/protocol.md [GRP-19], [GRP-60], [GRP-72], [GRP-73].
 */
import { storeEvents, type ConvIdentity } from '../../db/chatStore';
import { scheduleIndexing } from '../../db/searchIndex';
import type { MessageRow } from '../../db/chatRows';
import type { ChatEvent } from '../../lib/chatEvent';
import { checkGroupEvents, groupKeys } from '../../lib/group/verify';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { addPending, admissionFrames, isInvitation, lacksAdmission } from '../groups/admission';
import type { GroupSync } from './groupFrames';
import type { EventsFrame, HaveFrame, VersionVector } from './frames';
import type { InboxEntry } from './EventsInbox';
import { takeHave, type ConvState } from './linkState';
import { RELAY_WAIT_MIN_MS, RELAY_WAIT_SPREAD_MS } from './constants';
import type { LinkContext } from './SessionLink';

const logger = log('peers:sync');

/** What the group side uses of its session's link. */
export interface LinkPort {
  readonly peer: PeerId;
  readonly ctx: LinkContext;
  /** `conv`'s state on this session, a fresh one (new epoch) when there is none. */
  state(conv: ConversationId): ConvState;
  /** `conv`'s state, if it has one. */
  existing(conv: ConversationId): ConvState | undefined;
  /** Forget `conv`'s state: the next one starts afresh with a new epoch ([SYNC-1]). */
  forget(conv: ConversationId): void;
  /** Say HAVE with `vv`, or what is stored when none is given. */
  sendHave(conv: ConversationId, state: ConvState, vv?: VersionVector): Promise<void>;
  /**
   * [SYNC-3] Fill the window from the log, nothing beyond `hold` of the authors it lists; my
   * highest seq sent (0: none).
   */
  sendWindow(conv: ConversationId, state: ConvState, hold: VersionVector | null): Promise<number>;
  /** One EVENTS frame; false when it did not go. */
  sendEvents(conv: ConversationId, batch: ChatEvent[]): boolean;
  /** Push what the peer lacks, or offer HAVE when they never said theirs. */
  pushNow(conv: ConversationId, state: ConvState): Promise<void>;
  settleFarewells(): void;
  /** The frames to store with `entry` (empty when an earlier task took it). */
  take(entry: InboxEntry): InboxEntry[];
  /** The events checked ahead of the taken frames (drops logged). */
  results(taken: readonly InboxEntry[]): Promise<ChatEvent[]>;
  /** Views: events of `conv` were stored. */
  changed(conv: ConversationId, written: readonly MessageRow[] | null): void;
}

/** The group side of one link. */
export class GroupSide {
  readonly #port: LinkPort;
  readonly #groups: GroupSync;

  constructor(port: LinkPort, groups: GroupSync) {
    this.#port = port;
    this.#groups = groups;
  }

  /**
   * [GRP-19] A group's HAVE: from a member we share it with, handled as in a direct chat; from a
   * removed member, answered with its farewell only ([GRP-60]); otherwise answered once per
   * epoch with my HAVE, empty when I hold none of it ([GRP-73]); a dissolved group's refused.
   */
  async onHave(frame: HaveFrame): Promise<void> {
    const conv = frame.conv;
    const access = await this.#groups.access(this.#port.peer, conv);
    if (access === 'shared') return this.#take(frame, undefined);
    const cap = access === 'apart' ? await this.#groups.farewell(this.#port.peer, conv) : null;
    if (cap) return this.#take(frame, cap);
    if (access === 'refused') return this.#refuse();
    const state = this.#port.state(conv);
    state.shared ??= false;
    const fresh = state.theirEpoch !== frame.epoch;
    // Kept, so that once the group is shared (an invitation taken), what I write goes out.
    state.theirEpoch = frame.epoch;
    state.theirs = frame.vv;
    state.cursor = { ...frame.vv };
    if (fresh) await this.#port.sendHave(conv, state, access === 'outside' ? undefined : {});
  }

  async #take(frame: HaveFrame, cap: ConvState['cap']): Promise<void> {
    const state = this.#port.state(frame.conv);
    state.shared ??= !cap;
    state.cap = cap;
    // Their first HAVE on this state, or a new epoch (their state was lost): start over, and
    // say HAVE (again) unless they are a removed member, who is told nothing of mine.
    if (state.theirEpoch !== frame.epoch) {
      state.theirEpoch = frame.epoch;
      state.sentFrames = 0;
      state.ackedFrames = 0;
      if (!cap) await this.#port.sendHave(frame.conv, state);
    }
    takeHave(state, frame.vv, frame.ack);
    await this.pump(frame.conv, state);
    this.#port.settleFarewells();
  }

  /**
   * [SYNC-3] Fill the window; first, once per state, [GRP-72] the admission frames when the
   * peer's HAVE lacks what admitted either of us. They do not move the cursor: the same events
   * go again in author order, so that the peer stores them gap-free.
   */
  async pump(conv: ConversationId, state: ConvState): Promise<number> {
    if (!state.admitted && !state.cap && state.theirs) {
      state.admitted = true;
      for (const batch of await this.#admission(conv, state.theirs)) {
        if (!this.#port.sendEvents(conv, batch)) return 0;
        state.sentFrames++;
      }
    }
    return this.#port.sendWindow(conv, state, relayOf(this.#port.ctx).held(conv));
  }

  /**
   * [GRP-75] Tell the peer at once what I hold of `conv` now (`vv`), never less than my last HAVE
   * on this state said, so that a HAVE overtaken by a later one does not make them send again.
   */
  announce(conv: ConversationId, vv: VersionVector): Promise<void> {
    const state = this.#port.state(conv);
    const said: Record<string, number> = { ...vv };
    for (const [author, seq] of Object.entries(state.said))
      said[author] = Math.max(said[author] ?? 0, seq);
    return this.#port.sendHave(conv, state, said);
  }

  async #admission(conv: ConversationId, theirs: VersionVector): Promise<ChatEvent[][]> {
    const { peer, ctx } = this.#port;
    const fold = await this.#groups.fold(conv);
    if (!fold || (!lacksAdmission(fold, peer, theirs) && !lacksAdmission(fold, ctx.me, theirs)))
      return [];
    return admissionFrames(fold, ctx.me, peer, theirs, await this.#groups.control(conv));
  }

  /**
   * [GRP-19] `conv`'s roster changed. Shared now: a state that began unshared starts afresh
   * (new epoch, so the peer answers again, [GRP-73]) and what the peer lacks is offered. No
   * longer shared: a removed member is sent its farewell ([GRP-60]); otherwise the state is
   * forgotten, unless an invitation is being taken on it.
   */
  async regroup(conv: ConversationId): Promise<void> {
    const access = await this.#groups.access(this.#port.peer, conv);
    let state = this.#port.existing(conv);
    if (access === 'shared') {
      if (state?.shared === false) {
        this.#port.forget(conv);
        state = undefined;
      }
      state ??= this.#port.state(conv);
      state.shared = true;
      state.cap = undefined;
      return this.#port.pushNow(conv, state);
    }
    const cap = state?.theirs ? await this.#groups.farewell(this.#port.peer, conv) : null;
    if (state && cap) {
      state.cap = cap;
      await this.pump(conv, state);
      return;
    }
    if (state && !state.invited) this.#port.forget(conv);
  }

  /**
   * [GRP-19] A group's EVENTS. From a member we share it with: stored, acknowledged, relayed.
   * Otherwise [GRP-73]: checked in order with the keys held and those the invitation named so
   * far, its control events kept until they and the held ones make both of us members; a frame
   * that brings no new control event is refused unanswered.
   */
  async onEvents(frame: EventsFrame, entry: InboxEntry | null): Promise<void> {
    if (!entry || entry.taken) return;
    const taken = this.#port.take(entry);
    if (taken.length === 0) return;
    const conv = frame.conv;
    const { peer, ctx } = this.#port;
    const access = await this.#groups.access(peer, conv);
    const state = this.#port.state(conv);
    if (access === 'shared')
      return this.#store(conv, state, await this.#port.results(taken), taken.length);
    if (access === 'refused') return this.#refuse();
    // [GRP-60] A removed member brings nothing, and is told nothing of mine.
    if (access === 'apart' && (await this.#groups.farewell(peer, conv))) return this.#refuse();
    const valid = await this.#check(conv, taken, state.pending ?? []);
    if (state.invited) return this.#store(conv, state, valid, taken.length);
    const before = state.pending ?? [];
    const pending = addPending(before, valid);
    const held = access === 'unknown' ? [] : await this.#groups.control(conv);
    if (!isInvitation(conv, [...held, ...pending], ctx.me, peer)) {
      // Acknowledged only while it brings control events not kept yet, so that a sender does
      // not go round for ever.
      if (pending.length === before.length) return this.#refuse();
      state.pending = pending;
      state.receivedFrames += taken.length;
      return this.#port.sendHave(conv, state, access === 'outside' ? undefined : {});
    }
    state.invited = true;
    state.pending = [];
    return this.#store(conv, state, inLogOrder([...pending, ...valid]), taken.length);
  }

  /** [GRP-14] The taken frames' events checked with the held keys and those `pending` names. */
  async #check(
    conv: ConversationId,
    taken: readonly InboxEntry[],
    pending: readonly ChatEvent[],
  ): Promise<ChatEvent[]> {
    const keys = new Map([...groupKeys(pending), ...(await this.#groups.keysOf(conv))]);
    const valid: ChatEvent[] = [];
    for (const { frame } of taken) {
      const { events, dropped } = await checkGroupEvents(conv, frame.events, keys);
      for (const d of dropped)
        logger.warn('dropping a group event:', d.reason, 'from', this.#port.peer);
      valid.push(...events);
    }
    return valid;
  }

  /** Store checked events of `frames` frames, answer with HAVE, relay, tell the views. */
  async #store(
    conv: ConversationId,
    state: ConvState,
    valid: ChatEvent[],
    frames: number,
  ): Promise<void> {
    const { ctx, peer } = this.#port;
    if (valid.length === 0) {
      // Nothing to store (an unknown author's events wait for their add): still acknowledged,
      // so the window moves and the next HAVE asks for them again.
      state.receivedFrames += frames;
      return this.#port.sendHave(conv, state);
    }
    const who: ConvIdentity = { conv, peer: ctx.me, members: [], kind: 'group' };
    const result = await storeEvents(ctx.db, who, valid, ctx.me, ctx.now(), { deferIndex: true });
    state.receivedFrames += frames;
    if (result.stored.length > 0) scheduleIndexing(ctx.db);
    await this.#port.sendHave(conv, state, result.conv.vv);
    if (result.stored.length === 0) return;
    // Relayed before the views are told, so the next hop does not wait behind this page's render.
    relayOf(ctx).relay(conv, peer, result.stored, result.conv.vv);
    this.#port.changed(conv, result.messages);
    ctx.incoming(conv, result.stored);
  }

  #refuse(): void {
    logger.warn('refusing a frame for a group', this.#port.peer, 'does not share');
  }
}

/**
 * [GRP-19][GRP-75] Any member relays: what one member sent, stored here, is announced at once to
 * the other live members by HAVE, and sent to those whose HAVE still lacks it after a short
 * random wait, during which every send on those sessions holds it back. One per engine.
 */
class GroupRelay {
  readonly #ctx: LinkContext;
  /** Per group, the events whose relay waits: per author, the first seq held back. */
  readonly #waiting = new Map<ConversationId, Set<VersionVector>>();

  constructor(ctx: LinkContext) {
    this.#ctx = ctx;
  }

  relay(conv: ConversationId, from: PeerId, events: readonly ChatEvent[], vv: VersionVector): void {
    const ctx = this.#ctx;
    ctx.toMembers(conv, (link) => link.announce(conv, vv), from);
    const first: Record<string, number> = {};
    for (const e of events) first[e.author] = Math.min(first[e.author] ?? e.seq, e.seq);
    const waiting = this.#waiting.get(conv) ?? new Set();
    this.#waiting.set(conv, waiting.add(first));
    // A stopped engine has no links left: what fires after it sends nothing.
    const wait = RELAY_WAIT_MIN_MS + ctx.env.random() * RELAY_WAIT_SPREAD_MS;
    ctx.env.setTimeout(() => {
      waiting.delete(first);
      if (waiting.size === 0 && this.#waiting.get(conv) === waiting) this.#waiting.delete(conv);
      ctx.toMembers(conv, (link) => link.pushEvents(conv, events), from);
    }, wait);
  }

  /** Per author, the highest seq of `conv` no relay waits for (null: none waits). */
  held(conv: ConversationId): VersionVector | null {
    const waiting = this.#waiting.get(conv);
    if (!waiting) return null;
    const hold: Record<string, number> = {};
    for (const first of waiting) {
      for (const [author, seq] of Object.entries(first))
        hold[author] = Math.min(hold[author] ?? Infinity, seq - 1);
    }
    return hold;
  }
}

const relays = new WeakMap<LinkContext, GroupRelay>();

/** The relay of the engine whose links share `ctx`. */
function relayOf(ctx: LinkContext): GroupRelay {
  let relay = relays.get(ctx);
  if (!relay) relays.set(ctx, (relay = new GroupRelay(ctx)));
  return relay;
}

/** Events by author, then seq, once each: the order a gap-free store takes them in. */
function inLogOrder(events: readonly ChatEvent[]): ChatEvent[] {
  const seen = new Set<string>();
  return [...events]
    .sort((a, b) => (a.author === b.author ? a.seq - b.seq : a.author < b.author ? -1 : 1))
    .filter((e) => {
      const key = `${e.author}:${e.seq}:${e.sig}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
