/**
 * Keeps the wake directory ([WAKE-10]) in step with the people we let wake us, while wake is on:
 * the slot of each friend's token (its hash, which a push from them carries) with how we name
 * them and our chat with them, so the service worker can say who wants to reach us without the
 * push ever naming anyone. Refreshes never overlap; requests made during one are served by one
 * more pass. Written only when it changed.
 */
import type { PlumeDatabase } from '../../db/db';
import { listPeople } from '../../db/peopleRepo';
import {
  clearWakeDirectory,
  listWakeEntries,
  replaceWakeEntries,
  WAKE_DB_NAME,
  type WakeEntry,
} from '../../db/wakeDirectory';
import { loadWakePreference } from '../../db/wakeRepo';
import { directConversationId } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { personTitle, type PersonRecord } from '../../lib/people';
import { reachHash } from '../../lib/reach';
import { opensTo } from '../reach/plan';

const logger = log('peers:wake');

/** The directory for `people`: every friend we let reach us who holds a token of ours. */
export async function wakeEntries(
  people: readonly PersonRecord[],
  me: PeerId,
): Promise<WakeEntry[]> {
  const entries = await Promise.all(
    people
      .filter((person) => opensTo(person) && person.reachGiven !== undefined)
      .map(async (person) => ({
        slot: await reachHash(person.reachGiven!),
        name: personTitle(person),
        conv: directConversationId(me, person.id),
      })),
  );
  return entries.sort((a, b) => a.slot.localeCompare(b.slot));
}

function same(a: readonly WakeEntry[], b: readonly WakeEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => x.slot === b[i]?.slot && x.name === b[i]?.name && x.conv === b[i]?.conv)
  );
}

/** Construction parameters; `directory` names the database (tests pass their own). */
export interface WakeDirectoryOptions {
  db: PlumeDatabase;
  me: PeerId;
  directory?: string;
}

/** Writes the directory from the stored people. */
export class WakeDirectoryKeeper {
  readonly #o: WakeDirectoryOptions;
  #wanted = false;
  #running: Promise<void> | null = null;

  constructor(options: WakeDirectoryOptions) {
    this.#o = options;
  }

  /** Bring the directory up to date; resolves once a pass begun after the call is done. */
  refresh(): Promise<void> {
    this.#wanted = true;
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#wanted) {
      this.#wanted = false;
      try {
        await this.#pass();
      } catch (err) {
        logger.warn('could not update the wake directory', describeError(err));
      }
    }
  }

  async #pass(): Promise<void> {
    const { db, me } = this.#o;
    const name = this.#o.directory ?? WAKE_DB_NAME;
    if ((await loadWakePreference(db)).choice !== 'on') {
      // Wake is off: nobody is named, whatever was there.
      if ((await listWakeEntries(name)).length > 0) await clearWakeDirectory(name);
      return;
    }
    const next = await wakeEntries(await listPeople(db), me);
    const current = (await listWakeEntries(name)).sort((a, b) => a.slot.localeCompare(b.slot));
    if (!same(current, next)) await replaceWakeEntries(next, name);
  }
}
