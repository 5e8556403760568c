/**
 * Reading folded groups ([GRP-18]): the roster cache the store keeps beside the events, and a
 * group's control events. Every function rejects with StorageError only.
 */
import type { ChatEvent } from '../lib/chatEvent';
import type { ConversationId } from '../lib/ids';
import { fromRow } from './chatStore';
import type { PlumeDatabase } from './db';
import type { GroupRow } from './groupRows';
import { withStorage } from './storageErrors';

/** One group as folded here, or null when none of its control events is held. */
export async function getGroup(db: PlumeDatabase, conv: ConversationId): Promise<GroupRow | null> {
  return (await withStorage(db, (d) => d.groups.get(conv))) ?? null;
}

/** Every group folded here (a device holds a few dozen at most). */
export function listGroups(db: PlumeDatabase): Promise<GroupRow[]> {
  return withStorage(db, (d) => d.groups.toArray());
}

/** A group's stored control events, by author and seq: what its fold is made of. */
export async function controlEvents(db: PlumeDatabase, conv: ConversationId): Promise<ChatEvent[]> {
  const rows = await withStorage(db, (d) => d.events.where('control').equals(conv).toArray());
  return rows.map(fromRow);
}
