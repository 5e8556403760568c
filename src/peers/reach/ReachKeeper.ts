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
import type { PeerId } from '../../lib/ids';
import { MAX_REACH_HASHES, type ReachToken } from '../../lib/reach';
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
  /**
   * What my groups add: my token in each group, and each member's token to present to them.
   * Friends' tokens come first, in the registration and in what is presented. [GRP-35]
   */
  groups?: () => Promise<GroupReach>;
}

/** The reach state my groups give (see src/peers/groups/reach.ts). */
export interface GroupReach {
  mine: readonly ReachToken[];
  present: ReadonlyMap<PeerId, ReachToken>;
}

const NO_GROUPS: GroupReach = { mine: [], present: new Map() };

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
    const [people, invites, groups] = await Promise.all([
      listPeople(db),
      listInvites(db),
      this.#groups(),
    ]);
    const at = now();
    const plan = reachPlan(people, invites, at);
    const { hashes, cut } = await registration({
      friendTokens: [...plan.friendTokens, ...groups.mine],
      inviteSecrets: plan.inviteSecrets,
    });
    if (this.#stopped) return;
    if (cut > 0) logger.warn(`${cut} reach tokens over the cap of ${MAX_REACH_HASHES} left out`);
    // A stored person decides: a friend's own token wins, and a blocked person gets none.
    const blocked = new Set(people.filter((person) => person.blocked).map((person) => person.id));
    const present = new Map(plan.present);
    for (const [peer, token] of groups.present) {
      if (!present.has(peer) && !blocked.has(peer)) present.set(peer, token);
    }
    transport.setReach({ present, hashes });
    this.#armExpiry(plan.nextExpiry, at);
  }

  /** The groups' part; a failure to read it must not cost the friends theirs. */
  async #groups(): Promise<GroupReach> {
    try {
      return (await this.#options.groups?.()) ?? NO_GROUPS;
    } catch (err) {
      logger.error("could not read the groups' reach tokens", describeError(err));
      return NO_GROUPS;
    }
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
