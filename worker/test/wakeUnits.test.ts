// The pure parts of wake: the constant-time check and the rate limits ([WAKE-6], [WAKE-11]).
import { describe, expect, it } from 'vitest';
import { constantTimeIncludes } from '../constantTime';
import {
  decideWakeBudget,
  WAKE_OBJECT_BUCKET,
  WAKE_TOKEN_DAILY,
  WAKE_TOKEN_INTERVAL_MS,
} from '../wakeStore';

const hash = (i: number) => `hash${String(i).padStart(18, '0')}`;

/** `entries`, counting how many are read. */
function counted(entries: string[]): { iterable: Iterable<string>; reads: () => number } {
  let reads = 0;
  return {
    iterable: {
      *[Symbol.iterator]() {
        for (const entry of entries) {
          reads++;
          yield entry;
        }
      },
    },
    reads: () => reads,
  };
}

describe('the token check', () => {
  it('[WAKE-6] finds a registered hash and refuses others, whatever the position or common prefix', () => {
    const entries = Array.from({ length: 50 }, (_, i) => hash(i));
    expect(constantTimeIncludes(entries, hash(0))).toBe(true);
    expect(constantTimeIncludes(entries, hash(49))).toBe(true);
    expect(constantTimeIncludes(entries, hash(50))).toBe(false);
    expect(constantTimeIncludes(entries, hash(4).slice(0, -1))).toBe(false);
    expect(constantTimeIncludes(entries, `${hash(4)}x`)).toBe(false);
    expect(constantTimeIncludes([], hash(0))).toBe(false);
  });

  it('[WAKE-6] reads every registered hash for a good token, a bad one, and one matching the first', () => {
    const entries = Array.from({ length: 1024 }, (_, i) => hash(i));
    for (const candidate of [hash(0), hash(512), hash(1023), hash(5000), 'x'.repeat(22)]) {
      const { iterable, reads } = counted(entries);
      constantTimeIncludes(iterable, candidate);
      expect(reads(), candidate).toBe(entries.length);
    }
  });
});

describe('the wake limits', () => {
  const t0 = 1_800_000_000_000;

  it('[WAKE-11] one token: once in 2 minutes, with the wait as the retry', () => {
    const first = decideWakeBudget(null, null, t0);
    if (!first.ok) throw new Error('first wake refused');
    const soon = decideWakeBudget(first.token, first.object, t0 + 30_000);
    expect(soon).toEqual({ ok: false, retryAfterMs: WAKE_TOKEN_INTERVAL_MS - 30_000 });
    expect(decideWakeBudget(first.token, first.object, t0 + WAKE_TOKEN_INTERVAL_MS).ok).toBe(true);
  });

  it('[WAKE-11] one token: about 30 a day, even spaced 2 minutes apart', () => {
    let token = null;
    let object = null;
    let now = t0;
    let sent = 0;
    // One friend asking every 2 minutes for a day; the object limit is generous enough.
    for (let i = 0; i < 720; i++, now += WAKE_TOKEN_INTERVAL_MS) {
      const decision = decideWakeBudget(token, object, now);
      if (!decision.ok) continue;
      sent++;
      token = decision.token;
      object = null; // another friend's wakes are the object's concern, not this token's
    }
    // 30 at once, then 30 more refilled over the day.
    expect(sent).toBeGreaterThanOrEqual(WAKE_TOKEN_DAILY.capacity);
    expect(sent).toBeLessThanOrEqual(2 * WAKE_TOKEN_DAILY.capacity);
  });

  it('[WAKE-11] one object: 12 at once, then one per 5 minutes, whoever asks', () => {
    let object = null;
    let ok = 0;
    for (let i = 0; i < 20; i++) {
      const decision = decideWakeBudget(null, object, t0);
      if (decision.ok) {
        ok++;
        object = decision.object;
      }
    }
    expect(ok).toBe(WAKE_OBJECT_BUCKET.capacity);
    const refused = decideWakeBudget(null, object, t0);
    expect(refused).toEqual({ ok: false, retryAfterMs: 300_000 });
    expect(decideWakeBudget(null, object, t0 + 300_000).ok).toBe(true);
  });
});
