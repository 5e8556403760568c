import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dismiss, MAX_TOASTS, pause, push, resume, runAction, TOAST_MS, toasts } from './toasts';

describe('toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    for (const toast of toasts.value) dismiss(toast.id);
    vi.useRealTimers();
  });

  it('shows a toast and dismisses it after its time', () => {
    push({ kind: 'info', message: 'Hello' });
    expect(toasts.value.map((toast) => toast.message)).toEqual(['Hello']);
    vi.advanceTimersByTime(TOAST_MS.info - 1);
    expect(toasts.value).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(toasts.value).toHaveLength(0);
  });

  it('keeps errors longer than info', () => {
    push({ kind: 'error', message: 'Broken' });
    vi.advanceTimersByTime(TOAST_MS.info);
    expect(toasts.value).toHaveLength(1);
    vi.advanceTimersByTime(TOAST_MS.error - TOAST_MS.info);
    expect(toasts.value).toHaveLength(0);
  });

  it('does not repeat an identical visible toast', () => {
    const a = push({ kind: 'info', message: 'Same' });
    const b = push({ kind: 'info', message: 'Same' });
    expect(a).toBe(b);
    expect(toasts.value).toHaveLength(1);
  });

  it('drops the oldest beyond the maximum', () => {
    for (let i = 0; i <= MAX_TOASTS; i++) push({ kind: 'info', message: `m${i}` });
    expect(toasts.value.map((toast) => toast.message)).toEqual(
      Array.from({ length: MAX_TOASTS }, (_, i) => `m${i + 1}`),
    );
  });

  it('pauses the clock while held and resumes with the time left', () => {
    const id = push({ kind: 'info', message: 'Held' });
    vi.advanceTimersByTime(1000);
    pause(id);
    vi.advanceTimersByTime(TOAST_MS.info * 2);
    expect(toasts.value).toHaveLength(1);
    resume(id);
    vi.advanceTimersByTime(TOAST_MS.info - 1000);
    expect(toasts.value).toHaveLength(0);
  });

  it('keeps a toast with durationMs 0 until dismissed', () => {
    const id = push({ kind: 'info', message: 'Sticky', durationMs: 0 });
    vi.advanceTimersByTime(60_000);
    expect(toasts.value).toHaveLength(1);
    dismiss(id);
    expect(toasts.value).toHaveLength(0);
  });

  it('runs the action once and dismisses the toast', () => {
    const run = vi.fn();
    const id = push({ kind: 'info', message: 'Undo?', action: { label: 'Undo', run } });
    runAction(id);
    runAction(id);
    expect(run).toHaveBeenCalledTimes(1);
    expect(toasts.value).toHaveLength(0);
  });
});
