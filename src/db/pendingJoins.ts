/**
 * Joins by group code that wait for an admin's approval, kept across reloads so the app can ask
 * again without the user scanning the code again ([GRP-81]). One row of the `settings` table
 * (key `pendingGroupJoins`), which the settings repository ignores as none of its keys: no schema
 * change for a list of a few entries. Each entry keeps the code as its payload and is parsed
 * again on every read, so a damaged entry is dropped, never shown. Rejects with StorageError only.
 */
import {
  formatGroupCodePayload,
  GROUP_CODE_ROUTE,
  parseGroupCode,
  type GroupCode,
} from '../lib/groupCode';
import type { ConversationId } from '../lib/ids';
import type { PlumeDatabase } from './db';
import { withStorage } from './storageErrors';

import { PENDING_JOINS_KEY } from './pendingJoinsFlag';

export { PENDING_JOINS_KEY };

/** At most this many joins are remembered; the oldest go first. */
export const MAX_PENDING_JOINS = 20;

/** A join waiting for approval. */
export interface PendingJoin {
  code: GroupCode;
  /** When the request was sent (ms). */
  since: number;
}

interface StoredJoin {
  payload: string;
  since: number;
}

function isStoredJoin(value: unknown): value is StoredJoin {
  const v = value as Partial<StoredJoin> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.payload === 'string' &&
    typeof v.since === 'number' &&
    Number.isFinite(v.since)
  );
}

function parse(value: unknown): PendingJoin[] {
  if (!Array.isArray(value)) return [];
  const joins: PendingJoin[] = [];
  for (const entry of value) {
    if (!isStoredJoin(entry)) continue;
    const parsed = parseGroupCode(`${GROUP_CODE_ROUTE}${entry.payload}`);
    if (parsed.ok) joins.push({ code: parsed.code, since: entry.since });
  }
  return joins;
}

async function write(d: PlumeDatabase, joins: readonly PendingJoin[]): Promise<void> {
  const value = joins.map((j) => ({ payload: formatGroupCodePayload(j.code), since: j.since }));
  await d.settings.put({ key: PENDING_JOINS_KEY, value });
}

/** Every remembered join, oldest first. */
export async function listPendingJoins(db: PlumeDatabase): Promise<PendingJoin[]> {
  const row = await withStorage(db, (d) => d.settings.get(PENDING_JOINS_KEY));
  return parse(row?.value);
}

/** Remember `code`'s join (again: its entry moves to the end). */
export async function rememberPendingJoin(
  db: PlumeDatabase,
  code: GroupCode,
  since: number,
): Promise<void> {
  await withStorage(db, async (d) => {
    const held = parse((await d.settings.get(PENDING_JOINS_KEY))?.value);
    const kept = held.filter((j) => j.code.conv !== code.conv);
    await write(d, [...kept, { code, since }].slice(-MAX_PENDING_JOINS));
  });
}

/** Forget the join of `conv` (accepted, declined, or given up). */
export async function forgetPendingJoin(db: PlumeDatabase, conv: ConversationId): Promise<void> {
  await withStorage(db, async (d) => {
    const held = parse((await d.settings.get(PENDING_JOINS_KEY))?.value);
    await write(
      d,
      held.filter((j) => j.code.conv !== conv),
    );
  });
}
