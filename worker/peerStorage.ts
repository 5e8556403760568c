/**
 * Everything a peer object writes to storage: the mark that its id has held a socket, and the
 * queue of messages waiting for it. An id that never connected has neither, and nothing sent to
 * it writes either; an emptied queue wipes the lot with `deleteAll()`, alarm included.
 * Spec: docs/protocol.md [SIG-STORE-1]…[SIG-STORE-3].
 */
import { logError } from './log';
import { PendingQueue } from './queue';

/** The key of the held-a-socket mark in the object's synchronous KV storage. */
export const HELD_KEY = 'held';

/** The storage of one peer object. */
export class PeerStorage {
  readonly queue: PendingQueue;
  readonly #storage: DurableObjectStorage;
  /** Has this id held a socket since the storage was last wiped? Null until read. */
  #held: boolean | null = null;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.queue = new PendingQueue(storage.sql);
  }

  /**
   * True when this id has held a socket (and the storage was not wiped since). A read, never a
   * write, and read once per object lifetime: a stranger's id costs one row read at most.
   */
  get hasHeldSocket(): boolean {
    this.#held ??= this.#storage.kv.get(HELD_KEY) !== undefined;
    return this.#held;
  }

  /** A socket connected: remember it, writing only when not already remembered. */
  markHeld(): void {
    if (this.hasHeldSocket) return;
    this.#storage.kv.put(HELD_KEY, 1);
    this.#held = true;
  }

  /** The queue is empty: delete everything, alarm included (compatibility date ≥ 2026-02-24). */
  wipe(): void {
    this.#storage.deleteAll().catch((err: unknown) => logError('deleteAll', err));
    this.queue.forget();
    this.#held = false;
  }
}
