import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEnvironment } from '../../peers/testing/fakeEnvironment';
import { LONG_PRESS_MS, LongPress } from './LongPress';

describe('long press', () => {
  let clock: FakeEnvironment;
  let press: LongPress;
  const fire = vi.fn();

  beforeEach(() => {
    clock = new FakeEnvironment();
    press = new LongPress(clock);
    fire.mockReset();
  });

  it('opens the menu once the press is held LONG_PRESS_MS, and says so on lifting', async () => {
    press.start(fire);
    await clock.advance(LONG_PRESS_MS - 1);
    expect(fire).not.toHaveBeenCalled();
    await clock.advance(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(press.end()).toBe(true);
  });

  it('a tap lifted before then opens nothing and lets the tap act', async () => {
    press.start(fire);
    await clock.advance(LONG_PRESS_MS - 1);
    expect(press.end()).toBe(false);
    await clock.advance(LONG_PRESS_MS);
    expect(fire).not.toHaveBeenCalled();
  });

  it('moving the finger cancels the press', async () => {
    press.start(fire);
    await clock.advance(LONG_PRESS_MS / 2);
    press.cancel();
    await clock.advance(LONG_PRESS_MS);
    expect(fire).not.toHaveBeenCalled();
    expect(press.end()).toBe(false);
  });

  it('a new press times from its own start and forgets that the last one fired', async () => {
    press.start(fire);
    await clock.advance(LONG_PRESS_MS);
    press.end();
    press.start(fire);
    expect(clock.nextDelay()).toBe(LONG_PRESS_MS);
    expect(press.end()).toBe(false);
    await clock.advance(LONG_PRESS_MS);
    expect(fire).toHaveBeenCalledTimes(1);
  });
});
