/**
 * [CALL-7] Media links that arrived before their sender's CALL_ACCEPT (a
 * friend invited by someone else, whose ACCEPT is still on its way over the
 * session while its offer came through signaling). Each waits unanswered, one
 * per peer, for PENDING_LINK_MS; unclaimed, it is refused.
 */
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { MediaLink } from '../media';
import { PENDING_LINK_MS } from './constants';
import type { Clock, TimerHandle } from '../../lib/clock';

const logger = log('peers:calls');

/** Held inbound links by peer. */
export class PendingLinks {
  readonly #timers: Clock;
  readonly #held = new Map<PeerId, { link: MediaLink; timer: TimerHandle }>();

  constructor(timers: Clock) {
    this.#timers = timers;
  }

  /** Hold `link` (replacing and closing an older one from the same peer). */
  hold(link: MediaLink): void {
    this.#drop(link.peer, true);
    const timer = this.#timers.setTimeout(() => {
      logger.warn('refusing a media link from', link.peer, '(not in this call)');
      this.#drop(link.peer, true);
    }, PENDING_LINK_MS);
    this.#held.set(link.peer, { link, timer });
    link.on('closed', () => {
      if (this.#held.get(link.peer)?.link === link) this.#drop(link.peer, false);
    });
  }

  /** The link held for `peer`, now theirs to answer; null when none. */
  take(peer: PeerId): MediaLink | null {
    const held = this.#held.get(peer);
    this.#drop(peer, false);
    return held?.link ?? null;
  }

  /** Refuse every held link (the call ended). */
  clear(): void {
    for (const peer of [...this.#held.keys()]) this.#drop(peer, true);
  }

  #drop(peer: PeerId, close: boolean): void {
    const held = this.#held.get(peer);
    if (!held) return;
    this.#held.delete(peer);
    this.#timers.clearTimeout(held.timer);
    if (close) held.link.close();
  }
}
