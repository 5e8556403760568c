/**
 * Hands each friend the token I made for them, once per session: on every authenticated session
 * with a friend, and on a session where the peer just became one. The token's hash is
 * registered before the token leaves, so the friend never holds a token that does not open me
 * yet. [FR-8], [SIG-REACH-1]
 */
import type { PlumeDatabase } from '../../db/db';
import type { ReachToken } from '../../lib/reach';
import type { OutgoingFrame } from '../session/frames';
import type { Session } from '../session/Session';
import { reachFrame } from '../friends/frames';
import { givenToken } from './tokens';

/** The part of a session the handout uses. */
export type ReachSession = Pick<Session, 'peer'> & { send(frame: OutgoingFrame): boolean };

/** Construction parameters. */
export interface ReachHandoutOptions {
  db: PlumeDatabase;
  /** Registers the current hashes; resolves once a pass begun after the call is done. */
  register: () => Promise<void>;
  now: () => number;
}

/** Sends REACH on sessions with friends. */
export class ReachHandout {
  readonly #options: ReachHandoutOptions;
  /** The token each session carried last, so a session hears it once. */
  readonly #sent = new WeakMap<ReachSession, ReachToken>();

  constructor(options: ReachHandoutOptions) {
    this.#options = options;
  }

  /** Send `session`'s peer my token unless it is no friend or heard this token on it already. */
  async offer(session: ReachSession): Promise<void> {
    const { db, register, now } = this.#options;
    const token = await givenToken(db, session.peer, now());
    if (!token || this.#sent.get(session) === token) return;
    await register();
    if (session.send(reachFrame(token))) this.#sent.set(session, token);
  }
}
