/**
 * Outbox repository: frames waiting for a peer's next session. Entries are
 * written together with the person's state (peopleRepo.changePerson); this
 * module reads them and drops the ones that were answered. [FR-1, FR-5]
 */
import type { PeerId } from '../lib/ids';
import type { OutboxEntry, OutboxFrame } from '../lib/people';
import type { PlumeDatabase } from './db';
import { withStorage } from './storageErrors';

/** Entries queued for `to`, oldest first. */
export function outboxFor(db: PlumeDatabase, to: PeerId): Promise<OutboxEntry[]> {
  return withStorage(db, (d) => d.outbox.where('to').equals(to).sortBy('seq'));
}

/** Drop `to`'s queued frames of `type`. */
export async function dequeue(
  db: PlumeDatabase,
  to: PeerId,
  type: OutboxFrame['type'],
): Promise<void> {
  await withStorage(db, (d) =>
    d.outbox
      .where('to')
      .equals(to)
      .filter((entry) => entry.frame.type === type)
      .delete(),
  );
}
