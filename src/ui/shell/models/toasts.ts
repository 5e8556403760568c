/**
 * Toasts: short messages the user must know about, with an optional action.
 * They dismiss themselves after a while; the timer pauses while the toast is
 * hovered or focused, so nobody has to race it (WCAG 2.2.1).
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { systemClock, type Clock, type TimerHandle } from '../../../lib/clock';

export type ToastKind = 'info' | 'success' | 'error';

export interface ToastAction {
  /** Button text, already translated. */
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: ToastKind;
  /** A clear sentence, already translated. */
  message: string;
  action?: ToastAction;
}

export interface ToastInput {
  kind: ToastKind;
  message: string;
  action?: ToastAction;
  /** Override the auto-dismiss delay; 0 keeps the toast until dismissed. */
  durationMs?: number;
}

/** How long a toast stays, by kind. Errors stay longer: they say what to do next. */
export const TOAST_MS: Readonly<Record<ToastKind, number>> = {
  info: 4_000,
  success: 4_000,
  error: 8_000,
};
/** A toast with an action stays at least this long, so there is time to use it. */
export const TOAST_ACTION_MS = 10_000;
/** At most this many toasts at once; the oldest goes first. */
export const MAX_TOASTS = 3;

/** The toasts and what the user can do with them. */
export interface ToastModel {
  /** The visible toasts, oldest first. */
  readonly toasts: ReadonlySignal<readonly Toast[]>;
  /** Show a toast. Returns its id (for `dismiss`). An identical visible toast is not repeated. */
  readonly push: (input: ToastInput) => number;
  /** Remove a toast (no-op when it is already gone). */
  readonly dismiss: (id: number) => void;
  /** Stop the clock while the user is looking at or focused on a toast. */
  readonly pause: (id: number) => void;
  /** Restart the clock with the time that was left. */
  readonly resume: (id: number) => void;
  /** Run a toast's action, then dismiss it. */
  readonly runAction: (id: number) => void;
}

interface Timer {
  handle: TimerHandle | null;
  remaining: number;
  startedAt: number;
}

/** Toasts that dismiss themselves on `clock`; `now` measures what a paused one has left. */
export function createToasts(clock: Clock, now: () => number = Date.now): ToastModel {
  const toasts = signal<readonly Toast[]>([]);
  const timers = new Map<number, Timer>();
  let nextId = 1;

  const arm = (id: number, timer: Timer) => {
    timer.startedAt = now();
    timer.handle = clock.setTimeout(() => dismiss(id), timer.remaining);
  };

  const dismiss = (id: number) => {
    const timer = timers.get(id);
    if (timer?.handle) clock.clearTimeout(timer.handle);
    timers.delete(id);
    if (toasts.value.some((toast) => toast.id === id)) {
      toasts.value = toasts.value.filter((toast) => toast.id !== id);
    }
  };

  const push = (input: ToastInput) => {
    const duplicate = toasts.value.find(
      (toast) => toast.kind === input.kind && toast.message === input.message,
    );
    if (duplicate) return duplicate.id;
    const id = nextId++;
    const toast: Toast = { id, kind: input.kind, message: input.message };
    if (input.action) toast.action = input.action;
    const overflow = toasts.value.length + 1 - MAX_TOASTS;
    for (const old of toasts.value.slice(0, Math.max(0, overflow))) dismiss(old.id);
    toasts.value = [...toasts.value, toast];
    const duration =
      input.durationMs ??
      (input.action ? Math.max(TOAST_ACTION_MS, TOAST_MS[input.kind]) : TOAST_MS[input.kind]);
    if (duration > 0) {
      const timer: Timer = { handle: null, remaining: duration, startedAt: 0 };
      timers.set(id, timer);
      arm(id, timer);
    }
    return id;
  };

  return {
    toasts,
    push,
    dismiss,
    pause: (id) => {
      const timer = timers.get(id);
      if (!timer?.handle) return;
      clock.clearTimeout(timer.handle);
      timer.handle = null;
      timer.remaining = Math.max(0, timer.remaining - (now() - timer.startedAt));
    },
    resume: (id) => {
      const timer = timers.get(id);
      if (timer && !timer.handle) arm(id, timer);
    },
    runAction: (id) => {
      const toast = toasts.value.find((item) => item.id === id);
      dismiss(id);
      toast?.action?.run();
    },
  };
}

/** The app's toasts, on the page's clock. */
export const { toasts, push, dismiss, pause, resume, runAction } = createToasts(systemClock);
