/**
 * Wake: the worker sends a content-free Web Push to a friend whose app is closed. Shared by the
 * worker (which checks and sends), the app (which registers and asks) and the service worker
 * (which reads the push), so all three agree on one shape. Spec: docs/protocol.md [WAKE-*].
 */
import { base64urlDecode } from './base64url';
import { isPeerId, type PeerId } from './ids';
import { isReachText, type ReachHash, type ReachToken } from './reach';

/** `POST`: a friend asks the worker to wake a peer ([WAKE-5]). */
export const WAKE_PATH = '/wake';
/** `GET`: the worker's VAPID public key, for `pushManager.subscribe` ([WAKE-2]). */
export const WAKE_KEY_PATH = '/wake/key';
/** `PUT` / `DELETE` with a signed token: a peer's own push subscription ([WAKE-3], [WAKE-4]). */
export const WAKE_SUBSCRIPTION_PATH = '/wake/subscription';

/** The HTTP auth scheme of the subscription routes: the signed token as in `/turn` ([WAKE-3]). */
export const WAKE_AUTH_SCHEME = 'Bearer';

/** What the waking friend has: messages (or a file) waiting, or a call ringing. */
export type WakeKind = 'message' | 'call';
const WAKE_KINDS: ReadonlySet<string> = new Set<WakeKind>(['message', 'call']);

/** A request body larger than this is refused unread ([WAKE-5]); a real one is about 100 bytes. */
export const MAX_WAKE_REQUEST_BYTES = 512;
/** A subscription body larger than this is refused unread ([WAKE-3]). */
export const MAX_SUBSCRIPTION_BYTES = 4096;
/** Longest push endpoint accepted (FCM's are about 180 characters, WNS's about 300). */
export const MAX_ENDPOINT_CHARS = 1024;
/** An uncompressed P-256 point: 0x04, x, y. */
export const P256_POINT_BYTES = 65;
/** The subscription's authentication secret (RFC 8291). */
export const PUSH_AUTH_BYTES = 16;

/**
 * The push services the worker sends to, by host, and nothing else ([WAKE-7]): the hosts the
 * browsers' push services hand out endpoints on. Chrome, Edge on Android and Opera: FCM. Firefox:
 * Mozilla autopush. Safari (macOS 13+, iOS 16.4+ installed apps): Apple. Edge on Windows: WNS,
 * one host per region under `notify.windows.com`.
 */
export const PUSH_HOSTS: readonly string[] = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  'push.services.mozilla.com',
  'web.push.apple.com',
];
/** WNS hosts: any single-label host under this suffix (`wns2-par02p.notify.windows.com`). */
export const PUSH_HOST_SUFFIX = '.notify.windows.com';

/** The body of `POST /wake` ([WAKE-5]): exactly these three fields. */
export interface WakeRequest {
  id: PeerId;
  token: ReachToken;
  kind: WakeKind;
}

/** A push subscription as the worker keeps it. */
export interface PushTarget {
  /** https URL on a {@link PUSH_HOSTS} host. */
  endpoint: string;
  /** The browser's P-256 public key, base64url (65 bytes). */
  p256dh: string;
  /** The authentication secret, base64url (16 bytes). */
  auth: string;
}

/** The plaintext of a wake push ([WAKE-9]). Nothing else is ever in it. */
export interface WakePayload {
  v: 1;
  /**
   * The hash of the reach token that woke us: an opaque name for one friend that only the
   * woken device can resolve (it gave that friend the token). The worker already holds it.
   */
  slot: ReachHash;
  kind: WakeKind;
}

/** The encrypted record's content is padded to this many bytes, so every wake push is alike. */
export const WAKE_RECORD_BYTES = 128;
/** Push services keep an undelivered wake this long (seconds); a later one replaces it. */
export const WAKE_TTL_S = 60 * 60;

/** Why a wake route refused; the English text is for logs and developers. */
export const WakeErrorReason = {
  notConfigured: 'wake is not configured on this server (no VAPID keys)',
  notFound: 'no such route',
  methodNotAllowed: 'method not allowed on this route',
  crossOrigin: 'this endpoint answers its own origin only',
  tooLarge: 'request body too large',
  badRequest:
    'the body must be JSON {"id": <PeerId>, "token": <reach token>, "kind": "message"|"call"}',
  badId: 'the id query parameter must be a PeerId',
  missingToken: 'send a signed token as "Authorization: Bearer <ts>.<pub>.<sig>"',
  badToken: 'the token was refused',
  badSubscription: 'not a push subscription of an allowed push service',
  noSocket: 'registering needs a live signaling socket for this id',
  unknownToken: 'this token does not open that peer',
  noSubscription: 'that peer cannot be woken',
  rateLimited: 'too many wakes; retry later',
  pushFailed: 'the push service did not take the wake',
} as const;
export type WakeErrorReasonKey = keyof typeof WakeErrorReason;

/** The error body of every wake route: `{error, message}`. */
export interface WakeErrorBody {
  error: WakeErrorReasonKey;
  message: string;
}

/** `GET /wake/key`: the VAPID public key, base64url of the 65-byte point. */
export interface WakeKeyResponse {
  publicKey: string;
}

/** `POST /wake` that was handed to the push service. */
export interface WakeSentResponse {
  status: 'sent';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

/** True for a wake kind. */
export function isWakeKind(value: unknown): value is WakeKind {
  return typeof value === 'string' && WAKE_KINDS.has(value);
}

/** A `POST /wake` body, or null for anything else (an extra field included). [WAKE-5] */
export function parseWakeRequest(value: unknown): WakeRequest | null {
  if (!isRecord(value) || !hasOnlyKeys(value, ['id', 'token', 'kind'])) return null;
  const { id, token, kind } = value;
  if (!isPeerId(id) || !isReachText(token) || !isWakeKind(kind)) return null;
  return { id, token, kind };
}

/** True when push may be sent to `hostname` (already lowercased by the URL parser). [WAKE-7] */
export function isAllowedPushHost(hostname: string): boolean {
  if (PUSH_HOSTS.includes(hostname)) return true;
  if (!hostname.endsWith(PUSH_HOST_SUFFIX)) return false;
  const label = hostname.slice(0, -PUSH_HOST_SUFFIX.length);
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label);
}

/**
 * The endpoint as the worker will fetch it, or null unless it is an https URL on an allowed
 * push host, on the default port, without credentials. [WAKE-7]
 */
export function checkEndpoint(text: unknown): string | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_ENDPOINT_CHARS)
    return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username || url.password) return null;
  if (!isAllowedPushHost(url.hostname)) return null;
  return url.href;
}

/** Base64url key material of `bytes` length; browsers may pad it, the canonical form has none. */
function keyText(value: unknown, bytes: number): string | null {
  if (typeof value !== 'string' || value.length > 128) return null;
  const unpadded = value.replace(/=+$/, '');
  const decoded = base64urlDecode(unpadded);
  return decoded && decoded.length === bytes ? unpadded : null;
}

/**
 * A subscription as `PushSubscription.toJSON()` gives it (`{endpoint, expirationTime, keys:
 * {p256dh, auth}}`), or null when it is anything else. The key's point is checked on the curve
 * by whoever imports it (the worker does, [WAKE-3]). [WAKE-3], [WAKE-7]
 */
export function parsePushSubscription(value: unknown): PushTarget | null {
  if (!isRecord(value) || !hasOnlyKeys(value, ['endpoint', 'expirationTime', 'keys'])) return null;
  const { expirationTime, keys } = value;
  if (
    expirationTime !== undefined &&
    expirationTime !== null &&
    typeof expirationTime !== 'number'
  ) {
    return null;
  }
  if (!isRecord(keys) || !hasOnlyKeys(keys, ['p256dh', 'auth'])) return null;
  const endpoint = checkEndpoint(value.endpoint);
  const p256dh = keyText(keys.p256dh, P256_POINT_BYTES);
  const auth = keyText(keys.auth, PUSH_AUTH_BYTES);
  if (endpoint === null || p256dh === null || auth === null) return null;
  if (base64urlDecode(p256dh)?.[0] !== 0x04) return null;
  return { endpoint, p256dh, auth };
}

/** The wake payload's JSON text: the only thing a wake push ever carries. [WAKE-9] */
export function wakePayloadText(slot: ReachHash, kind: WakeKind): string {
  const payload: WakePayload = { v: 1, slot, kind };
  return JSON.stringify(payload);
}

/** A wake payload from a push's JSON, or null for anything else. [WAKE-10] */
export function parseWakePayload(value: unknown): WakePayload | null {
  if (!isRecord(value) || value.v !== 1) return null;
  const { slot, kind } = value;
  if (!isReachText(slot) || !isWakeKind(kind)) return null;
  return { v: 1, slot, kind };
}
