/**
 * Conversation rows and drafts: the chats list, pin, mute, read state, and
 * the delivery marks the sync engine records. Every function rejects with
 * StorageError only. Spec: docs/protocol.md [SYNC-6], [SYNC-8].
 */
import type { ConversationId } from '../lib/ids';
import type { ConvRow } from './chatRows';
import { emptyConv, type ConvIdentity } from './chatStore';
import type { PlumeDatabase } from './db';
import { withStorage } from './storageErrors';

/** One conversation, or null. */
export async function getConv(db: PlumeDatabase, conv: ConversationId): Promise<ConvRow | null> {
  return (await withStorage(db, (d) => d.convs.get(conv))) ?? null;
}

/** Every conversation (the list is small: one per friend). */
export function listConvs(db: PlumeDatabase): Promise<ConvRow[]> {
  return withStorage(db, (d) => d.convs.toArray());
}

/** The row of `who.conv`, created empty when missing. */
export function ensureConv(db: PlumeDatabase, who: ConvIdentity, now: number): Promise<ConvRow> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.convs, async () => {
      const row = await d.convs.get(who.conv);
      if (row) return row;
      const fresh = emptyConv(who, now);
      await d.convs.add(fresh);
      return fresh;
    }),
  );
}

/**
 * Change one row in a transaction; `change` returns false to leave it as is.
 * Resolves to the row after the change (null when the conversation is unknown).
 */
export function updateConv(
  db: PlumeDatabase,
  conv: ConversationId,
  change: (row: ConvRow) => boolean,
): Promise<ConvRow | null> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.convs, async () => {
      const row = await d.convs.get(conv);
      if (!row) return null;
      if (change(row)) await d.convs.put(row);
      return row;
    }),
  );
}

/** Raise a numeric mark (never lowers it); true when it moved. */
export async function raiseMark(
  db: PlumeDatabase,
  conv: ConversationId,
  field: 'sentSeq' | 'deliveredSeq' | 'peerReadUpto',
  value: number,
): Promise<boolean> {
  let moved = false;
  await updateConv(db, conv, (row) => {
    moved = value > row[field];
    if (moved) row[field] = value;
    return moved;
  });
  return moved;
}

/** What marking a conversation read did. */
export interface ReadMarked {
  /** The row after it. */
  row: ConvRow;
  /** The lamport read up to before. */
  before: number;
  /** Whether the row changed (unread cleared or read further). */
  changed: boolean;
}

/**
 * Mark everything up to the newest event read, in one transaction; null when
 * the conversation is unknown.
 */
export async function markConvRead(
  db: PlumeDatabase,
  conv: ConversationId,
): Promise<ReadMarked | null> {
  let before = 0;
  let changed = false;
  const row = await updateConv(db, conv, (r) => {
    before = r.readUpto;
    if (r.unread === 0 && r.readUpto >= r.maxLamport) return false;
    r.unread = 0;
    r.readUpto = Math.max(r.readUpto, r.maxLamport);
    return (changed = true);
  });
  return row && { row, before, changed };
}

/** The stored draft ('' when none). */
export async function getDraft(db: PlumeDatabase, conv: ConversationId): Promise<string> {
  return (await withStorage(db, (d) => d.drafts.get(conv)))?.text ?? '';
}

/** Store a draft; an empty one is deleted. */
export async function putDraft(
  db: PlumeDatabase,
  conv: ConversationId,
  text: string,
  now: number,
): Promise<void> {
  await withStorage(db, async (d) => {
    if (text) await d.drafts.put({ conv, text, at: now });
    else await d.drafts.delete(conv);
  });
}
