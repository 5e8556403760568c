/**
 * The joiner's side of a join by group code: dial a host the code names (presenting the token
 * derived from the code), prove the code, fold the group's control events it sends, check the
 * link, sign a `group.join` and send it. Once the host stored it, the host's HAVE brings the
 * group as an invitation ([GRP-20]) on the same session. [GRP-44]…[GRP-46]
 * Spec: docs/protocol.md, Group codes.
 */
import { signEvent, type ChatEvent } from '../../lib/chatEvent';
import type { Clock, TimerHandle } from '../../lib/clock';
import { base64urlEncode } from '../../lib/base64url';
import { eventIdOf, parseEventId } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import { groupCodeReachToken, groupJoinProof, type GroupCode } from '../../lib/groupCode';
import type { GroupJoinBody } from '../../lib/group/bodies';
import { foldGroup } from '../../lib/group/fold';
import type { GroupFold } from '../../lib/group/types';
import { checkGroupEvents } from '../../lib/group/verify';
import type { IdentityKeys } from '../../lib/identity';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { createReachToken } from '../../lib/reach';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { Unsubscribe } from '../transport';
import type { JoinSessionHooks } from './JoinHost';
import {
  askFrame,
  joinEventFrame,
  parseJoinFrame,
  type JoinRefusal,
  type JoinResultFrame,
} from './joinFrames';
import type { JoinReach } from './joinReach';

const logger = log('peers:groups');

/** How long a host may take to answer a session, a proof or a join. */
export const JOIN_STEP_TIMEOUT_MS = 20_000;

/** Why a join failed, as the join screen says it. [GRP-45] */
export type JoinFailure = JoinRefusal | 'unreachable' | 'corrupt' | 'declined';

const MESSAGES: Record<JoinFailure, string> = {
  unknown: 'Nobody in that group knows this code.',
  revoked: 'This group code was revoked.',
  expired: 'This group code has expired.',
  full: 'This group is full.',
  invalid: 'The group refused this join.',
  unreachable: 'Nobody who can let you in is online. Try again later.',
  corrupt: 'The group sent something that does not check out.',
  declined: 'An admin of the group turned the request down.',
};

/** A join that did not happen. */
export class JoinError extends Error {
  override readonly name = 'JoinError';
  readonly reason: JoinFailure;

  constructor(reason: JoinFailure) {
    super(MESSAGES[reason]);
    this.reason = reason;
  }
}

/** Where a join is. */
export type JoinStep = 'reaching' | 'checking' | 'joining' | 'syncing';

/** What a join needs from the running install. */
export interface JoinerDeps {
  keys: IdentityKeys;
  manager: Pick<SessionManager, 'dial' | 'session' | 'on'>;
  friends: JoinSessionHooks & { groupsChanged(): Promise<void> };
  fold: (conv: ConversationId) => Promise<GroupFold | null>;
  onGroupChange: (listener: (conv: ConversationId) => void) => Unsubscribe;
  reach: JoinReach;
  clock: Clock;
  now: () => number;
  stepTimeoutMs?: number;
}

/** The outcome of a join: a member now, or a request waiting for an admin. */
export type JoinOutcome = 'member' | 'pending';

/** Wait for `settle` to call back, or fail with `unreachable` after the step timeout. */
function step<T>(
  deps: JoinerDeps,
  settle: (done: (value: T) => void, fail: (err: Error) => void) => Unsubscribe,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: TimerHandle | null = null;
    let off: Unsubscribe = () => undefined;
    const finish = () => {
      if (timer !== null) deps.clock.clearTimeout(timer);
      off();
    };
    timer = deps.clock.setTimeout(() => {
      finish();
      reject(new JoinError('unreachable'));
    }, deps.stepTimeoutMs ?? JOIN_STEP_TIMEOUT_MS);
    off = settle(
      (value) => {
        finish();
        resolve(value);
      },
      (err) => {
        finish();
        reject(err);
      },
    );
  });
}

/** The live session with `host`, dialled if there is none. */
function sessionWith(deps: JoinerDeps, host: PeerId): Promise<Session> {
  const live = deps.manager.session(host);
  if (live) return Promise.resolve(live);
  return step<Session>(deps, (done, fail) => {
    const offs = [
      deps.manager.on('up', (session) => session.peer === host && done(session)),
      deps.manager.on('failed', (peer) => peer === host && fail(new JoinError('unreachable'))),
    ];
    // A dial already under way ends in the same events.
    deps.manager.dial(host);
    return () => offs.forEach((off) => off());
  });
}

/** The control events the host sends, up to the last frame, or its early refusal. */
function controlOf(
  deps: JoinerDeps,
  session: Session,
  conv: ConversationId,
): {
  events: Promise<unknown[]>;
  result: Promise<JoinResultFrame>;
} {
  const events: unknown[] = [];
  let resolveResult: (frame: JoinResultFrame) => void = () => undefined;
  const result = new Promise<JoinResultFrame>((resolve) => (resolveResult = resolve));
  const all = step<unknown[]>(deps, (done, fail) => {
    const offFrame = session.on('frame', (raw) => {
      const frame = raw.conv === conv ? parseJoinFrame(raw) : null;
      if (frame?.type === 'GROUP_JOIN_RESULT') {
        resolveResult(frame);
        if (frame.status === 'refused') fail(new JoinError(frame.reason ?? 'invalid'));
      } else if (frame?.type === 'GROUP_JOIN_CONTROL') {
        events.push(...frame.events);
        if (frame.last) done(events);
      }
    });
    const offClosed = session.on('closed', () => fail(new JoinError('unreachable')));
    return () => {
      offClosed();
      // Keep listening for the result, which follows the events.
      void result.then(offFrame);
    };
  });
  return { events: all, result };
}

/** Highest seq of each author among `events`: the context of a join that saw all of them. */
function contextOf(events: readonly ChatEvent[]): Record<string, number> {
  const ctx: Record<string, number> = {};
  for (const e of events) ctx[e.author] = Math.max(ctx[e.author] ?? 0, e.seq);
  return ctx;
}

/**
 * Sign my `group.join` by `code`'s link, after every control event the host sent: its context
 * names each author's highest control event, its lamport is above them all. [GRP-45]
 */
async function signJoin(
  deps: JoinerDeps,
  code: GroupCode,
  fold: GroupFold,
  events: readonly ChatEvent[],
  reach: string,
  reason: string | undefined,
): Promise<ChatEvent<'group.join'>> {
  const { keys } = deps;
  const link = fold.links[code.link]!;
  const linkSeq = parseEventId(link.event)?.seq ?? 0;
  const body: GroupJoinBody = {
    ctx: contextOf(events),
    link: { by: link.by, seq: linkSeq, id: code.link },
    pub: base64urlEncode(keys.publicKeyRaw),
    reach,
    ...(reason ? { reason } : {}),
  };
  const mine = events.filter((e) => e.author === keys.id).map((e) => e.seq);
  const seq = Math.max(0, ...mine) + 1;
  const lamport = Math.max(0, ...events.map((e) => e.lamport)) + 1;
  const unsigned = {
    conv: code.conv,
    author: keys.id,
    seq,
    lamport,
    ts: deps.now(),
    type: 'group.join' as const,
    body,
  };
  return signEvent(unsigned, keys.privateKey);
}

/** Why the fold of the host's events will not take a join by `code` now, or null. */
function linkProblem(fold: GroupFold, code: GroupCode, at: number): JoinFailure | null {
  const link = fold.links[code.link];
  if (!link) return 'unknown';
  const issuer = fold.members[link.by]?.role;
  if (link.revoked || (issuer !== 'owner' && issuer !== 'admin')) return 'revoked';
  if (at >= link.expires) return 'expired';
  return null;
}

/** Resolves once the group is held with me as a member. */
function heldAsMember(deps: JoinerDeps, conv: ConversationId): Promise<void> {
  const me = deps.keys.id;
  const isMember = async () => (await deps.fold(conv))?.members[me] !== undefined;
  return step<void>(deps, (done) => {
    const off = deps.onGroupChange((changed) => {
      if (changed === conv) void isMember().then((yes) => yes && done());
    });
    void isMember().then((yes) => yes && done());
    return off;
  });
}

/** One attempt with one host. */
async function joinVia(
  deps: JoinerDeps,
  host: PeerId,
  code: GroupCode,
  reason: string | undefined,
  onStep: (step: JoinStep) => void,
  again: boolean,
): Promise<JoinOutcome> {
  const { conv } = code;
  const me = deps.keys.id;
  const token = await groupCodeReachToken(code.link);
  let mine: string | null = null;
  deps.reach.present(host, token!);
  deps.friends.holdForJoin(host);
  let session: Session | null = null;
  try {
    await deps.friends.groupsChanged();
    onStep('reaching');
    session = await sessionWith(deps, host);
    const answer = controlOf(deps, session, conv);
    session.send(askFrame(conv, await groupJoinProof(code.link, conv, me)));
    const raw = await answer.events;
    onStep('checking');
    const { events, dropped } = await checkGroupEvents(conv, raw, new Map());
    const fold = foldGroup(conv, events);
    if (dropped.length > 0 || !fold.genesis || !fold.members[host]) throw new JoinError('corrupt');
    // [GRP-81] Asking again about a request that is neither waiting nor accepted: declined.
    if (again && !fold.members[me] && !fold.requests[me]) throw new JoinError('declined');
    if (!fold.members[me] && !fold.requests[me]) {
      const problem = linkProblem(fold, code, deps.now());
      if (problem) throw new JoinError(problem);
      onStep('joining');
      mine = createReachToken();
      // Registered before it is published, so it opens me when members first see it. [GRP-35]
      deps.reach.open(mine);
      await deps.friends.groupsChanged();
      const join = await signJoin(deps, code, fold, events, mine, reason);
      const id = eventIdOf(conv, me, join.seq);
      const outcome = foldGroup(conv, [...events, join]).outcomes.find((o) => o.event === id);
      if (outcome?.status !== 'applied' && outcome?.reason !== 'pending')
        throw new JoinError(outcome?.reason === 'full' ? 'full' : 'invalid');
      session.send(joinEventFrame(conv, join));
    }
    const result = await step<JoinResultFrame>(deps, (done) => {
      void answer.result.then(done);
      return () => undefined;
    });
    if (result.status === 'refused') throw new JoinError(result.reason ?? 'invalid');
    if (result.status === 'pending') {
      session.close('local');
      return 'pending';
    }
    onStep('syncing');
    // The host's HAVE now brings the group ([GRP-20]); from then on the session is a member's.
    await heldAsMember(deps, conv);
    deps.friends.adoptMember(session);
    return 'member';
  } catch (err) {
    // A failed join leaves nothing behind: no session held open for it.
    if (session && !session.known) session.close('local');
    throw err;
  } finally {
    deps.friends.endJoin(host);
    deps.reach.forget(host, mine);
    void deps.friends.groupsChanged();
  }
}

/**
 * Join the group of `code`, asking its hosts in turn until one answers. Resolves with `member`
 * once the group is held with me in it, or `pending` when an admin must approve; rejects with a
 * {@link JoinError}. [GRP-44] With `again`, only ask about a join already sent: no new join is
 * signed, and a code past its expiry is still asked with, since hosts answer a known joiner.
 * [GRP-81]
 */
export async function joinByCode(
  deps: JoinerDeps,
  code: GroupCode,
  reason?: string,
  onStep: (step: JoinStep) => void = () => undefined,
  again = false,
): Promise<JoinOutcome> {
  const me = deps.keys.id;
  const held = await deps.fold(code.conv);
  if (held?.members[me] && !held.dissolved) return 'member';
  if (!again && deps.now() >= code.expires) throw new JoinError('expired');
  let last: JoinError = new JoinError('unreachable');
  for (const host of code.hosts.filter((id) => id !== me)) {
    try {
      return await joinVia(deps, host, code, reason, onStep, again);
    } catch (err) {
      if (!(err instanceof JoinError)) throw err;
      logger.info('join by code through', host, 'failed:', err.reason, describeError(err));
      last = err;
      // Only an unreachable host makes the next one worth asking.
      if (err.reason !== 'unreachable') throw err;
    }
  }
  throw last;
}
