/**
 * Which members to ask for a group's file. Any member who holds it may serve it; one who did
 * not (it lacked the file, went away, stalled) is skipped until a new round or until its
 * session comes up again, and one whose chunk or manifest its signed lists refute is not asked
 * again by this engine. Spec: docs/protocol.md [GFILE-3], [GFILE-4].
 */
import type { EventId, PeerId } from '../../lib/ids';

/** Per file, the members not to ask now. */
export class HolderBook {
  /** Refuted by the author's signed lists: never asked again for that file. */
  readonly #bad = new Map<EventId, Set<PeerId>>();
  /** Did not serve the file in this round. */
  readonly #tried = new Map<EventId, Set<PeerId>>();

  /** May `peer` be asked for `id` now? */
  usable(id: EventId, peer: PeerId): boolean {
    return !this.#bad.get(id)?.has(peer) && !this.#tried.get(id)?.has(peer);
  }

  /** `peer` did not serve `id`; `bad` when what it sent was refuted. */
  failed(id: EventId, peer: PeerId, bad: boolean): void {
    const book = bad ? this.#bad : this.#tried;
    const set = book.get(id) ?? new Set<PeerId>();
    set.add(peer);
    book.set(id, set);
  }

  /** A new round for `id`: every member not refuted may be asked again. */
  newRound(id: EventId): void {
    this.#tried.delete(id);
  }

  /** `peer`'s session came up again: it may hold what it lacked before. */
  back(peer: PeerId): void {
    for (const [id, set] of this.#tried) {
      set.delete(peer);
      if (set.size === 0) this.#tried.delete(id);
    }
  }
}
