/**
 * Link quality and speaking detection from media stats ([CALL-12]). Pure
 * functions plus one small stateful helper, tested on their own.
 */
import type { LinkQuality } from './api';
import {
  FAIR_LOSS,
  FAIR_RTT_MS,
  POOR_LOSS,
  POOR_RTT_MS,
  SPEAKING_HOLD_MS,
  SPEAKING_LEVEL,
} from './constants';

/** Quality before any figures arrived. */
export const UNKNOWN_QUALITY: LinkQuality = { rttMs: null, loss: null, level: 'unknown' };

/** The level of a link from its RTT and recent loss (either may be unknown). */
export function qualityLevel(rttMs: number | null, loss: number | null): LinkQuality['level'] {
  if (rttMs === null && loss === null) return 'unknown';
  const rtt = rttMs ?? 0;
  const lost = loss ?? 0;
  if (rtt > POOR_RTT_MS || lost > POOR_LOSS) return 'poor';
  if (rtt > FAIR_RTT_MS || lost > FAIR_LOSS) return 'fair';
  return 'good';
}

/** Loss over a window from cumulative counters: lost / (lost + received), null without packets. */
export function windowLoss(
  before: { packetsLost: number; packetsReceived: number } | null,
  after: { packetsLost: number; packetsReceived: number },
): number | null {
  if (!before) return null;
  const lost = Math.max(0, after.packetsLost - before.packetsLost);
  const received = Math.max(0, after.packetsReceived - before.packetsReceived);
  return lost + received > 0 ? lost / (lost + received) : null;
}

/** Speaking with a hold time: on at once above the threshold, off only after a quiet while. */
export class SpeakingDetector {
  #lastLoud = -Infinity;

  /** Feed one level sample (null: unknown, counts as quiet); returns whether speaking. */
  sample(level: number | null, now: number): boolean {
    if (level !== null && level > SPEAKING_LEVEL) this.#lastLoud = now;
    return now - this.#lastLoud <= SPEAKING_HOLD_MS;
  }

  reset(): void {
    this.#lastLoud = -Infinity;
  }
}
