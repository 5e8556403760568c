import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../lib/ids';
import { setLogSink, type LogLevel } from '../lib/log';
import { STUN_ICE_SERVERS, TURN_MIN_SOCKET_AGE_MS } from '../lib/turnProtocol';
import { DEFAULT_ICE_SERVERS, turnUrlFromLocation } from './config';
import {
  cacheLifetimeMs,
  followSignaling,
  IceServerSource,
  MAX_EARLY_RETRIES,
  sharedIceServerSource,
  TURN_REFRESH_MARGIN_MS,
  TURN_RETRY_MS,
} from './iceServers';
import { FakeEnvironment, flush } from './testing/fakeEnvironment';
import type { ConnectionStatus, TransportEvents } from './transport';

const ID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' as PeerId;
const URL_ = 'https://plume.example/turn';
const TURN = [
  { urls: 'stun:stun.cloudflare.com:3478' },
  { urls: ['turn:turn.cloudflare.com:3478?transport=udp'], username: 'u1', credential: 'c1' },
];

interface Call {
  url: string;
  init: RequestInit | undefined;
  /** When it was made, on the fake clock. */
  at: number;
}

let clock: FakeEnvironment;

/** A fake `fetch` that records calls and answers with `respond`. */
function fakeFetch(respond: (n: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn((input: string | URL, init?: RequestInit) => {
    calls.push({ url: input.toString(), init, at: clock.now });
    return Promise.resolve(respond(calls.length));
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

const ok = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

const noSocket = (retryAfterS: number) =>
  new Response(JSON.stringify({ error: 'noSocket', message: 'not yet' }), {
    status: 409,
    headers: { 'Retry-After': String(retryAfterS) },
  });

let tokens = 0;
const sign = () => Promise.resolve(`token-${++tokens}`);
let logs: { level: LogLevel; text: string }[] = [];
let restoreSink: () => void;

function source(fetchImpl: typeof fetch): IceServerSource {
  return new IceServerSource({
    id: ID,
    signToken: sign,
    url: URL_,
    fetch: fetchImpl,
    now: () => clock.now,
    clock,
  });
}

/** A source whose signaling socket has been open long enough for the worker to mint. */
async function ready(fetchImpl: typeof fetch): Promise<IceServerSource> {
  const ice = source(fetchImpl);
  ice.signalingOpened();
  await clock.advance(TURN_MIN_SOCKET_AGE_MS);
  return ice;
}

/** Let a request in flight (signing, fetch, body) be answered. */
async function settled(): Promise<void> {
  for (let i = 0; i < 3; i++) await flush();
}

/** A connection being made now: the servers it gets, once the request it started is answered. */
async function connect(ice: IceServerSource): Promise<readonly RTCIceServer[]> {
  ice.current();
  await settled();
  return ice.current();
}

beforeEach(() => {
  clock = new FakeEnvironment();
  clock.now = 1_000_000;
  tokens = 0;
  logs = [];
  restoreSink = setLogSink((level, _ns, args) =>
    logs.push({ level, text: args.map(String).join(' ') }),
  );
});

afterEach(() => {
  restoreSink();
});

describe('IceServerSource', () => {
  it('[TURN-7] asks /turn?id with a fresh Bearer token, no-store, and hands out its servers', async () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 86_400 }));
    const ice = await ready(fake.fetch);
    expect(await connect(ice)).toEqual(TURN);
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call!.url).toBe(`${URL_}?id=${ID}`);
    expect(new Headers(call!.init?.headers).get('Authorization')).toBe('Bearer token-1');
    expect(call!.init?.cache).toBe('no-store');
    expect(call!.init?.credentials).toBe('same-origin');
    expect(call!.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('[TURN-7] [TURN-9] a normal start makes no request that fails: it asks once the socket is 5 s old', async () => {
    // The worker's rule: a socket younger than 5 s gets 409.
    let openedAt = 0;
    const fake = fakeFetch(() =>
      clock.now - openedAt < TURN_MIN_SOCKET_AGE_MS
        ? noSocket(5)
        : ok({ iceServers: TURN, ttl: 7_200 }),
    );
    const ice = source(fake.fetch);
    // The transport starts; the connections of the first seconds get STUN and ask nothing yet.
    expect(ice.current()).toBe(DEFAULT_ICE_SERVERS);
    openedAt = clock.now + 300;
    await clock.advance(300);
    ice.signalingOpened();
    for (let i = 0; i < 5; i++) expect(ice.current()).toBe(DEFAULT_ICE_SERVERS);
    await clock.advance(TURN_MIN_SOCKET_AGE_MS - 1);
    expect(fake.calls).toHaveLength(0);
    // The moment the worker can mint, the one request goes out, and later connections get TURN.
    await clock.advance(1);
    await settled();
    expect(fake.calls.map((c) => c.at - openedAt)).toEqual([TURN_MIN_SOCKET_AGE_MS]);
    expect(ice.current()).toEqual(TURN);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('[TURN-7] nothing is asked without a connection that wants servers; the first one asks at once', async () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 7_200 }));
    const ice = await ready(fake.fetch);
    await clock.advance(60_000);
    expect(fake.calls).toHaveLength(0);
    expect(ice.current()).toBe(DEFAULT_ICE_SERVERS);
    await settled();
    expect(fake.calls).toHaveLength(1);
  });

  it('[TURN-7] a socket that closes postpones the request to 5 s after the next OPEN', async () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 7_200 }));
    const ice = source(fake.fetch);
    ice.signalingOpened();
    ice.current();
    await clock.advance(3_000);
    ice.signalingClosed();
    await clock.advance(10_000);
    expect(ice.current()).toBe(DEFAULT_ICE_SERVERS);
    expect(fake.calls).toHaveLength(0);
    ice.signalingOpened();
    await clock.advance(TURN_MIN_SOCKET_AGE_MS - 1);
    expect(fake.calls).toHaveLength(0);
    await clock.advance(1);
    expect(fake.calls).toHaveLength(1);
  });

  it('[TURN-7] followSignaling: OPEN starts the wait, anything else ends it', async () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 7_200 }));
    const ice = source(fake.fetch);
    const listeners: TransportEvents['status'][] = [];
    const transport = {
      status: 'connecting' as ConnectionStatus,
      onStatus: (listener: TransportEvents['status']) => {
        listeners.push(listener);
        return () => void listeners.splice(listeners.indexOf(listener), 1);
      },
    };
    const stop = followSignaling(ice, transport);
    ice.current();
    const report = (status: ConnectionStatus) => listeners.forEach((l) => l(status, null));
    report('online');
    await clock.advance(2_000);
    report('offline');
    report('connecting');
    await clock.advance(10_000);
    expect(fake.calls).toHaveLength(0);
    report('online');
    await clock.advance(TURN_MIN_SOCKET_AGE_MS);
    expect(fake.calls).toHaveLength(1);
    stop();
    expect(listeners).toHaveLength(0);
    // A transport already online when followed counts from then.
    const later = source(fakeFetch(() => ok({ iceServers: TURN, ttl: 7_200 })).fetch);
    followSignaling(later, { ...transport, status: 'online' });
    expect(later.current()).toBe(DEFAULT_ICE_SERVERS);
    expect(clock.nextDelay()).toBe(TURN_MIN_SOCKET_AGE_MS);
  });

  it('[TURN-7] keeps the answer until shortly before its TTL, then asks again with a new token', async () => {
    const fake = fakeFetch((n) =>
      ok({ iceServers: [{ ...TURN[1]!, username: `u${n}` }], ttl: 3_600 }),
    );
    const ice = await ready(fake.fetch);
    await connect(ice);
    clock.now += 1_800_000 - 1;
    expect(ice.current()[0]!.username).toBe('u1');
    expect(fake.calls).toHaveLength(1);
    // Expired credentials are never handed out: STUN this time, and a fresh ask.
    clock.now += 1_800_000 - TURN_REFRESH_MARGIN_MS + 1;
    expect((await connect(ice))[0]!.username).toBe('u2');
    expect(ice.current()).not.toBe(DEFAULT_ICE_SERVERS);
    expect(fake.calls).toHaveLength(2);
    expect(new Headers(fake.calls[1]!.init?.headers).get('Authorization')).toBe('Bearer token-2');
  });

  it('[TURN-7] current(): once stale, STUN for this connection and a refresh for the next', async () => {
    const fake = fakeFetch((n) =>
      ok({ iceServers: [{ ...TURN[1]!, username: `u${n}` }], ttl: 3_600 }),
    );
    const ice = await ready(fake.fetch);
    await connect(ice);
    expect(ice.current()[0]!.username).toBe('u1');
    // A tab left open past the credentials' lifetime: never the expired ones.
    clock.now += 3_600_000;
    expect(ice.current()).toBe(DEFAULT_ICE_SERVERS);
    await settled();
    expect(ice.current()[0]!.username).toBe('u2');
    expect(fake.calls).toHaveLength(2);
  });

  it('[TURN-7] past half its TTL a connection still gets the servers, and a refresh starts', async () => {
    const fake = fakeFetch((n) =>
      ok({ iceServers: [{ ...TURN[1]!, username: `u${n}` }], ttl: 7_200 }),
    );
    const ice = await ready(fake.fetch);
    await connect(ice);
    clock.now += 3_600_000 - 1;
    expect(ice.current()[0]!.username).toBe('u1');
    expect(fake.calls).toHaveLength(1);
    clock.now += 1;
    expect(ice.current()[0]!.username).toBe('u1');
    await settled();
    expect(ice.current()[0]!.username).toBe('u2');
    expect(fake.calls).toHaveLength(2);
  });

  it('[TURN-9] a noSocket answer all the same is asked again at Retry-After, a bounded number of times', async () => {
    const fake = fakeFetch((n) => (n === 1 ? noSocket(5) : ok({ iceServers: TURN, ttl: 7_200 })));
    const ice = await ready(fake.fetch);
    expect(await connect(ice)).toBe(DEFAULT_ICE_SERVERS);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
    await clock.advance(4_999);
    expect(fake.calls).toHaveLength(1);
    await clock.advance(1);
    await settled();
    expect(fake.calls).toHaveLength(2);
    expect(ice.current()).toEqual(TURN);

    // A socket the worker never sees is not asked about for ever: MAX_EARLY_RETRIES, then the
    // usual rule (the next connection after the wait).
    const never = fakeFetch(() => noSocket(5));
    const refused = await ready(never.fetch);
    refused.current();
    for (let i = 0; i < 20; i++) {
      await settled();
      await clock.advance(5_000);
    }
    expect(never.calls).toHaveLength(1 + MAX_EARLY_RETRIES);
    expect(logs.some((l) => l.level === 'warn' && /using STUN only/.test(l.text))).toBe(true);
  });

  it('[TURN-7] the refresh margin is at most half of a short TTL', () => {
    expect(cacheLifetimeMs(86_400)).toBe(86_400_000 - TURN_REFRESH_MARGIN_MS);
    expect(cacheLifetimeMs(60)).toBe(30_000);
  });

  it('[TURN-7] concurrent connections share one request', async () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 600 }));
    const ice = await ready(fake.fetch);
    ice.current();
    ice.current();
    expect(await connect(ice)).toEqual(TURN);
    expect(fake.calls).toHaveLength(1);
  });

  const failures: [string, () => Response | Promise<Response>][] = [
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch'))],
    ['HTTP 401', () => ok({ error: 'badToken', message: 'the token was refused' }, 401)],
    ['HTTP 500', () => new Response('Internal error', { status: 500 })],
    ['the SPA instead of JSON', () => new Response('<!doctype html>', { status: 200 })],
    ['a wrong shape', () => ok({ iceServers: [{ urls: 'http://x' }], ttl: 60 })],
    ['a missing ttl', () => ok({ iceServers: TURN })],
    [
      'a half TURN entry',
      () => ok({ iceServers: [{ urls: 'turn:x:3478', username: 'u' }], ttl: 60 }),
    ],
  ];
  for (const [what, respond] of failures) {
    it(`[TURN-7] falls back to STUN on ${what}, with a warning`, async () => {
      const ice = await ready(fakeFetch(respond).fetch);
      expect(await connect(ice)).toBe(DEFAULT_ICE_SERVERS);
      expect(logs.some((l) => l.level === 'warn' && /using STUN only/.test(l.text))).toBe(true);
    });
  }

  it('[TURN-7] falls back to STUN when signing the token fails', async () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 600 }));
    const ice = new IceServerSource({
      id: ID,
      signToken: () => Promise.reject(new Error('key unusable')),
      url: URL_,
      fetch: fake.fetch,
      now: () => clock.now,
      clock,
    });
    ice.signalingOpened();
    await clock.advance(TURN_MIN_SOCKET_AGE_MS);
    expect(await connect(ice)).toBe(DEFAULT_ICE_SERVERS);
    expect(fake.calls).toHaveLength(0);
  });

  it('[TURN-7] after a failure it waits before asking again', async () => {
    const fake = fakeFetch((n) =>
      n === 1 ? new Response('x', { status: 502 }) : ok({ iceServers: TURN, ttl: 600 }),
    );
    const ice = await ready(fake.fetch);
    expect(await connect(ice)).toBe(DEFAULT_ICE_SERVERS);
    clock.now += TURN_RETRY_MS - 1;
    expect(await connect(ice)).toBe(DEFAULT_ICE_SERVERS);
    expect(fake.calls).toHaveLength(1);
    clock.now += 1;
    expect(await connect(ice)).toEqual(TURN);
    expect(fake.calls).toHaveLength(2);
  });

  it('[TURN-7] a 429 is asked again no sooner than its Retry-After', async () => {
    const fake = fakeFetch((n) =>
      n === 1
        ? new Response('{}', { status: 429, headers: { 'Retry-After': '600' } })
        : ok({ iceServers: TURN, ttl: 600 }),
    );
    const ice = await ready(fake.fetch);
    expect(await connect(ice)).toBe(DEFAULT_ICE_SERVERS);
    clock.now += 599_000;
    expect(await connect(ice)).toBe(DEFAULT_ICE_SERVERS);
    expect(fake.calls).toHaveLength(1);
    clock.now += 1_000;
    expect(await connect(ice)).toEqual(TURN);
  });

  it('[TURN-9] a socket that reopens does not cut short a Retry-After', async () => {
    const fake = fakeFetch((n) => (n === 1 ? noSocket(60) : ok({ iceServers: TURN, ttl: 600 })));
    const ice = await ready(fake.fetch);
    await connect(ice);
    await clock.advance(10_000);
    ice.signalingClosed();
    ice.signalingOpened();
    // The new socket is 5 s old long before the worker's 60 s are over.
    await clock.advance(49_999);
    expect(fake.calls).toHaveLength(1);
    await clock.advance(1);
    expect(fake.calls).toHaveLength(2);
  });
});

describe('ICE configuration', () => {
  it('[TURN-5] the app fallback is the STUN the worker answers without TURN', () => {
    expect(DEFAULT_ICE_SERVERS).toEqual(STUN_ICE_SERVERS);
  });

  it('[TURN-1] /turn is on the origin that served the app', () => {
    expect(turnUrlFromLocation({ origin: 'https://plume.example' })).toBe(
      'https://plume.example/turn',
    );
  });

  it('[TURN-7] one shared source per identity and URL', () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 600 }));
    const options = { id: ID, signToken: sign, url: URL_, fetch: fake.fetch, clock };
    const first = sharedIceServerSource(options);
    expect(sharedIceServerSource(options)).toBe(first);
    expect(sharedIceServerSource({ ...options, url: 'https://other.example/turn' })).not.toBe(
      first,
    );
  });
});
