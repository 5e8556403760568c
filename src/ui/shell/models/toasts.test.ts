import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEnvironment } from '../../../peers/testing/fakeEnvironment';
import { createToasts, MAX_TOASTS, TOAST_MS, type ToastModel } from './toasts';

describe('toasts', () => {
  let clock: FakeEnvironment;
  let model: ToastModel;
  const messages = () => model.toasts.value.map((toast) => toast.message);

  beforeEach(() => {
    clock = new FakeEnvironment();
    model = createToasts(clock, () => clock.now);
  });

  it('shows a toast and dismisses it after its time', async () => {
    model.push({ kind: 'info', message: 'Hello' });
    expect(messages()).toEqual(['Hello']);
    await clock.advance(TOAST_MS.info - 1);
    expect(messages()).toEqual(['Hello']);
    await clock.advance(1);
    expect(messages()).toEqual([]);
  });

  it('keeps errors longer than info', async () => {
    model.push({ kind: 'error', message: 'Broken' });
    await clock.advance(TOAST_MS.info);
    expect(messages()).toEqual(['Broken']);
    await clock.advance(TOAST_MS.error - TOAST_MS.info);
    expect(messages()).toEqual([]);
  });

  it('does not repeat an identical visible toast', () => {
    const a = model.push({ kind: 'info', message: 'Same' });
    const b = model.push({ kind: 'info', message: 'Same' });
    expect(a).toBe(b);
    expect(messages()).toEqual(['Same']);
  });

  it('drops the oldest beyond the maximum', () => {
    for (let i = 0; i <= MAX_TOASTS; i++) model.push({ kind: 'info', message: `m${i}` });
    expect(messages()).toEqual(Array.from({ length: MAX_TOASTS }, (_, i) => `m${i + 1}`));
  });

  it('pauses the clock while held and resumes with the time left', async () => {
    const id = model.push({ kind: 'info', message: 'Held' });
    await clock.advance(1000);
    model.pause(id);
    await clock.advance(TOAST_MS.info * 2);
    expect(messages()).toEqual(['Held']);
    model.resume(id);
    await clock.advance(TOAST_MS.info - 1000 - 1);
    expect(messages()).toEqual(['Held']);
    await clock.advance(1);
    expect(messages()).toEqual([]);
  });

  it('keeps a toast with durationMs 0 until dismissed', async () => {
    const id = model.push({ kind: 'info', message: 'Sticky', durationMs: 0 });
    await clock.advance(60_000);
    expect(messages()).toEqual(['Sticky']);
    model.dismiss(id);
    expect(messages()).toEqual([]);
  });

  it('runs the action once and dismisses the toast', () => {
    const run = vi.fn();
    const id = model.push({ kind: 'info', message: 'Undo?', action: { label: 'Undo', run } });
    model.runAction(id);
    model.runAction(id);
    expect(run).toHaveBeenCalledTimes(1);
    expect(messages()).toEqual([]);
  });
});
