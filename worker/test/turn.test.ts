// GET /turn without TURN secrets: routing, authentication, origin, headers and the rate limit.
// The upstream-facing half (secrets set, mocked Cloudflare API) is in turnUpstream.test.ts.
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOKEN_MAX_AGE_MS } from '../../src/lib/signalToken';
import { parseTurnResponse, STUN_ICE_SERVERS } from '../../src/lib/turnProtocol';
import { PeerObject } from '../peerObject';
import { TokenBucket } from '../rateLimit';
import { STUN_TTL_S } from '../turn';
import { decideTurn, TURN_BUCKET } from '../turnAllowance';
import {
  connectAs,
  makeIdentity,
  storageOf,
  viaWorker,
  withEnv,
  type Fetch,
  type TestIdentity,
} from './helpers';

const ORIGIN = 'http://plume.test';

/** `GET /turn?id=` as the app sends it, with `Authorization: Bearer <token>` when given. */
function turnRequest(id: string, token: string | null, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  return new Request(`${ORIGIN}/turn?id=${encodeURIComponent(id)}`, { ...init, headers });
}

async function ask(who: TestIdentity, fetcher: Fetch = viaWorker): Promise<Response> {
  return fetcher(turnRequest(who.id, await who.token()));
}

async function errorOf(res: Response): Promise<{ error: string; message: string }> {
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  expect(res.headers.get('Cache-Control')).toBe('no-store');
  return res.json<{ error: string; message: string }>();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GET /turn: route and answer', () => {
  it('[TURN-1] /turn and /turn/* are never the SPA; other methods get 405', async () => {
    const other = await viaWorker(new Request(`${ORIGIN}/turn/credentials`));
    expect(other.status).toBe(404);
    expect((await errorOf(other)).error).toBe('notFound');
    const a = await makeIdentity();
    const post = await viaWorker(turnRequest(a.id, await a.token(), { method: 'POST' }));
    expect(post.status).toBe(405);
    expect(post.headers.get('Allow')).toBe('GET');
    expect((await errorOf(post)).error).toBe('methodNotAllowed');
  });

  it('[TURN-4] answers {iceServers, ttl} as JSON, no-store, with the security headers', async () => {
    const a = await makeIdentity();
    const res = await ask(a);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const body: unknown = await res.json();
    expect(parseTurnResponse(body)).toEqual(body);
  });

  it('[TURN-5] without the secrets it answers public STUN only and calls no upstream', async () => {
    const upstream = vi.spyOn(globalThis, 'fetch');
    const a = await makeIdentity();
    const res = await ask(a);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ iceServers: STUN_ICE_SERVERS, ttl: STUN_TTL_S });
    expect(STUN_ICE_SERVERS).toEqual([{ urls: 'stun:stun.cloudflare.com:3478' }]);
    expect(upstream).not.toHaveBeenCalled();
  });
});

describe('GET /turn: who may ask', () => {
  it('[TURN-2] a missing token is 401 with a Bearer challenge', async () => {
    const a = await makeIdentity();
    const res = await viaWorker(turnRequest(a.id, null));
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
    const body = await errorOf(res);
    expect(body.error).toBe('missingToken');
    expect(body.message).toContain('Authorization: Bearer');
  });

  it('[TURN-2] a token in the query instead of the header is not accepted', async () => {
    const a = await makeIdentity();
    const query = new URLSearchParams({ id: a.id, token: await a.token() });
    const res = await viaWorker(new Request(`${ORIGIN}/turn?${query.toString()}`));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).error).toBe('missingToken');
  });

  it('[TURN-2] another scheme or extra words in Authorization are a missing token', async () => {
    const a = await makeIdentity();
    const token = await a.token();
    for (const value of [`Basic ${token}`, `Bearer ${token} extra`, 'Bearer']) {
      const res = await viaWorker(turnRequest(a.id, null, { headers: { Authorization: value } }));
      expect(res.status, value).toBe(401);
      expect((await errorOf(res)).error).toBe('missingToken');
    }
    const lower = await viaWorker(
      turnRequest(a.id, null, { headers: { Authorization: `bearer ${token}` } }),
    );
    expect(lower.status).toBe(200);
  });

  it('[TURN-2] an id that is not a PeerId is 400', async () => {
    const a = await makeIdentity();
    for (const id of ['', 'abc', a.id.toUpperCase()]) {
      const res = await viaWorker(turnRequest(id, await a.token()));
      expect(res.status, id).toBe(400);
      expect((await errorOf(res)).error).toBe('badId');
    }
  });

  it("[TURN-2] a bad token is 401 with the reason: another id's token, garbage, forged", async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const cases: [string, string][] = [
      [await b.token(), 'keyMismatch'],
      ['not-a-token', 'malformed'],
      [(await a.token()).replace(/.{4}$/, 'AAAA'), 'badSignature'],
    ];
    for (const [token, reason] of cases) {
      const res = await viaWorker(turnRequest(a.id, token));
      expect(res.status, reason).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toContain('invalid_token');
      const body = await errorOf(res);
      expect(body.error).toBe('badToken');
      expect(body.message).toContain(reason);
    }
  });

  it('[TURN-2] an expired token (older than 24 h) is 401 stale', async () => {
    const a = await makeIdentity();
    const stale = await a.token(Date.now() - TOKEN_MAX_AGE_MS - 60_000);
    const res = await viaWorker(turnRequest(a.id, stale));
    expect(res.status).toBe(401);
    const body = await errorOf(res);
    expect(body.error).toBe('badToken');
    expect(body.message).toContain('stale');
    // Just inside the window still works.
    const old = await a.token(Date.now() - TOKEN_MAX_AGE_MS + 60_000);
    expect((await viaWorker(turnRequest(a.id, old))).status).toBe(200);
  });

  it('[TURN-2] OPEN_IDS=1 does not turn the token check off for /turn', async () => {
    const open = withEnv(env, { OPEN_IDS: '1' });
    const res = await open(new Request(`${ORIGIN}/turn?id=plain-peerjs-id`));
    expect(res.status).toBe(400);
    const a = await makeIdentity();
    expect((await open(turnRequest(a.id, null))).status).toBe(401);
    expect((await ask(a, open)).status).toBe(200);
  });

  it('[TURN-3] requests from another origin are 403, and a preflight gets no CORS grant', async () => {
    const a = await makeIdentity();
    const token = await a.token();
    const foreign = await viaWorker(
      turnRequest(a.id, token, { headers: { Origin: 'https://elsewhere.example' } }),
    );
    expect(foreign.status).toBe(403);
    expect((await errorOf(foreign)).error).toBe('crossOrigin');
    const crossSite = await viaWorker(
      turnRequest(a.id, token, { headers: { 'Sec-Fetch-Site': 'cross-site' } }),
    );
    expect(crossSite.status).toBe(403);
    const preflight = await viaWorker(
      new Request(`${ORIGIN}/turn?id=${a.id}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://elsewhere.example',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      }),
    );
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const own = await viaWorker(
      turnRequest(a.id, token, { headers: { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' } }),
    );
    expect(own.status).toBe(200);
  });
});

describe('GET /turn: rate limit', () => {
  it('[TURN-9] past the per-address limit: 429 with Retry-After, another address unaffected', async () => {
    const limit = 10; // TURN_LIMITER in wrangler.jsonc
    const a = await makeIdentity();
    const from = (address: string) => (request: Request) => {
      const headers = new Headers(request.headers);
      headers.set('CF-Connecting-IP', address);
      return viaWorker(new Request(request, { headers }));
    };
    // Fixed windows locally: a window turning over mid-test only delays the refusal.
    let passed = 0;
    let refused: Response | null = null;
    for (let i = 0; i < limit * 2 && !refused; i++) {
      // Fresh ids, so the per-id bucket ([TURN-6]) never is what refuses.
      const who = await makeIdentity();
      const res = await ask(who, from('2001:db8:77::1'));
      if (res.status === 429) refused = res;
      else passed++;
    }
    expect(refused, 'no request was refused').not.toBeNull();
    expect(passed).toBeGreaterThanOrEqual(limit);
    expect(refused!.headers.get('Retry-After')).toBe('60');
    expect((await errorOf(refused!)).error).toBe('rateLimited');
    expect((await ask(a, from('2001:db8:78::1'))).status).toBe(200);
  });

  it('[TURN-6] a burst of 10 per id passes, the 11th is 429 with Retry-After', async () => {
    const a = await makeIdentity();
    for (let i = 0; i < TURN_BUCKET.capacity; i++) {
      expect((await ask(a)).status, `request ${i + 1}`).toBe(200);
    }
    const limited = await ask(a);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(1 / TURN_BUCKET.refillPerSecond));
    expect((await errorOf(limited)).error).toBe('rateLimited');
    // Another id has its own bucket.
    const b = await makeIdentity();
    expect((await ask(b)).status).toBe(200);
  });

  it('[TURN-6] bad tokens are refused before the limiter and do not use up the bucket', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    for (let i = 0; i < TURN_BUCKET.capacity + 5; i++) {
      expect((await viaWorker(turnRequest(a.id, await b.token()))).status).toBe(401);
    }
    expect((await ask(a)).status).toBe(200);
  });

  it('[TURN-6] the bucket refills at its rate and never above capacity (pure)', () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1 / 30 }, 0);
    expect(decideTurn(bucket, null, null, 0)).toEqual({ ok: true });
    expect(decideTurn(bucket, null, null, 0)).toEqual({ ok: true });
    expect(decideTurn(bucket, null, null, 1_000)).toEqual({
      ok: false,
      reason: 'rateLimited',
      retryAfterS: 29,
    });
    expect(decideTurn(bucket, null, null, 30_000)).toEqual({ ok: true });
    // A long pause refills to capacity, not beyond: two pass, the third does not.
    expect(decideTurn(bucket, null, null, 10_000_000).ok).toBe(true);
    expect(decideTurn(bucket, null, null, 10_000_000).ok).toBe(true);
    expect(decideTurn(bucket, null, null, 10_000_000).ok).toBe(false);
  });

  it('[TURN-9] a request refused for want of a socket takes no token (pure)', () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 / 30 }, 0);
    expect(decideTurn(bucket, null, 5_000, 0)).toEqual({
      ok: false,
      reason: 'noSocket',
      retryAfterS: 5,
    });
    expect(decideTurn(bucket, 3_200, 5_000, 0)).toEqual({
      ok: false,
      reason: 'noSocket',
      retryAfterS: 2,
    });
    expect(decideTurn(bucket, 5_000, 5_000, 0)).toEqual({ ok: true });
    expect(decideTurn(bucket, 5_000, 5_000, 0)).toMatchObject({ ok: false, reason: 'rateLimited' });
  });

  it("[TURN-6] the limit lives in the id's object and writes nothing to storage", async () => {
    const a = await makeIdentity();
    for (let i = 0; i < TURN_BUCKET.capacity; i++) expect((await ask(a)).status).toBe(200);
    expect((await ask(a)).status).toBe(429);
    expect(await storageOf(a.id)).toMatchObject({ tables: [], kv: [], alarm: null });
  });

  it('[TURN-6] a hibernation does not refill the bucket: its level rides in the socket', async () => {
    const a = await makeIdentity();
    const socket = await connectAs(a);
    for (let i = 0; i < TURN_BUCKET.capacity; i++) expect((await ask(a)).status).toBe(200);
    // A new instance on the same state is the object as the runtime wakes it: empty memory, the
    // same sockets and attachments.
    const woken = await runInDurableObject(env.PEERS.getByName(a.id), (_instance, state) =>
      new PeerObject(state, env).turnAllowance(null),
    );
    expect(woken).toMatchObject({ ok: false, reason: 'rateLimited' });
    socket.close();
  });
});
