/**
 * Group control events as the fold sees them: causal-context relations, fork resolution, and
 * the checks one event passes or fails on its own, before any replay.
 * Spec: docs/protocol.md [GRP-2], [GRP-4], [GRP-5].
 */
import { base64urlDecode } from '../base64url';
import type { ChatEvent } from '../chatEvent';
import { provesGenesis, peerIdOfPub } from '../groupId';
import type { PeerId } from '../ids';
import { isGroupEventType, type GroupEventType } from './bodies';

/** [GRP-4] The longest a join link lives: a week. */
export const LINK_TTL_MS = 7 * 24 * 3600 * 1000;

/** A group control event (any `group.*` type). */
export type ControlEvent<T extends GroupEventType = GroupEventType> = ChatEvent<T>;

/** Why a control event changes nothing. Stable words: logs and tests use them. */
export type VoidReason =
  // [GRP-4] checks of the event alone
  | 'shape'
  | 'genesis'
  | 'key'
  | 'self'
  | 'context'
  | 'link-ttl'
  | 'fork'
  // [GRP-8] checks during the replay
  | 'no-genesis'
  | 'dissolved'
  | 'not-member'
  | 'rank'
  | 'not-in-group'
  | 'already-member'
  | 'pending'
  | 'full'
  | 'removed-concurrently'
  | 're-added-concurrently'
  | 'link-unknown'
  | 'link-revoked'
  | 'link-expired'
  | 'link-issuer'
  | 'link-exists'
  | 'no-change';

/** An event's place in its author's log. */
export interface LogPosition {
  author: PeerId;
  seq: number;
}

/** Narrow a chat event to a control event. */
export function isControlEvent(event: ChatEvent): event is ControlEvent {
  return isGroupEventType(event.type);
}

/** Narrow a control event to one type. */
export function isControlOf<T extends GroupEventType>(
  event: ControlEvent,
  type: T,
): event is ControlEvent<T> {
  return event.type === type;
}

/**
 * [GRP-2] True when `event` was written after its author had seen `other`: an earlier entry
 * of its own log, or one its causal context covers.
 */
export function saw(event: ControlEvent, other: LogPosition): boolean {
  if (other.author === event.author) return other.seq < event.seq;
  return (event.body.ctx[other.author] ?? 0) >= other.seq;
}

/** [GRP-2] Neither event had seen the other. */
export function concurrent(a: ControlEvent, b: ControlEvent): boolean {
  return !saw(a, b) && !saw(b, a);
}

/** The member a control event acts on, if any (add, remove, role, transfer). */
export function memberOf(event: ControlEvent): PeerId | null {
  const body = event.body as { member?: PeerId };
  return body.member ?? null;
}

/** Byte order of two signatures (base64url); an undecodable one sorts last. */
export function compareSignatures(a: string, b: string): number {
  const x = base64urlDecode(a);
  const y = base64urlDecode(b);
  if (!x || !y) return x ? -1 : y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! - y[i]!;
  }
  return x.length - y.length;
}

/**
 * [GRP-5] Of two different events at one (author, seq) — a restored backup writing on two
 * devices — every device keeps the one whose signature bytes are lower.
 */
export function pickForkWinner<E extends ChatEvent>(a: E, b: E): E {
  return compareSignatures(a.sig, b.sig) <= 0 ? a : b;
}

/** [GRP-4] The reason a control event is void on its own, or null when it may be replayed. */
export function controlIssue(event: ControlEvent): VoidReason | null {
  const { body } = event;
  if ((body.ctx[event.author] ?? 0) >= event.seq) return 'context';
  const member = memberOf(event);
  if (member === event.author) return 'self';
  if (isControlOf(event, 'group.create')) return provesGenesis(event) ? null : 'genesis';
  if (isControlOf(event, 'group.add')) {
    return peerIdOfPub(event.body.pub) === event.body.member ? null : 'key';
  }
  if (isControlOf(event, 'group.join')) {
    return peerIdOfPub(event.body.pub) === event.author ? null : 'key';
  }
  if (isControlOf(event, 'group.link') && event.body.op === 'create') {
    const { expires } = event.body;
    return expires > event.ts && expires - event.ts <= LINK_TTL_MS ? null : 'link-ttl';
  }
  return null;
}
