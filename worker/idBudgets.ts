/**
 * The budgets of one id that must outlive a hibernation: the new-recipient bucket
 * ([SIG-HYG-7]), the `/turn` bucket ([TURN-6]) and the push-registration bucket ([WAKE-3]). They live in the id's `PeerObject` memory,
 * so a reconnect does not refill them, and their levels also ride in the current socket's
 * attachment: the runtime evicts an object about ten seconds after its last event, and a
 * socket that waited that long must not find them full again. Saving them is a serialization
 * of the attachment, never a storage write.
 */
import { readBucketState, TokenBucket, type BucketSpec, type BucketState } from './rateLimit';
import { RecipientLedger } from './recipients';
import { TURN_BUCKET } from './turnAllowance';

/**
 * Push registrations (`PUT /wake/subscription`) per id: 5 at once, then one a minute. The app
 * registers when wake is turned on and when the browser's subscription changes, so a handful a
 * day; each one that changes the subscription is a storage write.
 */
export const WAKE_REGISTER_BUCKET: BucketSpec = { capacity: 5, refillPerSecond: 1 / 60 };

/** What the attachment carries. */
export interface SavedBudgets {
  recipients: BucketState;
  turn: BucketState;
  /** Absent in attachments saved before wake existed: the bucket starts full then. */
  wake?: BucketState;
}

/** The budgets of one id. */
export class IdBudgets {
  readonly recipients: RecipientLedger;
  readonly turn: TokenBucket;
  readonly wake: TokenBucket;

  /** Full budgets, or the levels a socket's attachment carried. */
  constructor(now: number, saved: SavedBudgets | null) {
    this.recipients = new RecipientLedger(now, saved?.recipients);
    this.turn = new TokenBucket(TURN_BUCKET, now, saved?.turn);
    this.wake = new TokenBucket(WAKE_REGISTER_BUCKET, now, saved?.wake);
  }

  save(): SavedBudgets {
    return { recipients: this.recipients.save(), turn: this.turn.save(), wake: this.wake.save() };
  }
}

/** Saved budgets from an attachment; null when absent or not ours. */
export function readSavedBudgets(value: unknown): SavedBudgets | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const recipients = readBucketState(v.recipients);
  const turn = readBucketState(v.turn);
  const wake = readBucketState(v.wake);
  if (!recipients || !turn) return null;
  return wake ? { recipients, turn, wake } : { recipients, turn };
}
