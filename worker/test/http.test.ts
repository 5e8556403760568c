import { describe, expect, it } from 'vitest';
import { viaWorker } from './helpers';

const get = (path: string, init?: RequestInit) =>
  viaWorker(new Request(`http://plume.test${path}`, init));

describe('signaling HTTP routes', () => {
  it('[SIG-HTTP-1] GET /peerjs/id returns a text id with CORS', async () => {
    const res = await get('/peerjs/id?ts=17000000000000.123&version=1.5.5', {
      headers: { Origin: 'https://elsewhere.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const id = await res.text();
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(await (await get('/peerjs/id')).text()).not.toBe(id);
  });

  it('[SIG-HTTP-2] OPTIONS /peerjs/id answers the CORS preflight', async () => {
    const res = await get('/peerjs/id', {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('GET');
  });

  it('[SIG-HTTP-3] PeerJS paths are never swallowed by the SPA fallback', async () => {
    const plain = await get('/peerjs?key=peerjs&id=abc&token=t');
    expect(plain.status).toBe(426);
    const peers = await get('/peerjs/peers');
    expect(peers.status).toBe(401);
    const other = await get('/peerjs/whatever');
    expect(other.status).toBe(404);
    for (const res of [plain, peers, other]) {
      expect(res.headers.get('Content-Type')).not.toMatch(/html/);
    }
    const post = await get('/peerjs/id', { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
