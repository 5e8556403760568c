import { describe, expect, it } from 'vitest';
import { CACHE_IMMUTABLE, CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../headers';
import { viaWorker } from './helpers';

const get = (path: string, init?: RequestInit) =>
  viaWorker(new Request(`http://plume.test${path}`, init));

describe('static app', () => {
  it('[SIG-APP-1] hashed /assets/* files are immutable; a missing one is a 404, not HTML', async () => {
    const res = await get('/assets/app-1a2b3c4d.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe(CACHE_IMMUTABLE);
    expect(await res.text()).toContain('fixture app');
    const missing = await get('/assets/app-00000000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Type')).not.toMatch(/html/);
    expect(missing.headers.get('Cache-Control')).toBe('no-store');
  });

  it('[SIG-APP-2] entry points and the SPA fallback are no-cache', async () => {
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const res = await get(path, {
        headers: { 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' },
      });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Cache-Control'), path).toBe('no-cache');
      await res.arrayBuffer();
    }
    const deep = await get('/chats/abc', {
      headers: { 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' },
    });
    expect(deep.status).toBe(200);
    expect(deep.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(deep.headers.get('Cache-Control')).toBe('no-cache');
    expect(await deep.text()).toContain('Plume fixture');
  });

  it('[SIG-APP-3] app responses carry the security headers and the CSP', async () => {
    const res = await get('/');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(res.headers.get(name), name).toBe(value);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self' ws: wss:");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    const other = await get('/robots.txt');
    expect(other.headers.get('X-Content-Type-Options')).toBe('nosniff');
    await res.arrayBuffer();
    await other.arrayBuffer();
  });
});
