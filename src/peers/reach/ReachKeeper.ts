/**
 * Keeps the transport's reach state in step with the stored people and invites: which token to
 * present to whom, and which hashes to register ([SIG-REACH-2], [SIG-REACH-3]). Every change of
 * people or invites asks for a refresh; refreshes never overlap, and requests made while one
 * runs are served by one more pass. A live invite's hash is dropped when it expires, on a timer.
 */
import type { PlumeDatabase } from '../../db/db';
import { listInvites } from '../../db/invitesRepo';
import { listPeople } from '../../db/peopleRepo';
import type { Clock, TimerHandle } from '../../lib/clock';
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import { MAX_REACH_HASHES } from '../../lib/reach';
import type { Transport } from '../transport';
import { registration } from './hashes';
import { reachPlan } from './plan';

const logger = log('peers:reach');

/** Construction parameters. */
export interface ReachKeeperOptions {
  db: PlumeDatabase;
  transport: Pick<Transport, 'setReach'>;
  clock: Clock;
  now: () => number;
}

/** Feeds one transport the reach state of one install. */
export class ReachKeeper {
  readonly #options: ReachKeeperOptions;
  #wanted = false;
  #running: Promise<void> | null = null;
  #expiry: TimerHandle | null = null;
  #stopped = false;

  constructor(options: ReachKeeperOptions) {
    this.#options = options;
  }

  /**
   * Read the records again and hand the transport the result. Resolves once a pass that began
   * after this call has finished (never rejects: a failed pass is logged).
   */
  refresh(): Promise<void> {
    this.#wanted = true;
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** No more refreshes; the transport keeps what it was last given. */
  stop(): void {
    this.#stopped = true;
    this.#clearExpiry();
  }

  async #drain(): Promise<void> {
    while (this.#wanted && !this.#stopped) {
      this.#wanted = false;
      try {
        await this.#pass();
      } catch (err) {
        if (this.#stopped) logger.debug('reach refresh after stop:', describeError(err));
        else logger.error('could not refresh the reach state', describeError(err));
      }
    }
  }

  async #pass(): Promise<void> {
    const { db, transport, now } = this.#options;
    const [people, invites] = await Promise.all([listPeople(db), listInvites(db)]);
    const at = now();
    const plan = reachPlan(people, invites, at);
    const { hashes, cut } = await registration(plan);
    if (this.#stopped) return;
    if (cut > 0) logger.warn(`${cut} reach tokens over the cap of ${MAX_REACH_HASHES} left out`);
    transport.setReach({ present: plan.present, hashes });
    this.#armExpiry(plan.nextExpiry, at);
  }

  /** Refresh when the next live invite expires, so its hash is not registered past its life. */
  #armExpiry(nextExpiry: number | null, at: number): void {
    this.#clearExpiry();
    if (nextExpiry === null) return;
    this.#expiry = this.#options.clock.setTimeout(
      () => {
        this.#expiry = null;
        void this.refresh();
      },
      Math.max(0, nextExpiry - at),
    );
  }

  #clearExpiry(): void {
    if (this.#expiry !== null) this.#options.clock.clearTimeout(this.#expiry);
    this.#expiry = null;
  }
}
