/**
 * A notification for an incoming call while the tab is hidden, the
 * same way attention.ts shows message notifications: through the service
 * worker registration when there is one, only with the setting on and the
 * permission granted. It goes away when the ringing stops; a call that rang
 * out unanswered leaves a "Missed call" notification instead.
 */
import { effect, type ReadonlySignal } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import type { PeerId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import type { CallSnapshot } from '../../../peers/calls/api';
import { t } from '../../i18n';
import { people } from '../../friends/models/friends';
import { notificationsEnabled } from '../../shell/models/settings';

const logger = log('ui:calls-notify');

/** One notification slot for calls: a new one replaces the last. */
export const CALL_NOTIFICATION_TAG = 'plume-call';

function allowed(): boolean {
  return (
    typeof document !== 'undefined' &&
    typeof Notification !== 'undefined' &&
    notificationsEnabled.peek() &&
    Notification.permission === 'granted'
  );
}

function nameOf(peer: PeerId | null): string {
  return people.peek().find((p) => p.id === peer)?.title ?? t('app.name');
}

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  return navigator.serviceWorker?.getRegistration?.();
}

async function show(title: string, options: NotificationOptions): Promise<void> {
  const reg = await registration();
  if (reg) await reg.showNotification(title, { ...options, tag: CALL_NOTIFICATION_TAG });
  else new Notification(title, { ...options, tag: CALL_NOTIFICATION_TAG });
}

async function closeShown(): Promise<void> {
  const reg = await registration();
  for (const shown of (await reg?.getNotifications({ tag: CALL_NOTIFICATION_TAG })) ?? []) {
    shown.close();
  }
}

function report(promise: Promise<void>): void {
  promise.catch((err: unknown) => logger.warn('call notification failed', describeError(err)));
}

/** Notify about incoming calls while hidden; returns stop. */
export function watchIncomingCalls(snapshot: ReadonlySignal<CallSnapshot | null>): () => void {
  let ringing: string | null = null;
  let notified = false;

  const ring = (s: CallSnapshot) => {
    if (notified || document.visibilityState !== 'hidden' || !allowed()) return;
    notified = true;
    const title = t(s.media === 'video' ? 'calls.incomingVideo' : 'calls.incomingVoice');
    report(show(title, { body: nameOf(s.caller), requireInteraction: true, data: { call: s.id } }));
  };

  const stopEffect = effect(() => {
    const s = snapshot.value;
    if (s?.phase === 'incoming') {
      if (ringing !== s.id) {
        ringing = s.id;
        notified = false;
      }
      ring(s);
      return;
    }
    if (ringing === null) return;
    ringing = null;
    const unanswered =
      s?.phase === 'ended' && (s.endReason === 'missed' || s.endReason === 'cancelled');
    if (notified && unanswered && document.visibilityState === 'hidden' && allowed()) {
      report(show(t('calls.missed'), { body: nameOf(s.caller) }));
    } else if (notified) {
      report(closeShown());
    }
    notified = false;
  });

  const onVisibility = () => {
    const s = snapshot.peek();
    if (document.visibilityState === 'hidden' && s?.phase === 'incoming') ring(s);
    if (document.visibilityState === 'visible' && notified) report(closeShown());
  };
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    stopEffect();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
