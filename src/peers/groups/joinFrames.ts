/**
 * The frames of a join by group code, on a session between a joiner and a member who answers
 * for the code (its host). A stranger may send them ([GRP-44]); anything malformed is dropped.
 * Spec: docs/protocol.md [GRP-44]…[GRP-46].
 */
import { isGroupId } from '../../lib/groupId';
import type { ConversationId } from '../../lib/ids';
import { SESSION_PROTOCOL_VERSION } from '../session/constants';
import type { ControlFrame } from '../session/frames';

type V = typeof SESSION_PROTOCOL_VERSION;

/** Why a host refuses a join. [GRP-45] */
export type JoinRefusal =
  /** No live code of this group proves (wrong code, or the host is no longer a member). */
  | 'unknown'
  /** The code was revoked, or its issuer is no longer an admin. */
  | 'revoked'
  | 'expired'
  | 'full'
  /** The join event is not one the group's fold would take. */
  | 'invalid';

const REFUSALS: ReadonlySet<string> = new Set(['unknown', 'revoked', 'expired', 'full', 'invalid']);

/** Joiner → host: I hold the code (the proof, [GRP-43]). */
export interface JoinAskFrame {
  type: 'GROUP_JOIN_ASK';
  v: V;
  conv: ConversationId;
  proof: string;
}
/** Host → joiner: the group's control events, in frames under the batch cap; `last` ends them. */
export interface JoinControlFrame {
  type: 'GROUP_JOIN_CONTROL';
  v: V;
  conv: ConversationId;
  events: unknown[];
  last: boolean;
}
/** Joiner → host: the signed `group.join`. */
export interface JoinEventFrame {
  type: 'GROUP_JOIN';
  v: V;
  conv: ConversationId;
  event: unknown;
}
/** Host → joiner: what became of the join. */
export interface JoinResultFrame {
  type: 'GROUP_JOIN_RESULT';
  v: V;
  conv: ConversationId;
  status: 'member' | 'pending' | 'refused';
  reason?: JoinRefusal;
}

export type JoinFrame = JoinAskFrame | JoinControlFrame | JoinEventFrame | JoinResultFrame;

export { JOIN_FRAME_TYPES } from './joinFrameTypes';

/** The join frame in `raw`, or null when it is none or malformed. */
export function parseJoinFrame(raw: ControlFrame): JoinFrame | null {
  if (raw.v !== SESSION_PROTOCOL_VERSION || !isGroupId(raw.conv)) return null;
  switch (raw.type) {
    case 'GROUP_JOIN_ASK':
      return typeof raw.proof === 'string' && raw.proof.length <= 64
        ? (raw as unknown as JoinAskFrame)
        : null;
    case 'GROUP_JOIN_CONTROL':
      return Array.isArray(raw.events) && typeof raw.last === 'boolean'
        ? (raw as unknown as JoinControlFrame)
        : null;
    case 'GROUP_JOIN':
      return typeof raw.event === 'object' && raw.event !== null
        ? (raw as unknown as JoinEventFrame)
        : null;
    case 'GROUP_JOIN_RESULT': {
      const okStatus = raw.status === 'member' || raw.status === 'pending';
      const refused =
        raw.status === 'refused' && typeof raw.reason === 'string' && REFUSALS.has(raw.reason);
      return okStatus || refused ? (raw as unknown as JoinResultFrame) : null;
    }
    default:
      return null;
  }
}

const v = SESSION_PROTOCOL_VERSION;

export function askFrame(conv: ConversationId, proof: string): JoinAskFrame {
  return { type: 'GROUP_JOIN_ASK', v, conv, proof };
}

export function controlFrame(
  conv: ConversationId,
  events: unknown[],
  last: boolean,
): JoinControlFrame {
  return { type: 'GROUP_JOIN_CONTROL', v, conv, events, last };
}

export function joinEventFrame(conv: ConversationId, event: unknown): JoinEventFrame {
  return { type: 'GROUP_JOIN', v, conv, event };
}

export function resultFrame(
  conv: ConversationId,
  status: JoinResultFrame['status'],
  reason?: JoinRefusal,
): JoinResultFrame {
  return reason
    ? { type: 'GROUP_JOIN_RESULT', v, conv, status, reason }
    : {
        type: 'GROUP_JOIN_RESULT',
        v,
        conv,
        status,
      };
}
