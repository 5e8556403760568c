/**
 * The wake routes: `GET /wake/key` (the VAPID public key), `PUT`/`DELETE /wake/subscription`
 * (a peer's own push subscription, with its signed token) and `POST /wake` (a friend with a reach
 * token asks for a content-free push to that peer). Like `/peerjs` and `/turn`, nothing under
 * `/wake` is ever the SPA. Spec: docs/protocol.md [WAKE-*].
 */
import { isPeerId } from '../src/lib/ids';
import { reachHash } from '../src/lib/reach';
import { verifyToken } from '../src/lib/signalToken';
import { TURN_AUTH_SCHEME } from '../src/lib/turnProtocol';
import {
  MAX_SUBSCRIPTION_BYTES,
  MAX_WAKE_REQUEST_BYTES,
  parsePushSubscription,
  parseWakeRequest,
  WAKE_KEY_PATH,
  WAKE_PATH,
  WAKE_SUBSCRIPTION_PATH,
  WakeErrorReason,
  type PushTarget,
  type WakeErrorBody,
  type WakeErrorReasonKey,
  type WakeKeyResponse,
  type WakeSentResponse,
} from '../src/lib/wakeProtocol';
import { base64urlDecode } from '../src/lib/base64url';
import { addressKey, allowed, CLIENT_ADDRESS_HEADER } from './address';
import type { Env } from './env';
import { withSecurityHeaders } from './headers';
import { bearerToken, isCrossOrigin } from './httpAuth';
import { logError } from './log';
import { readVapid, VapidConfigError } from './wakeConfig';
import { sendWake } from './wakePush';
import type { VapidKeys } from './webPush';

/** `Retry-After` when an address is over the wake limit: the limiter's period. */
const ADDRESS_RETRY_S = 60;
/** `Retry-After` for a registration made before the signaling socket is up. */
const NO_SOCKET_RETRY_S = 5;

function json(
  body: WakeErrorBody | WakeKeyResponse | WakeSentResponse,
  status: number,
  extra?: HeadersInit,
): Response {
  const headers = withSecurityHeaders(extra);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers });
}

function refuse(reason: WakeErrorReasonKey, status: number, extra?: HeadersInit): Response {
  return json({ error: reason, message: WakeErrorReason[reason] }, status, extra);
}

function noContent(): Response {
  const headers = withSecurityHeaders();
  headers.set('Cache-Control', 'no-store');
  return new Response(null, { status: 204, headers });
}

/**
 * The body as text, or null when it is over `max` bytes: refused by its declared length before
 * reading, and never read past `max + 1` bytes whatever it declares.
 */
async function readLimited(request: Request, max: number): Promise<string | null> {
  const declared = request.headers.get('Content-Length');
  if (declared !== null && !(Number(declared) <= max)) return null;
  if (!request.body) return '';
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The VAPID keys, or null (logged once per request when they are set but unusable). */
async function vapidKeys(env: Env): Promise<VapidKeys | null> {
  const keys = await readVapid(env);
  if (keys instanceof VapidConfigError) {
    logError('wake: configuration', keys);
    return null;
  }
  return keys;
}

/** False when the request's address is over the wake limit ([WAKE-5]). */
async function addressAllows(request: Request, env: Env): Promise<boolean> {
  const addr = addressKey(request.headers.get(CLIENT_ADDRESS_HEADER));
  return addr === null || (await allowed(env.WAKE_LIMITER, addr));
}

/** True when the subscription's key is a point on P-256 (the browser's, [WAKE-3]). */
async function isCurvePoint(target: PushTarget): Promise<boolean> {
  const point = base64urlDecode(target.p256dh);
  if (!point) return false;
  try {
    await crypto.subtle.importKey('raw', point, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    return true;
  } catch {
    return false;
  }
}

/** `GET /wake/key` ([WAKE-2]). */
async function answerKey(request: Request, env: Env): Promise<Response> {
  if (request.method !== 'GET') return refuse('methodNotAllowed', 405, { Allow: 'GET' });
  const keys = await vapidKeys(env);
  if (keys === null) return refuse('notConfigured', 503);
  return json({ publicKey: keys.publicKey }, 200);
}

/** `PUT` and `DELETE /wake/subscription?id=` with the id's signed token ([WAKE-3], [WAKE-4]). */
async function answerSubscription(request: Request, url: URL, env: Env): Promise<Response> {
  if (request.method !== 'PUT' && request.method !== 'DELETE') {
    return refuse('methodNotAllowed', 405, { Allow: 'PUT, DELETE' });
  }
  const id = url.searchParams.get('id') ?? '';
  if (!isPeerId(id)) return refuse('badId', 400);
  const token = bearerToken(request);
  if (token === null) {
    return refuse('missingToken', 401, {
      'WWW-Authenticate': `${TURN_AUTH_SCHEME} realm="plume-wake"`,
    });
  }
  const check = await verifyToken(id, token, Date.now());
  if (!check.ok) {
    return refuse('badToken', 401, {
      'WWW-Authenticate': `${TURN_AUTH_SCHEME} error="invalid_token"`,
    });
  }
  if (!(await addressAllows(request, env))) {
    return refuse('rateLimited', 429, { 'Retry-After': String(ADDRESS_RETRY_S) });
  }
  const peer = env.PEERS.getByName(id);
  if (request.method === 'DELETE') {
    await peer.wakeUnregister();
    return noContent();
  }
  if ((await vapidKeys(env)) === null) return refuse('notConfigured', 503);
  const text = await readLimited(request, MAX_SUBSCRIPTION_BYTES);
  if (text === null) return refuse('tooLarge', 413);
  const target = parsePushSubscription(parseJson(text));
  if (target === null || !(await isCurvePoint(target))) return refuse('badSubscription', 400);
  const answer = await peer.wakeRegister(target);
  if (answer.ok) return noContent();
  return answer.reason === 'noSocket'
    ? refuse('noSocket', 409, { 'Retry-After': String(NO_SOCKET_RETRY_S) })
    : refuse('rateLimited', 429, { 'Retry-After': String(answer.retryAfterS) });
}

/** `POST /wake` with `{id, token, kind}` ([WAKE-5]…[WAKE-12]). */
async function answerWake(request: Request, env: Env): Promise<Response> {
  if (request.method !== 'POST') return refuse('methodNotAllowed', 405, { Allow: 'POST' });
  const vapid = await vapidKeys(env);
  if (vapid === null) return refuse('notConfigured', 503);
  const text = await readLimited(request, MAX_WAKE_REQUEST_BYTES);
  if (text === null) return refuse('tooLarge', 413);
  const wake = parseWakeRequest(parseJson(text));
  if (wake === null) return refuse('badRequest', 400);
  if (!(await addressAllows(request, env))) {
    return refuse('rateLimited', 429, { 'Retry-After': String(ADDRESS_RETRY_S) });
  }
  // The object gets the token's hash, never the token ([SIG-REACH-3]).
  const peer = env.PEERS.getByName(wake.id);
  const ticket = await peer.wakeTicket(await reachHash(wake.token));
  if (!ticket.ok) {
    if (ticket.reason === 'rateLimited') {
      return refuse('rateLimited', 429, { 'Retry-After': String(ticket.retryAfterS) });
    }
    return ticket.reason === 'unknownToken'
      ? refuse('unknownToken', 403)
      : refuse('noSubscription', 404);
  }
  const outcome = await sendWake(vapid, ticket.target, ticket.slot, wake.kind, Date.now());
  if (outcome === 'sent') return json({ status: 'sent' }, 202);
  if (outcome === 'gone') {
    await peer.wakeGone(ticket.target.endpoint);
    return refuse('noSubscription', 404);
  }
  return refuse('pushFailed', 502);
}

/** Answer a request under {@link WAKE_PATH}. Never throws. */
export async function handleWake(request: Request, url: URL, env: Env): Promise<Response> {
  const path = url.pathname;
  const known = path === WAKE_PATH || path === WAKE_KEY_PATH || path === WAKE_SUBSCRIPTION_PATH;
  if (!known) return refuse('notFound', 404);
  if (isCrossOrigin(request, url)) return refuse('crossOrigin', 403);
  try {
    if (path === WAKE_KEY_PATH) return await answerKey(request, env);
    if (path === WAKE_SUBSCRIPTION_PATH) return await answerSubscription(request, url, env);
    return await answerWake(request, env);
  } catch (err) {
    logError('wake', err);
    return refuse('pushFailed', 502);
  }
}
