/** Whether a chat holds something for its peer: the rule that starts a wake ([WAKE-14]). */
import type { ConvRow } from '../../db/chatRows';
import type { PeerId } from '../../lib/ids';

/**
 * True when `row` holds events of ours (messages, files) its peer has not acknowledged. A group
 * has no one peer (its delivery marks are not kept): it never starts a wake.
 */
export function hasUndelivered(
  row: Pick<ConvRow, 'vv' | 'deliveredSeq' | 'kind'>,
  me: PeerId,
): boolean {
  return row.kind !== 'group' && (row.vv[me] ?? 0) > row.deliveredSeq;
}
