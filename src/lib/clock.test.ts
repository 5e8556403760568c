import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { after, every, systemClock } from './clock';

describe('clock helpers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('after calls back once, unless cancelled first', () => {
    const fired = vi.fn();
    after(systemClock, 100, fired);
    const cancel = after(systemClock, 100, fired);
    cancel();
    vi.advanceTimersByTime(99);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('every ticks each period until stopped', () => {
    const tick = vi.fn();
    const stop = every(systemClock, 100, tick);
    vi.advanceTimersByTime(99);
    expect(tick).not.toHaveBeenCalled();
    vi.advanceTimersByTime(201);
    expect(tick).toHaveBeenCalledTimes(3);
    stop();
    vi.advanceTimersByTime(1000);
    expect(tick).toHaveBeenCalledTimes(3);
  });

  it('every can be stopped from its own tick', () => {
    let ticks = 0;
    const stop = every(systemClock, 100, () => {
      if (++ticks === 2) stop();
    });
    vi.advanceTimersByTime(1000);
    expect(ticks).toBe(2);
  });
});
