import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock';
import { Debounce } from './debounce';

describe('Debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs only the last task, once the wait has passed since it was scheduled', () => {
    const debounce = new Debounce(systemClock, 100);
    const ran: string[] = [];
    debounce.schedule(() => ran.push('a'));
    vi.advanceTimersByTime(60);
    debounce.schedule(() => ran.push('b'));
    vi.advanceTimersByTime(99);
    expect(ran).toEqual([]);
    expect(debounce.pending).toBe(true);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['b']);
    expect(debounce.pending).toBe(false);
  });

  it('flush runs the waiting task at once and only once', () => {
    const debounce = new Debounce(systemClock, 100);
    const task = vi.fn();
    debounce.schedule(task);
    debounce.flush();
    debounce.flush();
    vi.advanceTimersByTime(200);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('cancel drops the waiting task', () => {
    const debounce = new Debounce(systemClock, 100);
    const task = vi.fn();
    debounce.schedule(task);
    debounce.cancel();
    vi.advanceTimersByTime(200);
    debounce.flush();
    expect(task).not.toHaveBeenCalled();
  });
});
