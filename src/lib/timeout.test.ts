import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from './timeout';

describe('withTimeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves with the value when the promise settles in time, and clears its timer', async () => {
    const result = withTimeout(Promise.resolve(7), 1_000, () => new Error('late'));
    await expect(result).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the error made by onTimeout when time is up first', async () => {
    const result = withTimeout(new Promise<never>(() => undefined), 1_000, () => new Error('late'));
    const settled = expect(result).rejects.toThrow('late');
    await vi.advanceTimersByTimeAsync(1_000);
    await settled;
  });

  it('passes a rejection on, wrapping a non-Error in an Error', async () => {
    const asError = withTimeout(
      Promise.reject(new TypeError('bad')),
      1_000,
      () => new Error('late'),
    );
    await expect(asError).rejects.toBeInstanceOf(TypeError);
    // A rejection that is not an Error is what this case is about.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const wrapped = withTimeout(Promise.reject('text'), 1_000, () => new Error('late'));
    await expect(wrapped).rejects.toThrow('text');
    expect(vi.getTimerCount()).toBe(0);
  });
});
