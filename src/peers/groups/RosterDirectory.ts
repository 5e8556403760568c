/**
 * The roster directory: the folded groups this device holds ([GRP-18]), kept in memory from the
 * `groups` table and brought up to date by every store that folds a group again, so sessions
 * and sync ask it without reading IndexedDB.
 * Spec: docs/protocol.md [GRP-12], [GRP-18], [GRP-19].
 */
import type { GroupRow } from '../../db/groupRows';
import { controlEvents, listGroups } from '../../db/groupsRepo';
import { watchGroups } from '../../db/groupWatch';
import type { PlumeDatabase } from '../../db/db';
import { base64urlDecode } from '../../lib/base64url';
import type { ChatEvent } from '../../lib/chatEvent';
import { Emitter } from '../../lib/emitter';
import type { FarewellCap } from '../../lib/group/farewell';
import type { GroupFold } from '../../lib/group/types';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { Unsubscribe } from '../transport';
import type { GroupDirectory } from './contract';

/** How a peer stands toward one group, as sync asks before anything is stored or sent. */
export type GroupAccess =
  /** Both of us are members now, and the group is not dissolved. */
  | 'shared'
  /** I hold no fold of the group: only an invitation may be taken from the peer. [GRP-20] */
  | 'unknown'
  /** I hold the group but am no member of it now (left, removed, or not admitted yet). [GRP-73] */
  | 'outside'
  /** I am a member and the peer is not, as my fold has it. [GRP-73] */
  | 'apart'
  /** The group is dissolved: nobody shares it. */
  | 'refused';

interface DirectoryEvents {
  change: (conv: ConversationId) => void;
}

/** Whether `peer` is a member of `fold` now, and the group still stands. */
function isIn(fold: GroupFold, peer: PeerId): boolean {
  return !fold.dissolved && fold.members[peer] !== undefined;
}

/** The directory of the groups held in `db`, as seen by `me`. */
export class RosterDirectory implements GroupDirectory {
  readonly #me: PeerId;
  readonly #db: PlumeDatabase;
  readonly #rows = new Map<ConversationId, GroupRow>();
  readonly #keys = new Map<ConversationId, Map<PeerId, Uint8Array>>();
  readonly #events = new Emitter<DirectoryEvents>();
  readonly #off: Unsubscribe;
  readonly #ready: Promise<void>;

  constructor(db: PlumeDatabase, me: PeerId) {
    this.#me = me;
    this.#db = db;
    // Folds stored while the table is read win over what the read returns.
    const early = new Map<ConversationId, GroupRow>();
    let loaded = false;
    this.#off = watchGroups(db, (row) => {
      if (!loaded) early.set(row.conv, row);
      else this.#put(row);
    });
    this.#ready = listGroups(db).then(
      (rows) => {
        for (const row of rows) if (!early.has(row.conv)) this.#rows.set(row.conv, row);
        loaded = true;
        for (const row of early.values()) this.#put(row);
      },
      () => {
        loaded = true;
      },
    );
  }

  /** Resolves once the held groups are loaded. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Stop following stores. */
  close(): void {
    this.#off();
    this.#events.clear();
  }

  /** The fold of `conv` as held now, or null. */
  async fold(conv: ConversationId): Promise<GroupFold | null> {
    await this.#ready;
    return this.#rows.get(conv)?.fold ?? null;
  }

  /** [GRP-14] Raw keys of everyone the group's control events name, for checking its events. */
  async keysOf(conv: ConversationId): Promise<ReadonlyMap<PeerId, Uint8Array>> {
    await this.#ready;
    let keys = this.#keys.get(conv);
    if (!keys) {
      keys = new Map();
      for (const [id, pub] of Object.entries(this.#rows.get(conv)?.keys ?? {})) {
        const raw = base64urlDecode(pub);
        if (raw) keys.set(id as PeerId, raw);
      }
      this.#keys.set(conv, keys);
    }
    return keys;
  }

  /** [GRP-19] How `peer` stands toward `conv`. */
  async access(peer: PeerId, conv: ConversationId): Promise<GroupAccess> {
    await this.#ready;
    const fold = this.#rows.get(conv)?.fold;
    if (!fold) return 'unknown';
    if (fold.dissolved) return 'refused';
    if (!isIn(fold, this.#me)) return 'outside';
    return isIn(fold, peer) ? 'shared' : 'apart';
  }

  /** [GRP-72] The control events held of `conv` (read from storage: asked once per sync state). */
  control(conv: ConversationId): Promise<ChatEvent[]> {
    return controlEvents(this.#db, conv);
  }

  /**
   * [GRP-60] What `peer`, removed from `conv`, may still be sent (the removal and its causal
   * past), or null when they were not removed or I am out myself. Read from storage: asked only
   * about peers the roster refuses, so rarely.
   */
  async farewell(peer: PeerId, conv: ConversationId): Promise<FarewellCap | null> {
    await this.#ready;
    const fold = this.#rows.get(conv)?.fold;
    if (!fold || fold.dissolved || !isIn(fold, this.#me) || fold.removedAt[peer] === undefined)
      return null;
    // The rule's chunk loads only when someone was removed.
    const [{ farewellCap }, controls] = await Promise.all([
      import('../../lib/group/farewell'),
      controlEvents(this.#db, conv),
    ]);
    return farewellCap(fold, controls, this.#me, peer);
  }

  async rosterKey(peer: PeerId): Promise<string | null> {
    await this.#ready;
    for (const { fold } of this.#rows.values()) {
      if (isIn(fold, this.#me) && isIn(fold, peer)) return fold.members[peer]!.pub;
    }
    return null;
  }

  async sharedGroups(peer: PeerId): Promise<readonly ConversationId[]> {
    await this.#ready;
    const shared: ConversationId[] = [];
    for (const { conv, fold } of this.#rows.values()) {
      if (peer !== this.#me && isIn(fold, this.#me) && isIn(fold, peer)) shared.push(conv);
    }
    return shared;
  }

  async shares(peer: PeerId, conv: ConversationId): Promise<boolean> {
    return peer !== this.#me && (await this.access(peer, conv)) === 'shared';
  }

  async members(conv: ConversationId): Promise<readonly PeerId[]> {
    await this.#ready;
    const fold = this.#rows.get(conv)?.fold;
    if (!fold || !isIn(fold, this.#me)) return [];
    return (Object.keys(fold.members) as PeerId[]).filter((id) => id !== this.#me);
  }

  onChange(listener: (conv: ConversationId) => void): Unsubscribe {
    return this.#events.on('change', listener);
  }

  #put(row: GroupRow): void {
    this.#rows.set(row.conv, row);
    this.#keys.delete(row.conv);
    this.#events.emit('change', row.conv);
  }
}
