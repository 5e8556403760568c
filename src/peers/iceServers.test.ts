import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../lib/ids';
import { setLogSink, type LogLevel } from '../lib/log';
import { STUN_ICE_SERVERS } from '../lib/turnProtocol';
import { DEFAULT_ICE_SERVERS, turnUrlFromLocation } from './config';
import {
  cacheLifetimeMs,
  IceServerSource,
  MAX_EARLY_RETRIES,
  sharedIceServerSource,
  TURN_REFRESH_MARGIN_MS,
  TURN_RETRY_MS,
} from './iceServers';

const ID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' as PeerId;
const URL_ = 'https://plume.example/turn';
const TURN = [
  { urls: 'stun:stun.cloudflare.com:3478' },
  { urls: ['turn:turn.cloudflare.com:3478?transport=udp'], username: 'u1', credential: 'c1' },
];

interface Call {
  url: string;
  init: RequestInit | undefined;
}

/** A fake `fetch` that records calls and answers with `respond`. */
function fakeFetch(respond: (n: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn((input: string | URL, init?: RequestInit) => {
    calls.push({ url: input.toString(), init });
    return Promise.resolve(respond(calls.length));
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

const ok = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

let clock = 1_000_000;
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
    now: () => clock,
  });
}

beforeEach(() => {
  clock = 1_000_000;
  tokens = 0;
  logs = [];
  restoreSink = setLogSink((level, _ns, args) =>
    logs.push({ level, text: args.map(String).join(' ') }),
  );
});

afterEach(() => {
  restoreSink();
  vi.useRealTimers();
});

describe('IceServerSource', () => {
  it('[TURN-7] asks /turn?id with a fresh Bearer token, no-store, and returns its servers', async () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 86_400 }));
    const ice = source(fake.fetch);
    expect(await ice.get()).toEqual(TURN);
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call!.url).toBe(`${URL_}?id=${ID}`);
    expect(new Headers(call!.init?.headers).get('Authorization')).toBe('Bearer token-1');
    expect(call!.init?.cache).toBe('no-store');
    expect(call!.init?.credentials).toBe('same-origin');
    expect(call!.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('[TURN-7] keeps the answer until shortly before its TTL, then asks again with a new token', async () => {
    const fake = fakeFetch((n) =>
      ok({ iceServers: [{ ...TURN[1]!, username: `u${n}` }], ttl: 3_600 }),
    );
    const ice = source(fake.fetch);
    await ice.get();
    clock += 3_600_000 - TURN_REFRESH_MARGIN_MS - 1;
    expect((await ice.get())[0]!.username).toBe('u1');
    expect(fake.calls).toHaveLength(1);
    clock += 1;
    expect(ice.current()).toBe(DEFAULT_ICE_SERVERS);
    expect((await ice.get())[0]!.username).toBe('u2');
    expect(fake.calls).toHaveLength(2);
    expect(new Headers(fake.calls[1]!.init?.headers).get('Authorization')).toBe('Bearer token-2');
  });

  it('[TURN-7] current(): fresh servers for a connection; once stale, STUN now and a refresh for the next', async () => {
    const fake = fakeFetch((n) =>
      ok({ iceServers: [{ ...TURN[1]!, username: `u${n}` }], ttl: 3_600 }),
    );
    const ice = source(fake.fetch);
    await ice.get();
    expect(ice.current()[0]!.username).toBe('u1');
    // A tab left open past the credentials' lifetime: never the expired ones.
    clock += 3_600_000;
    expect(ice.current()).toBe(DEFAULT_ICE_SERVERS);
    await vi.waitFor(() => expect(ice.current()[0]!.username).toBe('u2'));
    expect(fake.calls).toHaveLength(2);
  });

  it('[TURN-7] past half its TTL a connection still gets the servers, and a refresh starts', async () => {
    const fake = fakeFetch((n) =>
      ok({ iceServers: [{ ...TURN[1]!, username: `u${n}` }], ttl: 7_200 }),
    );
    const ice = source(fake.fetch);
    await ice.get();
    clock += 3_600_000 - 1;
    expect(ice.current()[0]!.username).toBe('u1');
    expect(fake.calls).toHaveLength(1);
    clock += 1;
    expect(ice.current()[0]!.username).toBe('u1');
    await vi.waitFor(() => expect(ice.current()[0]!.username).toBe('u2'));
    expect(fake.calls).toHaveLength(2);
  });

  it('[TURN-9] a noSocket answer at start is asked again by itself at Retry-After, a bounded number of times', async () => {
    vi.useFakeTimers();
    const refuse = () =>
      new Response(JSON.stringify({ error: 'noSocket', message: 'not yet' }), {
        status: 409,
        headers: { 'Retry-After': '5' },
      });
    const fake = fakeFetch((n) => (n === 1 ? refuse() : ok({ iceServers: TURN, ttl: 7_200 })));
    const ice = source(fake.fetch);
    expect(await ice.within(1_500)).toBe(DEFAULT_ICE_SERVERS);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
    clock += 5_000;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.calls).toHaveLength(2);
    expect(ice.current()).toEqual(TURN);

    // An app that stays offline is not asked for ever: MAX_EARLY_RETRIES, then the usual rule.
    const never = fakeFetch(() => refuse());
    const offline = source(never.fetch);
    await offline.get();
    for (let i = 0; i < 20; i++) {
      clock += 5_000;
      await vi.advanceTimersByTimeAsync(5_000);
    }
    expect(never.calls).toHaveLength(1 + MAX_EARLY_RETRIES);
  });

  it('[TURN-7] the refresh margin is at most half of a short TTL', () => {
    expect(cacheLifetimeMs(86_400)).toBe(86_400_000 - TURN_REFRESH_MARGIN_MS);
    expect(cacheLifetimeMs(60)).toBe(30_000);
  });

  it('[TURN-7] concurrent callers share one request', async () => {
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 600 }));
    const ice = source(fake.fetch);
    const [a, b] = await Promise.all([ice.get(), ice.get()]);
    expect(a).toBe(b);
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
      const ice = source(fakeFetch(respond).fetch);
      expect(await ice.get()).toBe(DEFAULT_ICE_SERVERS);
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
      now: () => clock,
    });
    expect(await ice.get()).toBe(DEFAULT_ICE_SERVERS);
    expect(fake.calls).toHaveLength(0);
  });

  it('[TURN-7] after a failure it waits before asking again', async () => {
    const fake = fakeFetch((n) =>
      n === 1 ? new Response('x', { status: 502 }) : ok({ iceServers: TURN, ttl: 600 }),
    );
    const ice = source(fake.fetch);
    expect(await ice.get()).toBe(DEFAULT_ICE_SERVERS);
    clock += TURN_RETRY_MS - 1;
    expect(await ice.get()).toBe(DEFAULT_ICE_SERVERS);
    expect(fake.calls).toHaveLength(1);
    clock += 1;
    expect(await ice.get()).toEqual(TURN);
    expect(fake.calls).toHaveLength(2);
  });

  it('[TURN-7] a 429 is retried no sooner than its Retry-After', async () => {
    const fake = fakeFetch((n) =>
      n === 1
        ? new Response('{}', { status: 429, headers: { 'Retry-After': '600' } })
        : ok({ iceServers: TURN, ttl: 600 }),
    );
    const ice = source(fake.fetch);
    expect(await ice.get()).toBe(DEFAULT_ICE_SERVERS);
    clock += 599_000;
    expect(await ice.get()).toBe(DEFAULT_ICE_SERVERS);
    expect(fake.calls).toHaveLength(1);
    clock += 1_000;
    expect(await ice.get()).toEqual(TURN);
  });

  it('[TURN-8] within(ms) answers STUN when /turn is slower, and the late answer fills the cache', async () => {
    vi.useFakeTimers();
    let answer!: (res: Response) => void;
    const fake = fakeFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
    const ice = source(fake.fetch);
    const bounded = ice.within(1_500);
    await vi.advanceTimersByTimeAsync(1_499);
    let settled = false;
    void bounded.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await bounded).toBe(DEFAULT_ICE_SERVERS);
    answer(ok({ iceServers: TURN, ttl: 600 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(ice.current()).toEqual(TURN);
    expect(await ice.within(1_500)).toEqual(TURN);
    expect(fake.calls).toHaveLength(1);
  });

  it('[TURN-8] within(ms) answers as soon as /turn does', async () => {
    vi.useFakeTimers();
    const fake = fakeFetch(() => ok({ iceServers: TURN, ttl: 600 }));
    const ice = source(fake.fetch);
    const bounded = ice.within(1_500);
    await vi.advanceTimersByTimeAsync(0);
    expect(await bounded).toEqual(TURN);
    expect(vi.getTimerCount()).toBe(0);
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
    const options = { id: ID, signToken: sign, url: URL_, fetch: fake.fetch };
    const first = sharedIceServerSource(options);
    expect(sharedIceServerSource(options)).toBe(first);
    expect(sharedIceServerSource({ ...options, url: 'https://other.example/turn' })).not.toBe(
      first,
    );
  });
});
