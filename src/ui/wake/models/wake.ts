/**
 * The wake model ([WAKE-15]): whether friends may wake Plume while it is closed, turning it on
 * (notification permission, a push subscription with `userVisibleOnly` and the server's VAPID
 * key, registered with our signed token) and off (unsubscribe, and the worker forgets it), and
 * keeping the registration and the service worker's directory current. Loaded with the screens
 * that show it, never by the first visit.
 */
import { computed, effect, signal } from '@preact/signals';
import { getDb } from '../../../db/db';
import { clearWakeDirectory, setWakeLanguage } from '../../../db/wakeDirectory';
import {
  DEFAULT_WAKE_PREFERENCE,
  loadWakePreference,
  updateWakePreference,
  type WakePreference,
} from '../../../db/wakeRepo';
import { base64urlDecode } from '../../../lib/base64url';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { signToken } from '../../../lib/signalToken';
import { HttpWakeService, type RegisterOutcome } from '../../../peers/wake/service';
import { people } from '../../friends/models/friends';
import { language, t } from '../../i18n';
import { identityKeys } from '../../me/models/identity';
import { connectionStatus, runtime } from '../../shell/models/runtime';
import { installed } from './installed';
import { push } from '../../shell/models/toasts';
import { isAppleTouch, offerDue, wakeStatus as statusOf, type WakeStatus } from './wakeStatus';

const logger = log('ui:wake');

const preference = signal<WakePreference>(DEFAULT_WAKE_PREFERENCE);
/** The server's VAPID key; null when it offers no wake, undefined until asked. */
const serverKey = signal<string | null | undefined>(undefined);
const working = signal(false);
const failed = signal(false);
const permission = signal<NotificationPermission | 'unsupported'>(readPermission());
/** Hidden for this session after "Not now" or "Close". */
const dismissed = signal(false);

function readPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function supported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof PushManager !== 'undefined' &&
    typeof Notification !== 'undefined'
  );
}

/** An Apple touch device in a browser tab: iOS wakes installed apps only. */
export const iosInBrowser = computed(
  () =>
    typeof navigator !== 'undefined' &&
    isAppleTouch(navigator.userAgent, navigator.maxTouchPoints) &&
    !installed.value,
);

/** Where waking stands. */
export const wakeStatus = computed<WakeStatus>(() =>
  statusOf({
    supported: supported(),
    iosInBrowser: iosInBrowser.value,
    offered: serverKey.value === undefined ? null : serverKey.value !== null,
    permission: permission.value,
    choice: preference.value.choice,
    working: working.value,
    failed: failed.value,
  }),
);

/** Offer waking in a chat: a friend exists, and nobody answered the offer yet. */
export const wakeOfferShown = computed(
  () =>
    !dismissed.value &&
    offerDue(
      wakeStatus.value,
      preference.value.offerAnswered,
      preference.value.choice,
      people.value.some((p) => p.state === 'friend'),
    ),
);

function service(): HttpWakeService | null {
  const keys = identityKeys.peek();
  if (!keys) return null;
  return new HttpWakeService({
    origin: location.origin,
    id: keys.id,
    signToken: () => signToken(keys.id, keys.privateKey, keys.publicKeyRaw),
  });
}

async function save(change: Partial<WakePreference>): Promise<void> {
  try {
    preference.value = await updateWakePreference(getDb(), change);
  } catch (err) {
    preference.value = { ...preference.peek(), ...change };
    logger.warn('could not store the wake choice', describeError(err));
  }
}

function sameKey(current: ArrayBuffer | null | undefined, key: Uint8Array): boolean {
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
}

/**
 * The browser's subscription made with the server's key: the existing one, or a new one. One
 * made with another key (the operator rotated it) is replaced. Throws what the browser throws.
 */
async function subscription(key: string, create: boolean): Promise<PushSubscription | null> {
  const applicationServerKey = base64urlDecode(key);
  if (!applicationServerKey) return null;
  const registration = await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  if (existing && sameKey(existing.options.applicationServerKey, applicationServerKey)) {
    return existing;
  }
  if (!create) return null;
  await existing?.unsubscribe();
  return registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: applicationServerKey as Uint8Array<ArrayBuffer>,
  });
}

/** Register `sub` with the worker and remember its endpoint. */
async function register(client: HttpWakeService, sub: PushSubscription): Promise<RegisterOutcome> {
  const outcome = await client.register(sub.toJSON());
  if (outcome === 'ok') await save({ choice: 'on', endpoint: sub.endpoint, offerAnswered: true });
  return outcome;
}

/** The directory names friends for the service worker: bring it up to date. */
function refreshDirectory(): void {
  void runtime
    .peek()
    ?.loadWake()
    .then((parts) => parts?.directory.refresh());
}

let started = false;

/**
 * Read the choice and ask the server whether it offers wake; while wake is on, keep the
 * registration current (a browser may replace its subscription) and the directory's language.
 * Idempotent.
 */
export function startWakeModel(): void {
  if (started) return;
  started = true;
  loadWakePreference(getDb()).then(
    (stored) => (preference.value = stored),
    (err: unknown) => logger.warn('could not read the wake choice', describeError(err)),
  );
  void service()
    ?.publicKey()
    .then((key) => (serverKey.value = key));
  effect(() => {
    if (preference.value.choice === 'on') {
      setWakeLanguage(language.value).catch((err: unknown) =>
        logger.debug('could not store the language for notifications', describeError(err)),
      );
    }
  });
  // Registering needs our signaling socket ([WAKE-3]): check once it is up.
  effect(() => {
    if (connectionStatus.value !== 'online' || preference.value.choice !== 'on') return;
    const key = serverKey.value;
    if (!key) return;
    void keepRegistered(key);
  });
}

let checking = false;

async function keepRegistered(key: string): Promise<void> {
  const client = service();
  if (checking || !client || permission.peek() !== 'granted') return;
  checking = true;
  try {
    const sub = await subscription(key, true);
    if (sub && sub.endpoint !== preference.peek().endpoint) await register(client, sub);
    refreshDirectory();
  } catch (err) {
    logger.warn('could not renew the push subscription', describeError(err));
  } finally {
    checking = false;
  }
}

/**
 * Turn waking on (from the user's click: the permission prompt needs it). Resolves when done;
 * the status and a toast say how it went.
 */
export async function enableWake(): Promise<void> {
  if (working.peek()) return;
  working.value = true;
  failed.value = false;
  try {
    // Asked first, while the click still counts as the user's gesture.
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
      permission.value = await Notification.requestPermission();
    }
    permission.value = readPermission();
    const key = serverKey.peek();
    const client = service();
    if (permission.peek() !== 'granted' || !key || !client) return;
    const sub = await subscription(key, true);
    const outcome = sub ? await register(client, sub) : 'failed';
    if (outcome !== 'ok') {
      failed.value = true;
      return;
    }
    refreshDirectory();
    push({ kind: 'info', message: t('wake.turnedOn') });
  } catch (err) {
    logger.warn('could not turn wake on', describeError(err));
    failed.value = true;
  } finally {
    working.value = false;
  }
}

/** Turn waking off: unsubscribe the browser, have the worker forget us, forget the names. */
export async function disableWake(): Promise<void> {
  if (working.peek()) return;
  working.value = true;
  failed.value = false;
  try {
    const registration = await navigator.serviceWorker.getRegistration();
    const sub = await registration?.pushManager.getSubscription();
    await sub?.unsubscribe();
    await service()?.unregister();
    await save({ choice: 'off', endpoint: null, offerAnswered: true });
    await clearWakeDirectory();
    push({ kind: 'info', message: t('wake.turnedOff') });
  } catch (err) {
    logger.warn('could not turn wake off', describeError(err));
  } finally {
    working.value = false;
  }
}

/** "Not now": the offer is not shown again by itself (the Me screen still has the switch). */
export function dismissWakeOffer(): void {
  dismissed.value = true;
  void save({ offerAnswered: true });
}
