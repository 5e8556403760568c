/**
 * The budgets of one id that must outlive a hibernation: the new-recipient bucket
 * ([SIG-HYG-7]) and the `/turn` bucket ([TURN-6]). They live in the id's `PeerObject` memory,
 * so a reconnect does not refill them, and their levels also ride in the current socket's
 * attachment: the runtime evicts an object about ten seconds after its last event, and a
 * socket that waited that long must not find them full again. Saving them is a serialization
 * of the attachment, never a storage write.
 */
import { readBucketState, TokenBucket, type BucketState } from './rateLimit';
import { RecipientLedger } from './recipients';
import { TURN_BUCKET } from './turnAllowance';

/** What the attachment carries. */
export interface SavedBudgets {
  recipients: BucketState;
  turn: BucketState;
}

/** Both budgets of one id. */
export class IdBudgets {
  readonly recipients: RecipientLedger;
  readonly turn: TokenBucket;

  /** Full budgets, or the levels a socket's attachment carried. */
  constructor(now: number, saved: SavedBudgets | null) {
    this.recipients = new RecipientLedger(now, saved?.recipients);
    this.turn = new TokenBucket(TURN_BUCKET, now, saved?.turn);
  }

  save(): SavedBudgets {
    return { recipients: this.recipients.save(), turn: this.turn.save() };
  }
}

/** Saved budgets from an attachment; null when absent or not ours. */
export function readSavedBudgets(value: unknown): SavedBudgets | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const recipients = readBucketState(v.recipients);
  const turn = readBucketState(v.turn);
  return recipients && turn ? { recipients, turn } : null;
}
