/**
 * `GET /turn?id=<peerId>` with `Authorization: Bearer <signal token>`: the ICE servers for this
 * peer. Short-lived Cloudflare TURN credentials when the `TURN_KEY_ID` and `TURN_KEY_API_TOKEN`
 * secrets are set, public STUN otherwise or when the upstream fails.
 * Spec: docs/protocol.md [TURN-*].
 */
import { isPeerId } from '../src/lib/ids';
import { verifyToken } from '../src/lib/signalToken';
import {
  STUN_ICE_SERVERS,
  TURN_AUTH_SCHEME,
  TURN_MIN_SOCKET_AGE_MS,
  TURN_PATH,
  TurnErrorReason,
  type IceServer,
  type TurnErrorBody,
  type TurnErrorReasonKey,
  type TurnResponse,
} from '../src/lib/turnProtocol';
import { addressKey, allowed, CLIENT_ADDRESS_HEADER } from './address';
import type { Env } from './env';
import { withSecurityHeaders } from './headers';
import { bearerToken, isCrossOrigin } from './httpAuth';
import { logError } from './log';
import type { TurnAllowance } from './turnAllowance';
import {
  mintIceServers,
  readTurnKey,
  TURN_CREDENTIAL_TTL_S,
  TurnUpstreamError,
} from './turnUpstream';

/** How long the app may keep a STUN-only answer when TURN is not configured. */
export const STUN_TTL_S = 60 * 60;
/** How long the app may keep the STUN-only answer given after a failure, before asking again. */
export const FALLBACK_TTL_S = 5 * 60;

/** `Retry-After` when the address is over its `/turn` limit: the limiter's period. */
const ADDRESS_RETRY_S = 60;

function json(body: TurnResponse | TurnErrorBody, status: number, extra?: HeadersInit): Response {
  const headers = withSecurityHeaders(extra);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  // Credentials are per requester and short-lived: no proxy or browser cache may keep them.
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers });
}

function refuse(
  reason: TurnErrorReasonKey,
  status: number,
  extra?: HeadersInit,
  detail?: string,
): Response {
  const message = detail ? `${TurnErrorReason[reason]}: ${detail}` : TurnErrorReason[reason];
  return json({ error: reason, message }, status, extra);
}

function servers(iceServers: readonly IceServer[], ttl: number): Response {
  return json({ iceServers: [...iceServers], ttl }, 200);
}

/**
 * Ask the id's object whether this request may be answered ([TURN-6], [TURN-9]); an object that
 * fails degrades to STUN, never a 500 and never TURN.
 */
async function askPeer(env: Env, id: string, minting: boolean): Promise<TurnAllowance | null> {
  try {
    return await env.PEERS.getByName(id).turnAllowance(minting ? TURN_MIN_SOCKET_AGE_MS : null);
  } catch (err) {
    logError('turn: peer object', err);
    return null;
  }
}

/** Mint TURN servers, or answer STUN only (and say why in the log) ([TURN-5]). */
async function iceServersFor(env: Env): Promise<Response> {
  const key = readTurnKey(env);
  if (key === null) return servers(STUN_ICE_SERVERS, STUN_TTL_S);
  if (key instanceof TurnUpstreamError) {
    logError('turn: configuration', key);
    return servers(STUN_ICE_SERVERS, FALLBACK_TTL_S);
  }
  try {
    return servers(await mintIceServers(key), TURN_CREDENTIAL_TTL_S);
  } catch (err) {
    // mintIceServers only throws TurnUpstreamError, whose messages never carry a secret.
    logError('turn: upstream', err instanceof TurnUpstreamError ? err : 'unexpected failure');
    return servers(STUN_ICE_SERVERS, FALLBACK_TTL_S);
  }
}

/** Answer a request under {@link TURN_PATH}. Never throws. */
export async function handleTurn(request: Request, url: URL, env: Env): Promise<Response> {
  if (url.pathname !== TURN_PATH) return refuse('notFound', 404);
  if (isCrossOrigin(request, url)) return refuse('crossOrigin', 403);
  if (request.method !== 'GET') return refuse('methodNotAllowed', 405, { Allow: 'GET' });

  const id = url.searchParams.get('id') ?? '';
  if (!isPeerId(id)) return refuse('badId', 400);
  const token = bearerToken(request);
  const challenge = { 'WWW-Authenticate': `${TURN_AUTH_SCHEME} realm="plume-turn"` };
  if (token === null) return refuse('missingToken', 401, challenge);
  const check = await verifyToken(id, token, Date.now());
  if (!check.ok) {
    const invalid = { 'WWW-Authenticate': `${TURN_AUTH_SCHEME} error="invalid_token"` };
    return refuse('badToken', 401, invalid, `${check.reason}: ${check.message}`);
  }

  const addr = addressKey(request.headers.get(CLIENT_ADDRESS_HEADER));
  if (addr !== null && !(await allowed(env.TURN_LIMITER, addr))) {
    return refuse('rateLimited', 429, { 'Retry-After': String(ADDRESS_RETRY_S) });
  }
  const key = readTurnKey(env);
  // Minting costs money: only for an id that holds a signaling socket, open a while ([TURN-9]).
  const minting = key !== null && !(key instanceof TurnUpstreamError);
  const allowance = await askPeer(env, id, minting);
  if (allowance === null) return servers(STUN_ICE_SERVERS, FALLBACK_TTL_S);
  if (!allowance.ok) {
    const retry = { 'Retry-After': String(allowance.retryAfterS) };
    return allowance.reason === 'noSocket'
      ? refuse('noSocket', 409, retry)
      : refuse('rateLimited', 429, retry);
  }
  return iceServersFor(env);
}
