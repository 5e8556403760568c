// GET /turn with the TURN secrets set, against a mocked Cloudflare Realtime API.
//
// @cloudflare/vitest-pool-workers 0.15 no longer has `fetchMock`; the main worker runs in the
// same isolate as the tests, so spying on `globalThis.fetch` intercepts its outbound requests.
// Only the upstream host is answered by the mock: any other outbound request fails the test.
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { STUN_ICE_SERVERS, TURN_MIN_SOCKET_AGE_MS } from '../../src/lib/turnProtocol';
import { FALLBACK_TTL_S } from '../turn';
import {
  dropBlockedPorts,
  readTurnKey,
  TURN_CREDENTIAL_TTL_S,
  UPSTREAM_TIMEOUT_MS,
} from '../turnUpstream';
import {
  connectAged,
  connectAs,
  makeIdentity,
  withEnv,
  type Fetch,
  type TestClient,
  type TestIdentity,
} from './helpers';

const KEY_ID = '0123456789abcdef0123456789abcdef';
const API_TOKEN = 'test-api-token-SECRET-3f9a7c';
const SECRETS = { TURN_KEY_ID: KEY_ID, TURN_KEY_API_TOKEN: API_TOKEN };
const UPSTREAM_URL = `https://rtc.live.cloudflare.com/v1/turn/keys/${KEY_ID}/credentials/generate-ice-servers`;

/** The answer documented for generate-ice-servers (201), port 53 entries included. */
const UPSTREAM_BODY = {
  iceServers: [
    { urls: ['stun:stun.cloudflare.com:3478', 'stun:stun.cloudflare.com:53'] },
    {
      urls: [
        'turn:turn.cloudflare.com:3478?transport=udp',
        'turn:turn.cloudflare.com:53?transport=udp',
        'turn:turn.cloudflare.com:3478?transport=tcp',
        'turns:turn.cloudflare.com:5349?transport=tcp',
        'turns:turn.cloudflare.com:443?transport=tcp',
      ],
      username: 'minted-user-1',
      credential: 'minted-credential-1',
    },
  ],
};

/** What a request to the upstream looked like. */
interface SeenRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

type Upstream = (request: Request) => Response | Promise<Response>;

let seen: SeenRequest[] = [];
let fetchSpy: MockInstance<typeof fetch>;
let errorLog: MockInstance<typeof console.error>;

/** Route outbound fetches of the worker to `upstream`, recording each request. */
function mockUpstream(upstream: Upstream): void {
  fetchSpy.mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith('https://rtc.live.cloudflare.com/')) {
      throw new Error(`unexpected outbound request to ${request.url}`);
    }
    seen.push({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: await request.clone().text(),
    });
    return upstream(request);
  });
}

const jsonResponse = (body: unknown, status = 201) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

function turnRequest(who: TestIdentity, token: string): Request {
  return new Request(`http://plume.test/turn?id=${who.id}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

/** Sockets opened for a test; closed after it. */
let sockets: TestClient[] = [];

/** A fresh id with a signaling socket open long enough for TURN ([TURN-9]). */
async function liveIdentity(): Promise<TestIdentity> {
  const who = await makeIdentity();
  sockets.push(await connectAged(who, TURN_MIN_SOCKET_AGE_MS));
  return who;
}

async function ask(fetcher: Fetch): Promise<{ res: Response; text: string }> {
  const who = await liveIdentity();
  const res = await fetcher(turnRequest(who, await who.token()));
  return { res, text: await res.text() };
}

/** Every console.error argument so far, as one string. */
function logged(): string {
  return errorLog.mock.calls.map((args) => args.map(String).join(' ')).join('\n');
}

function expectNoSecrets(text: string): void {
  expect(text).not.toContain(API_TOKEN);
  expect(text).not.toContain(KEY_ID);
}

beforeEach(() => {
  seen = [];
  fetchSpy = vi.spyOn(globalThis, 'fetch');
  mockUpstream(() => {
    throw new Error('no upstream answer set for this test');
  });
  errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const socket of sockets) socket.close();
  sockets = [];
});

describe('GET /turn with TURN secrets (mocked upstream)', () => {
  const withSecrets = withEnv(env, SECRETS);

  it('[TURN-5] mints credentials: POST to the key id with the bearer token and a ttl', async () => {
    mockUpstream(() => jsonResponse(UPSTREAM_BODY));
    const { res, text } = await ask(withSecrets);
    expect(res.status).toBe(200);

    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request!.url).toBe(UPSTREAM_URL);
    expect(request!.method).toBe('POST');
    expect(request!.headers.get('Authorization')).toBe(`Bearer ${API_TOKEN}`);
    expect(request!.headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({ ttl: TURN_CREDENTIAL_TTL_S });

    const body = JSON.parse(text) as unknown;
    expect(body).toEqual({
      iceServers: [
        { urls: ['stun:stun.cloudflare.com:3478'] },
        {
          urls: [
            'turn:turn.cloudflare.com:3478?transport=udp',
            'turn:turn.cloudflare.com:3478?transport=tcp',
            'turns:turn.cloudflare.com:5349?transport=tcp',
            'turns:turn.cloudflare.com:443?transport=tcp',
          ],
          username: 'minted-user-1',
          credential: 'minted-credential-1',
        },
      ],
      ttl: TURN_CREDENTIAL_TTL_S,
    });
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expectNoSecrets(text);
    expectNoSecrets(logged());
  });

  it('[TURN-5] each request mints its own credentials (nothing is shared between ids)', async () => {
    let n = 0;
    mockUpstream(() => {
      n += 1;
      const server = { ...UPSTREAM_BODY.iceServers[1]!, username: `user-${n}` };
      return jsonResponse({ iceServers: [server] });
    });
    const first = JSON.parse((await ask(withSecrets)).text) as {
      iceServers: { username: string }[];
    };
    const second = JSON.parse((await ask(withSecrets)).text) as {
      iceServers: { username: string }[];
    };
    expect(first.iceServers[0]!.username).toBe('user-1');
    expect(second.iceServers[0]!.username).toBe('user-2');
  });

  const failures: [string, Upstream][] = [
    ['HTTP 401 (revoked token)', () => jsonResponse({ error: 'unauthorized' }, 401)],
    ['HTTP 500', () => new Response(`oops ${API_TOKEN}`, { status: 500 })],
    ['not JSON', () => new Response('<html>', { status: 201 })],
    ['an unexpected shape', () => jsonResponse({ iceServers: 'turn:x' })],
    ['no TURN entry', () => jsonResponse({ iceServers: [{ urls: 'stun:stun.example:3478' }] })],
    [
      'a network error quoting the URL',
      () => {
        throw new TypeError(`fetch failed: ${UPSTREAM_URL} Bearer ${API_TOKEN}`);
      },
    ],
  ];
  for (const [what, upstream] of failures) {
    it(`[TURN-5] upstream failure (${what}) answers STUN only, logs, and leaks no secret`, async () => {
      mockUpstream(upstream);
      const { res, text } = await ask(withSecrets);
      expect(res.status).toBe(200);
      expect(JSON.parse(text)).toEqual({ iceServers: STUN_ICE_SERVERS, ttl: FALLBACK_TTL_S });
      expect(seen).toHaveLength(1);
      expect(logged()).toMatch(/turn: upstream: TurnUpstreamError: /);
      expectNoSecrets(text);
      expectNoSecrets(logged());
    });
  }

  it(
    '[TURN-5] a hanging upstream is abandoned after the timeout: STUN only',
    async () => {
      mockUpstream(
        (request) =>
          new Promise<Response>((_resolve, reject) => {
            request.signal.addEventListener('abort', () =>
              reject(new DOMException('upstream timed out', 'TimeoutError')),
            );
          }),
      );
      const started = Date.now();
      const { res, text } = await ask(withSecrets);
      const took = Date.now() - started;
      expect(res.status).toBe(200);
      expect(JSON.parse(text)).toEqual({ iceServers: STUN_ICE_SERVERS, ttl: FALLBACK_TTL_S });
      expect(took).toBeGreaterThanOrEqual(UPSTREAM_TIMEOUT_MS - 100);
      expect(logged()).toMatch(/turn: upstream: TurnUpstreamError: request failed/);
      expectNoSecrets(logged());
    },
    UPSTREAM_TIMEOUT_MS + 10_000,
  );

  it('[TURN-5] half a configuration answers STUN only with a log line, and calls nothing', async () => {
    const half = withEnv(env, { TURN_KEY_ID: KEY_ID, TURN_KEY_API_TOKEN: '' });
    const { res, text } = await ask(half);
    expect(JSON.parse(text)).toEqual({ iceServers: STUN_ICE_SERVERS, ttl: FALLBACK_TTL_S });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(0);
    expect(logged()).toMatch(/only one of TURN_KEY_ID and TURN_KEY_API_TOKEN/);
    expectNoSecrets(logged());
  });

  it('[TURN-6] a rate-limited id does not reach the upstream', async () => {
    mockUpstream(() => jsonResponse(UPSTREAM_BODY));
    const who = await liveIdentity();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await withSecrets(turnRequest(who, await who.token()))).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(seen).toHaveLength(10);
  });

  it('[TURN-9] no credentials without a signaling socket: 409 noSocket, upstream not called', async () => {
    mockUpstream(() => jsonResponse(UPSTREAM_BODY));
    const who = await makeIdentity();
    const res = await withSecrets(turnRequest(who, await who.token()));
    expect(res.status).toBe(409);
    expect(res.headers.get('Retry-After')).toBe(String(TURN_MIN_SOCKET_AGE_MS / 1000));
    expect((await res.json<{ error: string }>()).error).toBe('noSocket');
    expect(seen).toHaveLength(0);
  });

  it('[TURN-9] a socket younger than the minimum age is told when to come back; an older one gets TURN', async () => {
    mockUpstream(() => jsonResponse(UPSTREAM_BODY));
    const who = await makeIdentity();
    const young = await connectAs(who);
    sockets.push(young);
    const early = await withSecrets(turnRequest(who, await who.token()));
    expect(early.status).toBe(409);
    const retry = Number(early.headers.get('Retry-After'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(TURN_MIN_SOCKET_AGE_MS / 1000);
    expect(seen).toHaveLength(0);
    // The same socket, aged (its attachment rewritten), is enough.
    sockets.push(await connectAged(who, TURN_MIN_SOCKET_AGE_MS));
    const later = await withSecrets(turnRequest(who, await who.token()));
    expect(later.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('[TURN-9] a closed socket no longer counts', async () => {
    mockUpstream(() => jsonResponse(UPSTREAM_BODY));
    const who = await makeIdentity();
    const socket = await connectAged(who, TURN_MIN_SOCKET_AGE_MS);
    socket.close();
    await socket.closed;
    // The close handshake is done once the client saw the server's close frame, after the
    // object's webSocketClose ran; so the object already knows.
    const res = await withSecrets(turnRequest(who, await who.token()));
    expect(res.status).toBe(409);
    expect(seen).toHaveLength(0);
  });

  it('[TURN-2] a bad token never reaches the upstream', async () => {
    mockUpstream(() => jsonResponse(UPSTREAM_BODY));
    const a = await makeIdentity();
    const b = await makeIdentity();
    const res = await withSecrets(turnRequest(a, await b.token()));
    expect(res.status).toBe(401);
    expectNoSecrets(await res.text());
    expect(seen).toHaveLength(0);
  });
});

describe('TURN upstream helpers (pure)', () => {
  it('[TURN-5] secrets are trimmed; unset is off; half set or a malformed key id is an error', () => {
    expect(readTurnKey({})).toBeNull();
    expect(
      readTurnKey({ TURN_KEY_ID: ` ${KEY_ID}\n`, TURN_KEY_API_TOKEN: `${API_TOKEN}\n` }),
    ).toEqual({ keyId: KEY_ID, apiToken: API_TOKEN });
    expect(readTurnKey({ TURN_KEY_API_TOKEN: API_TOKEN })).toBeInstanceOf(Error);
    const bad = readTurnKey({ TURN_KEY_ID: 'a/b', TURN_KEY_API_TOKEN: API_TOKEN });
    expect(bad).toBeInstanceOf(Error);
    expect((bad as Error).message).not.toContain(API_TOKEN);
  });

  it('[TURN-5] port 53 URLs are dropped, and servers left empty go too', () => {
    expect(
      dropBlockedPorts([
        { urls: 'stun:stun.cloudflare.com:53' },
        {
          urls: ['turn:t.example:53?transport=udp', 'turn:t.example:5353'],
          username: 'u',
          credential: 'c',
        },
      ]),
    ).toEqual([{ urls: ['turn:t.example:5353'], username: 'u', credential: 'c' }]);
  });
});
