/**
 * `GET /turn`: the ICE servers the worker hands to the app. Shared by the worker (which answers)
 * and the app (which asks), so both validate the same shape. Spec: docs/protocol.md [TURN-*].
 */

/** The route, on the same origin as the app and signaling. */
export const TURN_PATH = '/turn';

/** The HTTP auth scheme: `Authorization: Bearer <signal token>` ([TURN-2]). */
export const TURN_AUTH_SCHEME = 'Bearer';

/**
 * TURN is minted only for an id whose signaling socket has been open this long ([TURN-9]), and
 * the app asks only after that ([TURN-7]). A real app's socket opens within a fraction of a
 * second of its start; five seconds means a credential costs a socket that was opened, kept, and
 * counted against its address's connect limit and socket cap, while the app's connections of
 * its first seconds use STUN.
 */
export const TURN_MIN_SOCKET_AGE_MS = 5_000;

/**
 * One ICE server, structurally a subset of the DOM's `RTCIceServer` (the worker has no DOM
 * types). `username` and `credential` are present only on TURN entries.
 */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** The success body of `GET /turn` ([TURN-4]). */
export interface TurnResponse {
  iceServers: IceServer[];
  /** Seconds the servers (and any credentials in them) stay valid. */
  ttl: number;
}

/** The error body of `GET /turn`: `{error, message}` with a reason from {@link TurnErrorReason}. */
export interface TurnErrorBody {
  error: TurnErrorReasonKey;
  message: string;
}

/** Why `GET /turn` was refused ([TURN-2], [TURN-3], [TURN-6], [TURN-9]); the English text is for logs. */
export const TurnErrorReason = {
  missingToken: 'send a signed token as "Authorization: Bearer <ts>.<pub>.<sig>"',
  badId: 'the id query parameter must be a PeerId',
  badToken: 'the token was refused',
  crossOrigin: 'this endpoint answers its own origin only',
  rateLimited: 'too many requests for this id or network address; retry later',
  noSocket: 'TURN needs a signaling socket for this id, open for a few seconds; retry later',
  methodNotAllowed: 'only GET is allowed',
  notFound: 'no such route',
} as const;
export type TurnErrorReasonKey = keyof typeof TurnErrorReason;

/** Public STUN: what the worker answers when it mints no TURN credentials ([TURN-5]). */
export const STUN_ICE_SERVERS: readonly IceServer[] = [{ urls: 'stun:stun.cloudflare.com:3478' }];

/** Bounds on what either side accepts, so a bad upstream or server cannot flood the app. */
export const MAX_ICE_SERVERS = 8;
export const MAX_ICE_URLS = 16;
export const MAX_ICE_TEXT_CHARS = 512;
/** The longest TTL either side accepts: Cloudflare caps TURN credentials at 48 h. */
export const MAX_TURN_TTL_S = 48 * 60 * 60;

const ICE_URL_RE = /^(?:stun|stuns|turn|turns):[^\s]+$/;

function isShortText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ICE_TEXT_CHARS;
}

function parseUrls(value: unknown): string[] | null {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ICE_URLS) return null;
  const urls: string[] = [];
  for (const url of list) {
    if (!isShortText(url) || !ICE_URL_RE.test(url)) return null;
    urls.push(url);
  }
  return urls;
}

function parseServer(value: unknown): IceServer | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const urls = parseUrls(record.urls);
  if (!urls) return null;
  // Keep the sender's spelling (one string or a list) so that a valid body parses to itself.
  const server: IceServer = { urls: typeof record.urls === 'string' ? urls[0]! : urls };
  const { username, credential } = record;
  if (username !== undefined || credential !== undefined) {
    // A TURN entry needs both halves; one without the other is a broken answer.
    if (!isShortText(username) || !isShortText(credential)) return null;
    server.username = username;
    server.credential = credential;
  }
  return server;
}

/**
 * Validate a list of ICE servers from an untrusted source (the upstream API, or the worker as
 * seen by the app). Copies only the known fields. Null when anything is off. Pure.
 */
export function parseIceServers(value: unknown): IceServer[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ICE_SERVERS) return null;
  const servers: IceServer[] = [];
  for (const entry of value) {
    const server = parseServer(entry);
    if (!server) return null;
    servers.push(server);
  }
  return servers;
}

/** Validate a `GET /turn` body ([TURN-4]); null when it is not one. Pure. */
export function parseTurnResponse(value: unknown): TurnResponse | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const iceServers = parseIceServers(record.iceServers);
  const { ttl } = record;
  if (!iceServers || typeof ttl !== 'number' || !Number.isInteger(ttl)) return null;
  if (ttl <= 0 || ttl > MAX_TURN_TTL_S) return null;
  return { iceServers, ttl };
}
