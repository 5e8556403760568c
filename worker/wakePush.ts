/**
 * One wake push, built and sent: the padded payload of a slot and a kind, encrypted for the
 * subscription, with VAPID, a short TTL, high urgency and a topic per token, POSTed to the
 * subscription's endpoint only when that is an https URL of an allowed push service.
 * Spec: docs/protocol.md [WAKE-7]…[WAKE-9], [WAKE-12].
 */
import { base64urlDecode, base64urlEncode } from '../src/lib/base64url';
import { hmacSha256 } from '../src/lib/hmac';
import type { ReachHash } from '../src/lib/reach';
import {
  checkEndpoint,
  WAKE_RECORD_BYTES,
  WAKE_TTL_S,
  wakePayloadText,
  type PushTarget,
  type WakeKind,
} from '../src/lib/wakeProtocol';
import { logError } from './log';
import {
  audienceOf,
  encryptPush,
  freshSecrets,
  vapidAuthorization,
  vapidJwt,
  type PushRecipient,
  type VapidKeys,
} from './webPush';

/** A push service that has not answered in this long has not taken the wake. */
export const PUSH_TIMEOUT_MS = 10_000;
/** Topic bytes: 16, as 22 base64url characters (a Topic may have at most 32). */
const TOPIC_BYTES = 16;
const TOPIC_LABEL = 'plume-wake-topic/1|';

const encoder = new TextEncoder();

/** What the push service made of a wake. */
export type PushOutcome =
  /** Accepted (2xx). */
  | 'sent'
  /** 404 or 410: the subscription is gone for good; the object forgets it. */
  | 'gone'
  /** Anything else: refused, unreachable, too slow, or an endpoint never sent to. */
  | 'failed';

/**
 * The `Topic` of wakes by one token to one subscription ([WAKE-8]): a wake still waiting at the
 * push service is replaced by the next one from the same friend. Keyed with the subscription's
 * secret, so the push service cannot link topics across subscriptions, and it learns nothing of
 * the token.
 */
export async function wakeTopic(auth: Uint8Array, slot: ReachHash): Promise<string> {
  const mac = await hmacSha256(auth, encoder.encode(TOPIC_LABEL + slot));
  return base64urlEncode(mac.slice(0, TOPIC_BYTES));
}

function recipientOf(target: PushTarget): PushRecipient | null {
  const p256dh = base64urlDecode(target.p256dh);
  const auth = base64urlDecode(target.auth);
  return p256dh && auth ? { p256dh, auth } : null;
}

/**
 * The request for one wake: the only body it ever carries is the encrypted, padded
 * `{v, slot, kind}` ([WAKE-9]). Null when the target is not one the worker sends to ([WAKE-7]).
 */
export async function wakeRequest(
  vapid: VapidKeys,
  target: PushTarget,
  slot: ReachHash,
  kind: WakeKind,
  nowMs: number,
): Promise<Request | null> {
  const endpoint = checkEndpoint(target.endpoint);
  const recipient = recipientOf(target);
  if (endpoint === null || recipient === null) return null;
  const plaintext = encoder.encode(wakePayloadText(slot, kind));
  const body = await encryptPush(plaintext, recipient, WAKE_RECORD_BYTES, await freshSecrets());
  const jwt = await vapidJwt(vapid, audienceOf(endpoint), nowMs);
  return new Request(endpoint, {
    method: 'POST',
    headers: {
      Authorization: vapidAuthorization(jwt, vapid),
      'Content-Encoding': 'aes128gcm',
      'Content-Type': 'application/octet-stream',
      TTL: String(WAKE_TTL_S),
      Urgency: 'high',
      Topic: await wakeTopic(recipient.auth, slot),
    },
    body,
    // A push service never redirects; following one could lead anywhere ([WAKE-7]).
    redirect: 'manual',
  });
}

/** Send one wake and say what the push service made of it. Never throws. */
export async function sendWake(
  vapid: VapidKeys,
  target: PushTarget,
  slot: ReachHash,
  kind: WakeKind,
  nowMs: number,
): Promise<PushOutcome> {
  let request: Request | null;
  try {
    request = await wakeRequest(vapid, target, slot, kind, nowMs);
  } catch (err) {
    // A subscription key that is not a P-256 point (checked at registration, so rare).
    logError('wake: encrypt', err instanceof Error ? err.name : 'failure');
    return 'failed';
  }
  if (request === null) return 'failed';
  const host = new URL(request.url).host;
  try {
    const response = await fetch(request, { signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return 'sent';
    if (response.status === 404 || response.status === 410) return 'gone';
    // The endpoint's path is the subscription's capability: only the host is logged.
    logError('wake: push', `${host} answered HTTP ${response.status}`);
    return 'failed';
  } catch (err) {
    logError('wake: push', `${host}: ${err instanceof Error ? err.name : 'failure'}`);
    return 'failed';
  }
}
