/**
 * One conversation's sync state on one session, shared by the link and its group side.
 * Spec: docs/protocol.md [SYNC-1], [SYNC-3], [GRP-72], [GRP-73].
 */
import type { ChatEvent } from '../../lib/chatEvent';
import type { FarewellCap } from '../../lib/group/farewell';
import type { VersionVector } from './frames';
import type { SendState } from './outgoing';

/** Per-conversation flow state on a session. [SYNC-3] */
export interface ConvState extends SendState {
  /** [SYNC-1] Random id of this state: a state started afresh gets a new one. */
  readonly epoch: string;
  haveSent: boolean;
  /** The vector of my last HAVE on this state (none yet: empty). */
  said: VersionVector;
  /** The epoch of their HAVEs (undefined: none yet). */
  theirEpoch: string | undefined;
  /** Their last HAVE (null: none yet, so nothing is pushed). */
  theirs: VersionVector | null;
  receivedFrames: number;
  /** [GRP-60] The peer was removed from this group: nothing beyond this is sent. */
  cap?: FarewellCap;
  /** [GRP-73] A group shared with the peer when this state began (undefined: not asked yet). */
  shared?: boolean;
  /** [GRP-72] The admission frames were weighed on this state (sent when the peer lacked them). */
  admitted?: boolean;
  /** [GRP-73] Control events of an invitation not complete yet, kept in memory. */
  pending?: ChatEvent[];
  /** [GRP-73] An invitation was taken: the peer's frames are taken until the group is shared. */
  invited?: boolean;
}

/** A new state with a fresh epoch. */
export function freshState(): ConvState {
  return {
    epoch: crypto.randomUUID().slice(0, 8),
    haveSent: false,
    said: {},
    theirEpoch: undefined,
    theirs: null,
    cursor: {},
    sentFrames: 0,
    ackedFrames: 0,
    receivedFrames: 0,
  };
}

/** Their HAVE `vv` acknowledged `ack` frames: what they hold now bounds what is sent next. */
export function takeHave(state: ConvState, vv: VersionVector, ack: number): void {
  state.ackedFrames = Math.max(state.ackedFrames, Math.min(ack, state.sentFrames));
  state.theirs = vv;
  if (state.sentFrames === state.ackedFrames) {
    // Everything sent was processed: they hold exactly vv; anything beyond was dropped.
    state.cursor = { ...vv };
  } else {
    for (const [author, seq] of Object.entries(vv))
      state.cursor[author] = Math.max(state.cursor[author] ?? 0, seq);
  }
}
