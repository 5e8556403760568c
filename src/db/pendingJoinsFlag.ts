/**
 * Whether any join by group code waits for approval ([GRP-81]): the one question the Chats
 * screen asks on every visit, so that the list of waiting joins (a chunk of its own, with
 * `pendingJoins.ts`) loads only on a device that has one. Never rejects: a failed read is "no".
 */
import type { PlumeDatabase } from './db';

/** The settings row that holds the waiting joins. */
export const PENDING_JOINS_KEY = 'pendingGroupJoins';

/** True when the row holds at least one entry. */
export async function hasPendingJoins(db: PlumeDatabase): Promise<boolean> {
  try {
    const row = await db.settings.get(PENDING_JOINS_KEY);
    return Array.isArray(row?.value) && row.value.length > 0;
  } catch {
    return false;
  }
}
