import { describe, expect, it } from 'vitest';
import { Backoff, BACKOFF_BASE_MS, BACKOFF_CAP_MS, BACKOFF_MIN_MS, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially with the attempt at the top of the window', () => {
    const top = () => 0.999999;
    const delays = [0, 1, 2, 3, 4].map((n) => backoffDelay(n, top));
    expect(delays).toEqual(
      [0, 1, 2, 3, 4].map((n) => Math.floor(0.999999 * BACKOFF_BASE_MS * 2 ** n)),
    );
  });

  it('never exceeds the 30 s cap, even for huge attempts', () => {
    for (const n of [5, 10, 50, 1000, Number.MAX_SAFE_INTEGER]) {
      expect(backoffDelay(n, () => 0.999999)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    }
    expect(BACKOFF_CAP_MS).toBe(30_000);
  });

  it('full jitter: uniform in [min, window], floor at BACKOFF_MIN_MS', () => {
    expect(backoffDelay(3, () => 0)).toBe(BACKOFF_MIN_MS);
    expect(backoffDelay(3, () => 0.5)).toBe(4 * BACKOFF_BASE_MS);
    let seed = 42;
    const lcg = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 12; n++) {
      const window = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** n);
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(n, lcg);
        expect(d).toBeGreaterThanOrEqual(BACKOFF_MIN_MS);
        expect(d).toBeLessThanOrEqual(window);
      }
    }
  });

  it('clamps a misbehaving random source and negative attempts', () => {
    expect(backoffDelay(0, () => 5)).toBe(BACKOFF_BASE_MS);
    expect(backoffDelay(-3, () => -1)).toBe(BACKOFF_MIN_MS);
  });

  it('honours custom options', () => {
    expect(backoffDelay(10, () => 0.999999, { baseMs: 10, capMs: 100, minMs: 1 })).toBe(99);
  });
});

describe('Backoff', () => {
  it('counts failures and resets', () => {
    const b = new Backoff(() => 0.999999);
    expect(b.next()).toBe(Math.floor(0.999999 * BACKOFF_BASE_MS));
    expect(b.next()).toBe(Math.floor(0.999999 * 2 * BACKOFF_BASE_MS));
    expect(b.attempt).toBe(2);
    b.reset();
    expect(b.attempt).toBe(0);
    expect(b.next()).toBe(Math.floor(0.999999 * BACKOFF_BASE_MS));
  });
});
