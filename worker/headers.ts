/**
 * Response headers for the app's static files: caching by kind of file, plus security headers.
 * Pure functions of the path and the asset response, so they are unit-tested on their own.
 * Spec: docs/protocol.md [SIG-APP-*].
 */

/**
 * The CSP. WebRTC itself is not governed by CSP; `connect-src ws: wss:` lets the app reach
 * signaling on any host it is configured for, `media-src mediastream:` plays camera streams,
 * and `'wasm-unsafe-eval'` allows WebAssembly (QR decoding, hashing) without allowing eval.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Headers every response from the worker carries (except WebSocket upgrades). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(self)',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Vite puts content-hashed files under /assets/: they never change, so cache them for a year. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Entry points must be revalidated every time, or an update would never reach the user. */
export const CACHE_NO_CACHE = 'no-cache';

const HASHED_PREFIX = '/assets/';
/** Entry points that are fetched by a fixed name and must never be served stale. */
const ENTRY_PATHS: ReadonlySet<string> = new Set([
  '/',
  '/index.html',
  '/sw.js',
  '/manifest.webmanifest',
]);

/** How a response for a path is cached. `missing` turns an HTML fallback under /assets/ into a 404. */
export type CacheRule = 'immutable' | 'no-cache' | 'missing' | 'unchanged';

/** Decide the caching rule for an asset response. */
export function cacheRule(pathname: string, status: number, contentType: string | null): CacheRule {
  const isHtml = (contentType ?? '').toLowerCase().startsWith('text/html');
  if (pathname.startsWith(HASHED_PREFIX)) {
    // A missing hashed file comes back as the SPA's index.html. Caching that as an immutable
    // script would break the app for a year, so answer 404 instead.
    if (isHtml) return 'missing';
    return status === 200 || status === 304 ? 'immutable' : 'unchanged';
  }
  // The SPA fallback (any unknown path) is index.html too, so every HTML answer is an entry point.
  if (ENTRY_PATHS.has(pathname) || isHtml) return 'no-cache';
  return 'unchanged';
}

/** Copy `headers` into a mutable `Headers` with the security headers applied. */
export function withSecurityHeaders(headers?: HeadersInit): Headers {
  const out = new Headers(headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) out.set(name, value);
  return out;
}

/** Apply caching and security headers to a response from the ASSETS binding. */
export function withAppHeaders(pathname: string, response: Response): Response {
  const rule = cacheRule(pathname, response.status, response.headers.get('Content-Type'));
  if (rule === 'missing') {
    const headers = withSecurityHeaders({
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    return new Response('Not found', { status: 404, headers });
  }
  const headers = withSecurityHeaders(response.headers);
  if (rule === 'immutable') headers.set('Cache-Control', CACHE_IMMUTABLE);
  if (rule === 'no-cache') headers.set('Cache-Control', CACHE_NO_CACHE);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
