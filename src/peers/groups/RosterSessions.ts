/**
 * Keeps roster-keyed sessions honest: a session with a member who is not a friend lives only
 * while both share a group. It is checked when it comes up (the roster may have changed during
 * the handshake) and again whenever a roster changes; one with nothing left in common closes with
 * `not-member`. Sessions keyed by a stored person are never touched here. [GRP-33]
 * Spec: docs/protocol.md, Sessions between members.
 */
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { Unsubscribe } from '../transport';
import type { PeerId } from '../../lib/ids';
import type { GroupDirectory } from './contract';

const logger = log('peers:groups');

/** Construction parameters. */
export interface RosterSessionsOptions {
  manager: Pick<SessionManager, 'on' | 'livePeers' | 'session'>;
  directory: Pick<GroupDirectory, 'sharedGroups' | 'onChange'>;
  /**
   * [GRP-60] Resolves when a removed member may be let go: its farewell (the removal and its
   * causal past) was acknowledged or timed out. Without it the session closes at once.
   */
  farewell?: (peer: PeerId) => Promise<void>;
}

/** Closes roster-keyed sessions with peers who no longer share a group with me. */
export class RosterSessions {
  readonly #options: RosterSessionsOptions;
  #offs: Unsubscribe[] = [];
  #stopped = false;

  constructor(options: RosterSessionsOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#offs.length > 0 || this.#stopped) return;
    const { manager, directory } = this.#options;
    this.#offs = [
      manager.on('up', (session) => void this.#check(session)),
      directory.onChange(() => void this.checkAll()),
    ];
    void this.checkAll();
  }

  stop(): void {
    this.#stopped = true;
    for (const off of this.#offs) off();
    this.#offs = [];
  }

  /** Check every live roster-keyed session now; resolves when each is kept or closed. */
  async checkAll(): Promise<void> {
    const { manager } = this.#options;
    const sessions = manager.livePeers
      .map((peer) => manager.session(peer))
      .filter((session): session is Session => session !== null);
    await Promise.all(sessions.map((session) => this.#check(session)));
  }

  async #check(session: Session): Promise<void> {
    if (!session.rosterKeyed || session.closed || this.#stopped) return;
    try {
      const shared = await this.#options.directory.sharedGroups(session.peer);
      if (shared.length > 0 || session.closed || this.#stopped) return;
      await this.#options.farewell?.(session.peer);
      // Added back meanwhile, or gone already.
      const again = await this.#options.directory.sharedGroups(session.peer);
      if (again.length > 0 || session.closed || this.#stopped) return;
      logger.info('no group left in common with', session.peer, '- closing its session');
      session.close('not-member');
    } catch (err) {
      logger.error('could not read the groups shared with', session.peer, describeError(err));
    }
  }
}
