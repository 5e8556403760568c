/**
 * Reach tokens of joins under way on this device: the token a joiner presents to a code's host
 * (derived from the code) and the joiner's own token from its `group.join`, registered before the
 * join is sent and until the group is held, when the fold names it. [GRP-42]
 * Spec: docs/protocol.md, Group codes.
 */
import type { PeerId } from '../../lib/ids';
import type { ReachToken } from '../../lib/reach';
import type { GroupReach } from '../reach/ReachKeeper';

/** The joins' part of the reach state, merged into the groups' part. */
export class JoinReach {
  readonly #present = new Map<PeerId, ReachToken>();
  readonly #mine = new Set<ReachToken>();

  /** Present `token` to `host` (while dialling it to join). */
  present(host: PeerId, token: ReachToken): void {
    this.#present.set(host, token);
  }

  /** Register `token` as opening me (my join's). */
  open(token: ReachToken): void {
    this.#mine.add(token);
  }

  forget(host: PeerId | null, token: ReachToken | null): void {
    if (host) this.#present.delete(host);
    if (token) this.#mine.delete(token);
  }

  /** `base` with the joins' tokens; a member's own token wins over a join's. */
  merge(base: GroupReach): GroupReach {
    const present = new Map(this.#present);
    for (const [peer, token] of base.present) present.set(peer, token);
    return { mine: [...base.mine, ...this.#mine], present };
  }
}
