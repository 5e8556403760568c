/**
 * What the worker's own HTTP routes (`/turn`, `/wake`) check before anything else: that the
 * request comes from a page of the app's own origin, and the signed token in its
 * `Authorization: Bearer` header. Spec: docs/protocol.md [TURN-2], [TURN-3], [WAKE-3].
 */
import { TURN_AUTH_SCHEME } from '../src/lib/turnProtocol';

/** `Sec-Fetch-Site` values of requests a page on our own origin (or the user) makes. */
const OWN_FETCH_SITES: ReadonlySet<string> = new Set(['same-origin', 'none']);

/** True when the request comes from a page of another origin ([TURN-3]). */
export function isCrossOrigin(request: Request, url: URL): boolean {
  const origin = request.headers.get('Origin');
  if (origin !== null && origin !== url.origin) return true;
  const site = request.headers.get('Sec-Fetch-Site');
  return site !== null && !OWN_FETCH_SITES.has(site);
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('Authorization');
  if (header === null) return null;
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (rest.length > 0 || !token || scheme?.toLowerCase() !== TURN_AUTH_SCHEME.toLowerCase()) {
    return null;
  }
  return token;
}
