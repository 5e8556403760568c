/**
 * Attention: the unread count in the title (`(N) Plume`) and the app badge,
 * and a notification for a new message while the tab is hidden (unmuted chat,
 * setting on, permission granted; a group decides by its own rules, [GRP-55]). Asking for permission is the UI's call
 * (notifyPrompt.ts); this only shows.
 */
import { effect, type ReadonlySignal } from '@preact/signals';
import { getConv } from '../../../db/convsRepo';
import { getDb } from '../../../db/db';
import { lastOf, messageFromEvent } from '../../../db/fold';
import { isMessageType, type ChatEvent, type MessageEventType } from '../../../lib/chatEvent';
import { eventIdOf } from '../../../lib/convId';
import { isGroupId } from '../../../lib/groupId';
import { describeError } from '../../../lib/errors';
import type { ConversationId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { myId, onChat } from '../../chat/models/chatFeed';
import { people } from '../../friends/models/friends';
import { previewText } from '../../chat/models/previewText';
import { notificationsEnabled } from './settings';

const logger = log('ui:attention');

/** The app name in the title. */
export const APP_TITLE = 'Plume';
/** Characters of message text in a notification body. */
const NOTIFICATION_TEXT_CHARS = 140;

/** `(N) Plume`, or `Plume` with nothing unread. */
export function titleFor(unread: number): string {
  return unread > 0 ? `(${unread}) ${APP_TITLE}` : APP_TITLE;
}

type BadgeNavigator = Navigator & {
  setAppBadge?: (n?: number) => Promise<void>;
  clearAppBadge?: () => Promise<void>;
};

function setBadge(unread: number): void {
  if (typeof navigator === 'undefined') return;
  const nav = navigator as BadgeNavigator;
  const done = unread > 0 ? nav.setAppBadge?.(unread) : nav.clearAppBadge?.();
  done?.catch((err: unknown) => logger.debug('app badge refused', describeError(err)));
}

async function notify(conv: ConversationId, events: ChatEvent[]): Promise<void> {
  if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return;
  if (!notificationsEnabled.peek() || typeof Notification === 'undefined') return;
  if (Notification.permission !== 'granted') return;
  const me = myId();
  if (isGroupId(conv)) {
    // A group's rules (mentions through mute, announcements) live in the group chunk. [GRP-55]
    const row = me && (await getConv(getDb(), conv));
    if (!row) return;
    const { groupNotification } = await import('../../groups/models/groupNotify');
    const notice = await groupNotification(conv, events, me, row.muted);
    return notice ? show(notice.title || APP_TITLE, notice.body, conv) : undefined;
  }
  const shown = events.filter((e) => e.author !== me && isMessageType(e.type));
  const latest = shown[shown.length - 1];
  if (!latest) return;
  const row = await getConv(getDb(), conv);
  if (!row || row.muted) return;
  const title = people.peek().find((p) => p.id === row.peer)?.title ?? APP_TITLE;
  const message = messageFromEvent(
    latest as ChatEvent<MessageEventType>,
    eventIdOf(conv, latest.author, latest.seq),
  );
  const body = [...previewText(lastOf(message))].slice(0, NOTIFICATION_TEXT_CHARS).join('');
  await show(title, body, conv);
}

async function show(title: string, body: string, conv: ConversationId): Promise<void> {
  const options: NotificationOptions = { body, tag: conv, data: { conv } };
  const registration = await navigator.serviceWorker?.getRegistration?.();
  if (registration) await registration.showNotification(title, options);
  else new Notification(title, options);
}

/** Keep title and badge in step with the unread count; notify while hidden. Returns stop. */
export function startAttention(totalUnread: ReadonlySignal<number>): () => void {
  const offBadge = effect(() => {
    const unread = totalUnread.value;
    if (typeof document !== 'undefined') document.title = titleFor(unread);
    setBadge(unread);
  });
  const offIncoming = onChat('incoming', (conv, events) => {
    notify(conv, events).catch((err: unknown) =>
      logger.warn('could not show a notification', describeError(err)),
    );
  });
  return () => {
    offBadge();
    offIncoming();
  };
}
