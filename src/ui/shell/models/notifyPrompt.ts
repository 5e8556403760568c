/**
 * When to ask for notification permission: never on load, only once a chat is
 * actually happening (the first message sent or received this session), and
 * only while the browser has not been asked yet. Dismissing the banner hides
 * it for the session; the setting in Me can ask again at any time.
 */
import { computed, effect, signal } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { notificationsEnabled } from './settings';

const logger = log('ui:notify');

type Permission = NotificationPermission | 'unsupported';

function readPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The browser's permission, refreshed after we ask. */
export const notificationPermission = signal<Permission>(readPermission());
/** A message was sent or received in this session: a sensible moment to ask. */
const chatting = signal(false);
const dismissed = signal(false);

/** Show the "turn on notifications" banner. */
export const askNotifications = computed(
  () =>
    chatting.value &&
    !dismissed.value &&
    notificationsEnabled.value &&
    notificationPermission.value === 'default',
);

/** Call when a message is sent or arrives. */
export function noteChatActivity(): void {
  if (!chatting.value) {
    notificationPermission.value = readPermission();
    chatting.value = true;
  }
}

/** Hide the banner for this session. */
export function dismissNotificationPrompt(): void {
  dismissed.value = true;
}

/** Ask the browser (must run from a user gesture). Resolves to the new permission. */
export async function requestNotificationPermission(): Promise<Permission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    notificationPermission.value = await Notification.requestPermission();
  } catch (err) {
    logger.warn('permission request failed', describeError(err));
    notificationPermission.value = readPermission();
  }
  return notificationPermission.value;
}

/**
 * Watch for the first message that arrives in this session: the unread count
 * going up. `unread` reads the chat engine's count, passed in so this model
 * does not pull the engine into its importers. Returns stop.
 */
export function watchIncoming(unread: () => number): () => void {
  let previous: number | null = null;
  return effect(() => {
    const count = unread();
    if (previous !== null && count > previous) noteChatActivity();
    previous = count;
  });
}
