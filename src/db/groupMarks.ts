/**
 * Group read marks (schema v6): one row per member per group, the highest signed mark held
 * ([GRP-52]). Marks arrive checked (shape, signature, membership); this only keeps the highest
 * and tells this page's views after the write commits. Every function rejects with StorageError
 * only.
 */
import { Emitter } from '../lib/emitter';
import { raisesMark, type ReadMark } from '../lib/group/readMark';
import type { ConversationId, PeerId } from '../lib/ids';
import type { PlumeDatabase } from './db';
import { withStorage } from './storageErrors';

/** A stored mark: as it travels, so it can be relayed as it is. */
export type GroupMarkRow = ReadMark;

interface MarkEvents {
  raised: (conv: ConversationId) => void;
}

const emitters = new WeakMap<PlumeDatabase, Emitter<MarkEvents>>();

function emitterOf(db: PlumeDatabase): Emitter<MarkEvents> {
  let emitter = emitters.get(db);
  if (!emitter) {
    emitter = new Emitter<MarkEvents>();
    emitters.set(db, emitter);
  }
  return emitter;
}

/**
 * [GRP-52] Keep each mark that is higher than the one held for its member (one transaction);
 * resolves to the marks that raised one, which are the ones worth relaying.
 */
export async function raiseMarks(
  db: PlumeDatabase,
  marks: readonly ReadMark[],
): Promise<ReadMark[]> {
  if (marks.length === 0) return [];
  const raised = await withStorage(db, (d) =>
    d.transaction('rw', d.groupMarks, async () => {
      const out: ReadMark[] = [];
      // The highest of each member first, so a frame holding two marks of one member keeps one.
      const best = new Map<string, ReadMark>();
      for (const mark of marks) {
        const key = `${mark.conv}|${mark.member}`;
        if (raisesMark(best.get(key), mark)) best.set(key, mark);
      }
      for (const mark of best.values()) {
        const held = await d.groupMarks.get([mark.conv, mark.member]);
        if (!raisesMark(held, mark)) continue;
        await d.groupMarks.put({
          conv: mark.conv,
          member: mark.member,
          upto: mark.upto,
          sig: mark.sig,
        });
        out.push(mark);
      }
      return out;
    }),
  );
  for (const conv of new Set(raised.map((m) => m.conv))) emitters.get(db)?.emit('raised', conv);
  return raised;
}

/** Every mark held for `conv` (at most one per person ever admitted). */
export function listMarks(db: PlumeDatabase, conv: ConversationId): Promise<GroupMarkRow[]> {
  return withStorage(db, (d) =>
    d.groupMarks.where('[conv+member]').between([conv, ''], [conv, '\uffff']).toArray(),
  );
}

/** The mark held for `member` in `conv`, if any. */
export async function getMark(
  db: PlumeDatabase,
  conv: ConversationId,
  member: PeerId,
): Promise<GroupMarkRow | null> {
  return (await withStorage(db, (d) => d.groupMarks.get([conv, member]))) ?? null;
}

/** Call `listener` with each group whose marks this page raised in `db`. */
export function watchMarks(
  db: PlumeDatabase,
  listener: (conv: ConversationId) => void,
): () => void {
  return emitterOf(db).on('raised', listener);
}
