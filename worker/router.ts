/**
 * The worker's front door: PeerJS routes under `/peerjs` (path `/`, key `peerjs`, so the stock
 * client's defaults work), `/turn` for ICE servers, `/wake` for content-free pushes, everything
 * else is the app from the ASSETS binding.
 * Spec: docs/protocol.md [SIG-HTTP-*], [SIG-AUTH-*], [SIG-APP-*], [TURN-*], [WAKE-*].
 */
import { CLOSE_RATE_LIMITED, SIGNAL_KEY } from '../src/lib/signalingProtocol';
import { addressKey, allowed, CLIENT_ADDRESS_HEADER } from './address';
import { TURN_PATH } from '../src/lib/turnProtocol';
import { checkConnect } from './auth';
import { readConfig, type Env } from './env';
import { errorFrame, type SignalErrorReason } from './frames';
import { withAppHeaders, withSecurityHeaders } from './headers';
import { CONNECT_INFO_HEADER } from './peerObject';
import { refuseWebSocket } from './sockets';
import { handleTurn } from './turn';
import { handleWake } from './wake';
import { WAKE_PATH } from '../src/lib/wakeProtocol';

/** `{path}{key}`: the WebSocket endpoint, and the prefix of the HTTP API. */
const SIGNAL_ROOT = `/${SIGNAL_KEY}`;
const ID_PATH = `${SIGNAL_ROOT}/id`;
const PEERS_PATH = `${SIGNAL_ROOT}/peers`;

/** CORS for the PeerJS HTTP API: the stock client may live on another origin. */
const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
};

function apiResponse(body: string | null, status: number): Response {
  const headers = withSecurityHeaders(CORS_HEADERS);
  headers.set('Cache-Control', 'no-store');
  if (body !== null) headers.set('Content-Type', 'text/plain; charset=utf-8');
  return new Response(body, { status, headers });
}

/** Route one request. Never lets a signaling path fall through to the SPA. */
export async function handleRequest(
  request: Request,
  env: Env,
  ctx: Pick<ExecutionContext, 'waitUntil'>,
): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname;
  if (path === SIGNAL_ROOT) return connect(request, url, env, ctx);
  if (path === ID_PATH || path === PEERS_PATH) {
    if (request.method === 'OPTIONS') return apiResponse(null, 204);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return apiResponse('Method not allowed', 405);
    // Like peerjs-server with allow_discovery off: listing peers is refused.
    if (path === PEERS_PATH) return apiResponse('Peer listing is disabled', 401);
    return apiResponse(crypto.randomUUID(), 200);
  }
  if (path.startsWith(`${SIGNAL_ROOT}/`)) return apiResponse('Not found', 404);
  // ICE servers for the app ([TURN-*]); like /peerjs, never answered by the SPA fallback.
  if (path === TURN_PATH || path.startsWith(`${TURN_PATH}/`)) return handleTurn(request, url, env);
  // Wake pushes ([WAKE-*]); likewise never the SPA.
  if (path === WAKE_PATH || path.startsWith(`${WAKE_PATH}/`)) return handleWake(request, url, env);
  return withAppHeaders(path, await env.ASSETS.fetch(request));
}

/** `GET /peerjs?key&id&token&version` with an upgrade: check, then hand over to the peer's object. */
async function connect(
  request: Request,
  url: URL,
  env: Env,
  ctx: Pick<ExecutionContext, 'waitUntil'>,
): Promise<Response> {
  if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
    return apiResponse('Expected a WebSocket upgrade', 426);
  }
  const addr = addressKey(request.headers.get(CLIENT_ADDRESS_HEADER));
  // Counted before the token check, so a flood of bad tokens is limited too ([SIG-ADDR-2]).
  if (addr !== null && !(await allowed(env.CONNECT_LIMITER, addr))) {
    return refuse(ctx, 'tooManyConnects', CLOSE_RATE_LIMITED);
  }
  const decision = await checkConnect(url.searchParams, readConfig(env), Date.now());
  if (!decision.ok) return refuse(ctx, decision.reason, decision.code, decision.msg);
  let counted = false;
  if (addr !== null) {
    const gate = await env.ADDRESSES.getByName(addr).acquire(decision.info.id);
    if (!gate.ok) return refuse(ctx, 'tooManySockets', CLOSE_RATE_LIMITED);
    counted = gate.counted;
  }
  const info = { ...decision.info, addr, counted };
  // A fresh internal request: nothing the client sent besides the upgrade reaches the object.
  const inner = new Request('https://peer-object.internal/connect', {
    headers: { Upgrade: 'websocket', [CONNECT_INFO_HEADER]: JSON.stringify(info) },
  });
  return env.PEERS.getByName(info.id).fetch(inner);
}

/** Refuse a connect the way the stock client understands ([SIG-AUTH-6]). */
function refuse(
  ctx: Pick<ExecutionContext, 'waitUntil'>,
  reason: SignalErrorReason,
  code: number,
  msg?: string,
): Response {
  const refusal = refuseWebSocket(errorFrame(reason, msg), code, reason);
  ctx.waitUntil(refusal.done);
  return refusal.response;
}
