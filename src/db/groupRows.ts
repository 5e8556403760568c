/**
 * Row shape of the `groups` table (schema v5, src/db/db.ts): a group's folded roster, derived
 * from its stored control events in the same transaction that stores them.
 * Spec: docs/protocol.md [GRP-18].
 */
import type { GroupFold } from '../lib/group/types';
import type { ConversationId, PeerId } from '../lib/ids';

/** One group as this device folds it. */
export interface GroupRow {
  conv: ConversationId;
  fold: GroupFold;
  /**
   * [GRP-14] Every key the stored control events name (genesis, add, join), canonical base64url
   * by person: former members' too, so their events from before they went out still verify.
   */
  keys: Record<PeerId, string>;
  /** Control events stored, to tell a fold that changed from one that did not. */
  controls: number;
}
