/**
 * Rotation of my reach token in a group after a removal: the removed member saw my token, so once
 * a fold removes someone who was a member (`rotationDue`), I publish a fresh one in a
 * `group.reach`, registered with the worker before it goes out; the old one is no longer mine in
 * the fold and drops out of the registration. One rotation per group per burst of removals, after
 * a random delay, so the members do not all write at the same instant.
 * Spec: docs/protocol.md [GRP-35], [GRP-71].
 */
import type { GroupFold } from '../../lib/group/types';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { createReachToken, type ReachToken } from '../../lib/reach';
import type { Unsubscribe } from '../transport';
import { rotationDue } from './reach';

const logger = log('peers:groups');

/** [GRP-71] A rotation waits at least this long after the removal is folded… */
export const ROTATE_MIN_MS = 2_000;
/** …plus a random share of this, so members spread their writes. */
export const ROTATE_SPREAD_MS = 30_000;

/** What the rotation needs. */
export interface ReachRotationOptions {
  me: PeerId;
  /** The groups held here, and their folds as the directory keeps them. */
  groups: () => Promise<readonly ConversationId[]>;
  fold: (conv: ConversationId) => Promise<GroupFold | null>;
  onChange: (listener: (conv: ConversationId) => void) => Unsubscribe;
  /** Register my tokens (those of the folds plus `pending`) with the worker; resolves once done. */
  register: () => Promise<void>;
  /** Write `token` as my `group.reach` in `conv`. */
  publish: (conv: ConversationId, token: ReachToken) => Promise<void>;
  /** Tokens made but not yet in a fold: the registration includes them. */
  pending: Set<ReachToken>;
  schedule: (run: () => void, ms: number) => Unsubscribe;
  random: () => number;
}

/** Watches the folds and rotates my token where a removal calls for it. */
export class ReachRotation {
  readonly #o: ReachRotationOptions;
  readonly #folds = new Map<ConversationId, GroupFold | null>();
  readonly #timers = new Map<ConversationId, Unsubscribe>();
  #off: Unsubscribe | null = null;
  #ready: Promise<void> = Promise.resolve();

  constructor(options: ReachRotationOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#off) return;
    this.#off = this.#o.onChange((conv) => void this.#changed(conv));
    // The folds held now are the "before" of the first change.
    this.#ready = this.#o.groups().then(
      async (convs) => {
        for (const conv of convs)
          if (!this.#folds.has(conv)) this.#folds.set(conv, await this.#o.fold(conv));
      },
      (err: unknown) => logger.warn('could not read the groups for reach rotation', err),
    );
  }

  stop(): void {
    this.#off?.();
    this.#off = null;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }

  /** Resolves once the folds held at start are read (for tests). */
  ready(): Promise<void> {
    return this.#ready;
  }

  async #changed(conv: ConversationId): Promise<void> {
    await this.#ready;
    const after = await this.#o.fold(conv);
    const before = this.#folds.get(conv) ?? null;
    this.#folds.set(conv, after);
    if (!after || !this.#off || this.#timers.has(conv)) return;
    if (!rotationDue(before, after, this.#o.me)) return;
    const delay = ROTATE_MIN_MS + Math.floor(this.#o.random() * ROTATE_SPREAD_MS);
    this.#timers.set(
      conv,
      this.#o.schedule(() => {
        this.#timers.delete(conv);
        void this.#rotate(conv);
      }, delay),
    );
  }

  async #rotate(conv: ConversationId): Promise<void> {
    const token = createReachToken();
    this.#o.pending.add(token);
    try {
      // Registered first, so it opens me by the time members see it. [GRP-35]
      await this.#o.register();
      await this.#o.publish(conv, token);
    } catch (err) {
      logger.warn('could not rotate a group reach token', err);
    } finally {
      this.#o.pending.delete(token);
    }
  }
}
