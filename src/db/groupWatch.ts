/**
 * Telling this page that a group's roster was folded again ([GRP-18]): the store emits after
 * its transaction commits, and the roster directory listens. Per database.
 */
import { Emitter } from '../lib/emitter';
import type { PlumeDatabase } from './db';
import type { GroupRow } from './groupRows';

interface GroupEvents {
  folded: (row: GroupRow) => void;
}

const emitters = new WeakMap<PlumeDatabase, Emitter<GroupEvents>>();

function emitterOf(db: PlumeDatabase): Emitter<GroupEvents> {
  let emitter = emitters.get(db);
  if (!emitter) {
    emitter = new Emitter<GroupEvents>();
    emitters.set(db, emitter);
  }
  return emitter;
}

/** A store folded `row`'s group again (after its transaction committed). */
export function emitGroup(db: PlumeDatabase, row: GroupRow): void {
  emitters.get(db)?.emit('folded', row);
}

/** Call `listener` with every group this page folds again in `db`. */
export function watchGroups(db: PlumeDatabase, listener: (row: GroupRow) => void): () => void {
  return emitterOf(db).on('folded', listener);
}
