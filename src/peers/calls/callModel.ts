/**
 * The data of a call as the engine keeps it, and the pure functions that turn
 * it into what the UI sees (the snapshot) and what the chat records (the
 * entry, [CALL-15]). No timers, sessions or media here.
 */
import { MAX_CALL_SECONDS, type CallBody, type CallOutcome } from '../../lib/chatEvent';
import type { ConversationId, PeerId } from '../../lib/ids';
import {
  MAX_CALL_PEOPLE,
  type CallEndReason,
  type CallMedia,
  type CallParticipant,
  type CallPhase,
  type CallSnapshot,
  type LinkQuality,
  type MediaError,
} from './api';
import type { FingerprintFrame } from './frames';
import type { PeerLink } from './PeerLink';
import { UNKNOWN_QUALITY } from './quality';
import type { Facing } from './LocalMedia';
import type { Clock, TimerHandle } from '../../lib/clock';

/** One remote person of the call, from my point of view. */
export interface Person {
  peer: PeerId;
  /** The pair's state: ringing until both are in, connecting until the link is verified. */
  state: CallParticipant['state'];
  /** They are in the call: they rang, or sent CALL_ACCEPT. */
  joined: boolean;
  /** I rang them, so I write their call entry. */
  rangByMe: boolean;
  /** How their ringing ended, for the entry (null: it did not end before they joined). */
  outcome: CallOutcome | null;
  connectedAt: number | null;
  leftAt: number | null;
  link: PeerLink | null;
  /** A CALL_FP that came before its link. */
  pendingFp: FingerprintFrame | null;
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
  speaking: boolean;
  quality: LinkQuality;
  /** Their session dropped while the media still ran. */
  sessionLost: boolean;
  /** The one timer of the current state (ring, connect, leave wait or session grace). */
  timer: TimerHandle | null;
}

/** A new participant. */
export function newPerson(peer: PeerId, init: Partial<Person> = {}): Person {
  return {
    peer,
    state: 'ringing',
    joined: false,
    rangByMe: false,
    outcome: null,
    connectedAt: null,
    leftAt: null,
    link: null,
    pendingFp: null,
    muted: false,
    cameraOff: true,
    sharing: false,
    speaking: false,
    quality: UNKNOWN_QUALITY,
    sessionLost: false,
    timer: null,
    ...init,
  };
}

/** Replace `p`'s timer with one firing `fire` after `ms`. */
export function arm(timers: Clock, p: Person, ms: number, fire: () => void): void {
  disarm(timers, p);
  p.timer = timers.setTimeout(() => {
    p.timer = null;
    fire();
  }, ms);
}

/** Clear `p`'s timer. */
export function disarm(timers: Clock, p: Person): void {
  if (p.timer !== null) timers.clearTimeout(p.timer);
  p.timer = null;
}

/** The call facts the snapshot reads. */
export interface CallFacts {
  id: string;
  media: CallMedia;
  caller: PeerId;
  group: boolean;
  conv: ConversationId | null;
  /** I am in the call (caller, or accepted). */
  joined: boolean;
  /** accept() is waiting for my devices. */
  accepting: boolean;
  ended: boolean;
  startedAt: number | null;
  endReason: CallEndReason | null;
  people: ReadonlyMap<PeerId, Person>;
}

/** The local facts the snapshot reads. */
export interface LocalFacts {
  stream: MediaStream | null;
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
  facing: Facing;
  speaking: boolean;
  mediaError: MediaError | null;
}

/** True for a person still taking part (or being rung). */
export function present(p: Person): boolean {
  return p.state !== 'left';
}

/** The phase, derived from the call's facts (see CallPhase in api.ts). */
export function phaseOf(call: CallFacts): CallPhase {
  if (call.ended) return 'ended';
  if (!call.joined) return call.accepting ? 'connecting' : 'incoming';
  const states = [...call.people.values()].map((p) => p.state);
  if (states.includes('connected')) return 'active';
  if (states.includes('connecting')) return 'connecting';
  return 'outgoing';
}

/** The snapshot of nothing. */
export const IDLE_SNAPSHOT: CallSnapshot = Object.freeze({
  phase: 'idle',
  id: null,
  media: 'audio',
  caller: null,
  group: false,
  conv: null,
  participants: [],
  local: null,
  muted: false,
  cameraOff: true,
  sharing: false,
  facing: 'user',
  startedAt: null,
  endReason: null,
  mediaError: null,
  speaking: false,
});

function participantOf(p: Person): CallParticipant {
  return {
    peer: p.peer,
    state: p.state,
    stream: p.state === 'connected' ? (p.link?.remote ?? null) : null,
    muted: p.muted,
    cameraOff: p.cameraOff,
    sharing: p.sharing,
    speaking: p.state === 'connected' && p.speaking,
    quality: p.quality,
  };
}

/** A new snapshot (new objects throughout) of `call` and my media. */
export function buildSnapshot(call: CallFacts | null, local: LocalFacts): CallSnapshot {
  if (!call) return { ...IDLE_SNAPSHOT, mediaError: local.mediaError };
  const ended = call.ended;
  return {
    phase: phaseOf(call),
    id: call.id,
    media: call.media,
    caller: call.caller,
    group: call.group,
    conv: call.conv,
    participants: [...call.people.values()].map(participantOf),
    local: ended ? null : local.stream,
    muted: local.muted,
    cameraOff: local.cameraOff,
    sharing: local.sharing,
    facing: local.facing,
    startedAt: call.startedAt,
    endReason: call.endReason,
    mediaError: local.mediaError,
    speaking: !ended && !local.muted && local.speaking,
  };
}

/**
 * [CALL-15] The entry I write for a person I rang: completed once they were
 * connected (duration: whole seconds connected together), else how their
 * ringing ended.
 */
export function entryBody(
  call: Pick<CallFacts, 'id' | 'media' | 'group'>,
  p: Person,
  endedAt: number,
): CallBody {
  const outcome: CallOutcome = p.connectedAt !== null ? 'completed' : (p.outcome ?? 'failed');
  const until = p.leftAt ?? endedAt;
  const seconds = p.connectedAt === null ? 0 : Math.floor((until - p.connectedAt) / 1000);
  const body: CallBody = {
    call: call.id,
    media: call.media,
    outcome,
    duration: outcome === 'completed' ? Math.min(MAX_CALL_SECONDS, Math.max(0, seconds)) : 0,
  };
  if (call.group) body.group = true;
  return body;
}

/**
 * [GCALL-6] The entry the caller of a group's call writes in the group: completed once anyone
 * was connected (duration: whole seconds from the first connection until the call ended for me),
 * else missed; `joined` names me and everyone who was connected at any time.
 */
export function groupEntryBody(
  call: Pick<CallFacts, 'id' | 'media' | 'startedAt' | 'people'>,
  me: PeerId,
  endedAt: number,
): CallBody {
  const joined = [me];
  for (const p of call.people.values()) if (p.connectedAt !== null) joined.push(p.peer);
  const started = call.startedAt;
  const seconds = started === null ? 0 : Math.floor((endedAt - started) / 1000);
  return {
    call: call.id,
    media: call.media,
    outcome: started === null ? 'missed' : 'completed',
    duration: Math.min(MAX_CALL_SECONDS, Math.max(0, seconds)),
    group: true,
    joined: joined.slice(0, MAX_CALL_PEOPLE),
  };
}
