/**
 * Minting short-lived TURN credentials from Cloudflare Realtime ([TURN-5]):
 * `POST https://rtc.live.cloudflare.com/v1/turn/keys/<TURN_KEY_ID>/credentials/generate-ice-servers`
 * with `Authorization: Bearer <TURN_KEY_API_TOKEN>` and `{"ttl": <seconds>}`; the answer
 * (201) is `{"iceServers": [...]}`, ready for `RTCPeerConnection`.
 *
 * The two secrets never leave this module: not in a response, not in a log line.
 */
import { MAX_TURN_TTL_S, parseIceServers, type IceServer } from '../src/lib/turnProtocol';
import type { Env } from './env';

/** The Cloudflare Realtime API base. */
export const TURN_API_BASE = 'https://rtc.live.cloudflare.com/v1';

/**
 * Lifetime of minted credentials ([TURN-9]): two hours, so a leaked or abused credential relays
 * for two hours at most, while a call longer than an hour still outlives one refresh. The app
 * asks again after half of it, on its next connection (src/peers/iceServers.ts).
 */
export const TURN_CREDENTIAL_TTL_S = 2 * 60 * 60;

/** A slow upstream must not hold the app's request: after this the worker answers STUN only. */
export const UPSTREAM_TIMEOUT_MS = 3_000;

/** Key ids are opaque hex today; anything outside this set is a configuration mistake. */
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

/** Browsers refuse port 53 (Chrome and Firefox block it), so such URLs only cost ICE time. */
const PORT_53_RE = /^[a-z]+:[^?]*:53(?:\?|$)/;

/** The two secrets, trimmed (a pasted newline is a common `wrangler secret put` slip). */
export interface TurnKey {
  keyId: string;
  apiToken: string;
}

/** Why minting failed, for the log line; never contains a secret. */
export class TurnUpstreamError extends Error {
  override readonly name = 'TurnUpstreamError';
}

/** The configured key, `null` when TURN is off, or an error when it is half set up. */
export function readTurnKey(
  env: Pick<Env, 'TURN_KEY_ID' | 'TURN_KEY_API_TOKEN'>,
): TurnKey | null | TurnUpstreamError {
  const keyId = env.TURN_KEY_ID?.trim() ?? '';
  const apiToken = env.TURN_KEY_API_TOKEN?.trim() ?? '';
  if (!keyId && !apiToken) return null;
  if (!keyId || !apiToken) {
    return new TurnUpstreamError('only one of TURN_KEY_ID and TURN_KEY_API_TOKEN is set');
  }
  if (!KEY_ID_RE.test(keyId)) return new TurnUpstreamError('TURN_KEY_ID is malformed');
  return { keyId, apiToken };
}

/** Drop URLs on port 53, and servers left with none. Pure. */
export function dropBlockedPorts(servers: readonly IceServer[]): IceServer[] {
  const out: IceServer[] = [];
  for (const server of servers) {
    const list = typeof server.urls === 'string' ? [server.urls] : server.urls;
    const urls = list.filter((url) => !PORT_53_RE.test(url));
    if (urls.length > 0) out.push({ ...server, urls });
  }
  return out;
}

/** The upstream URL for a key id. */
export function generateUrl(keyId: string): string {
  return `${TURN_API_BASE}/turn/keys/${encodeURIComponent(keyId)}/credentials/generate-ice-servers`;
}

/**
 * Ask Cloudflare for fresh credentials. Resolves to validated ICE servers with at least one TURN
 * entry, or rejects with a {@link TurnUpstreamError} whose message is safe to log.
 */
export async function mintIceServers(
  key: TurnKey,
  ttlS: number = TURN_CREDENTIAL_TTL_S,
): Promise<IceServer[]> {
  let response: Response;
  try {
    response = await fetch(generateUrl(key.keyId), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${key.apiToken}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ ttl: Math.min(ttlS, MAX_TURN_TTL_S) }),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (err) {
    // Only the error's class goes into the message: runtimes may quote the URL (with the key id).
    const kind = err instanceof Error ? err.name : 'unknown';
    throw new TurnUpstreamError(`request failed (${kind})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new TurnUpstreamError(`answered HTTP ${response.status}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new TurnUpstreamError('answered something that is not JSON');
  }
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const parsed = parseIceServers(raw.iceServers);
  if (!parsed) throw new TurnUpstreamError('answered an unexpected shape');
  const servers = dropBlockedPorts(parsed);
  if (!servers.some((server) => server.credential !== undefined)) {
    throw new TurnUpstreamError('answered no TURN server with credentials');
  }
  return servers;
}
