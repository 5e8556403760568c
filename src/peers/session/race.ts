/**
 * Which session survives when two authenticated sessions with the same peer
 * exist. Both sides apply the same rule to the same pair of channels, so
 * exactly one survives without any message about it. [SES-10]
 */
import type { PeerId } from '../../lib/ids';

/**
 * Two sessions authenticated within this window of each other, dialled by
 * different sides, are a connect race. Further apart, the older one is taken
 * for a zombie: a peer only dials when it holds no session with us, so its new
 * dial means it lost the old one (a reload, a crash) before we noticed.
 */
export const RACE_WINDOW_MS = 10_000;

/** What the rule needs to know about one session. */
export interface RaceEntry {
  /** True when we dialled it. */
  outbound: boolean;
  /** When it authenticated here (ms). */
  at: number;
}

/**
 * 'existing' or 'incoming' (the one that authenticated later):
 * - dialled by different sides within `windowMs`: keep the one dialled by the
 *   smaller PeerId (plain string order of the base32 ids);
 * - otherwise keep the newer one.
 * If the two sides ever disagree (the window straddled), both sessions close
 * and the dialers' next attempt settles it.
 */
export function raceSurvivor(
  existing: RaceEntry,
  incoming: RaceEntry,
  me: PeerId,
  peer: PeerId,
  windowMs: number = RACE_WINDOW_MS,
): 'existing' | 'incoming' {
  if (existing.outbound === incoming.outbound) return 'incoming';
  if (incoming.at - existing.at > windowMs) return 'incoming';
  const smallerDialled = me < peer;
  return incoming.outbound === smallerDialled ? 'incoming' : 'existing';
}
