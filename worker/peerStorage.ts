/**
 * Everything a peer object writes to storage: the mark that its id has held a socket, the reach
 * hashes its peer registered, its push subscription with the wake limits, and the queue of
 * messages waiting for it. An id that never connected has none of them, and nothing sent to it
 * writes any; an emptied queue wipes the lot with `deleteAll()`, alarm included. A socket that
 * holds the id keeps its mark and hashes; a push subscription keeps itself, its limits and the
 * hashes, since a wake is for exactly the time no socket holds the id.
 * Spec: docs/protocol.md [SIG-STORE-1]…[SIG-STORE-3], [SIG-REACH-2], [WAKE-3].
 */
import type { ReachHash } from '../src/lib/reach';
import { logError } from './log';
import { PendingQueue } from './queue';
import { ReachSet } from './reachSet';
import { WakeStore } from './wakeStore';

/** The key of the held-a-socket mark in the object's synchronous KV storage. */
export const HELD_KEY = 'held';

/** The storage of one peer object. */
export class PeerStorage {
  readonly queue: PendingQueue;
  /** The reach hashes registered by the socket that holds (or last held) the id. */
  readonly reach: ReachSet;
  /** The push subscription and the wake limits ([WAKE-*]). */
  readonly wake: WakeStore;
  readonly #storage: DurableObjectStorage;
  /** Has this id held a socket since the storage was last wiped? Null until read. */
  #held: boolean | null = null;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.queue = new PendingQueue(storage.sql);
    this.reach = new ReachSet(storage.kv);
    this.wake = new WakeStore(storage.kv);
  }

  /**
   * Replace the registered hashes ([SIG-REACH-2]); the wake limits of tokens that left the set
   * go with them ([WAKE-13]).
   */
  registerReach(hashes: readonly ReachHash[]): void {
    if (this.reach.replace(hashes)) this.wake.prune(new Set(hashes));
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

  /**
   * Does `hash` open this id ([SIG-REACH-3])? Only an id that held a socket registered anything,
   * so a stranger's id costs no more than the `held` read.
   */
  isRegistered(hash: ReachHash): boolean {
    return this.hasHeldSocket && this.reach.has(hash);
  }

  /**
   * The queue is empty: delete everything, alarm included (compatibility date ≥ 2026-02-24).
   * While a socket holds the id (`socketHolds`), its mark and reach hashes are written back: the
   * wipe is about the queue, and the peer registered its hashes once, after OPEN. A push
   * subscription, its limits and the reach hashes are written back too: they are what wakes the
   * peer while no socket holds the id ([WAKE-3]).
   */
  wipe(socketHolds: boolean): void {
    const wake = this.wake.snapshot();
    const kept = socketHolds || wake.length > 0 ? this.reach.hashes() : [];
    this.#storage.deleteAll().catch((err: unknown) => logError('deleteAll', err));
    this.queue.forget();
    this.reach.forget();
    this.wake.forget();
    this.#held = false;
    if (socketHolds) this.markHeld();
    this.reach.replace(kept);
    this.wake.restore(wake);
  }
}
