/**
 * What reach tokens look like on the signaling wire: the token merged into an OFFER's metadata
 * ([SIG-REACH-3]) and the frame that registers our hashes ([SIG-REACH-2]). Shared by both
 * transport adapters, so the memory hub sees exactly what the worker sees.
 */
import type { PeerId } from '../../lib/ids';
import { REACH_FRAME_TYPE, REACH_METADATA_KEY, type ReachHash } from '../../lib/reach';
import type { ChannelMetadata, ReachState } from '../transport';

/** The client frame that registers our hashes with our own signaling object. [SIG-REACH-2] */
export interface ReachRegistrationFrame {
  type: typeof REACH_FRAME_TYPE;
  payload: { hashes: ReachHash[] };
}

/** The registration frame for `hashes`. */
export function registrationFrame(hashes: readonly ReachHash[]): ReachRegistrationFrame {
  return { type: REACH_FRAME_TYPE, payload: { hashes: [...hashes] } };
}

/**
 * The metadata of an OFFER to `peer`: the caller's, plus the token `peer` gave us when we hold
 * one. Ours wins over a caller's own `reach` key: the gate reads only that one. [SIG-REACH-3]
 */
export function offerMetadata(
  metadata: ChannelMetadata,
  peer: PeerId,
  reach: ReachState | null,
): ChannelMetadata {
  const token = reach?.present.get(peer);
  return token ? { ...metadata, [REACH_METADATA_KEY]: token } : metadata;
}

/** True when two hash lists name the same set (the frame replaces the whole set). */
export function sameHashes(a: readonly ReachHash[], b: readonly ReachHash[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((hash) => set.has(hash));
}
