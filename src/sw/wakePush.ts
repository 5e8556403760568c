/**
 * A wake push, shown ([WAKE-10]): the payload carries only a slot and a kind, so the friend's
 * name and chat come from the wake directory the app keeps on this device. A slot the directory
 * does not know (a friend just removed) is shown without a name: a push must always show
 * something (`userVisibleOnly`). The strings are the wake part's, in the language the app wrote
 * down, else the browser's.
 */
import type { WakeEntry } from '../db/wakeDirectory';
import type { Language } from '../lib/language';
import { parseWakePayload, type WakePayload } from '../lib/wakeProtocol';
import { enWake } from '../ui/wake/i18n/en.wake';
import { zhWake } from '../ui/wake/i18n/zh.wake';

/** The tag of a wake notification from the chat `conv` (a later one from it replaces it). */
export const WAKE_TAG_PREFIX = 'wake:';

/** What a notification shows and carries. */
export interface WakeNotice {
  title: string;
  options: NotificationOptions & { data: { conv?: string; wake: WakePayload['kind'] } };
}

/** The payload of a push's JSON, or null when it is not a wake. */
export function readWakePush(json: () => unknown): WakePayload | null {
  try {
    return parseWakePayload(json());
  } catch {
    return null;
  }
}

/** The browser's language as one of ours. */
export function languageOf(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The notification for a wake by the friend `entry` (null: not in the directory). Pure. */
export function wakeNotice(
  payload: WakePayload,
  entry: WakeEntry | null,
  language: Language,
): WakeNotice {
  const words = language === 'zh' ? zhWake : enWake;
  const call = payload.kind === 'call';
  const title = entry
    ? (call ? words['wake.notifyCall'] : words['wake.notifyReach']).replace('{name}', entry.name)
    : call
      ? words['wake.notifyCallSomeone']
      : words['wake.notifyReachSomeone'];
  return {
    title,
    options: {
      body: call ? words['wake.notifyCallBody'] : words['wake.notifyBody'],
      tag: WAKE_TAG_PREFIX + (entry?.conv ?? 'someone'),
      icon: '/icons/icon-192.png',
      // A call keeps asking until it is answered or dismissed.
      requireInteraction: call,
      data: entry ? { conv: entry.conv, wake: payload.kind } : { wake: payload.kind },
    },
  };
}
