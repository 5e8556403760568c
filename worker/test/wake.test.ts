// Wake ([WAKE-*]) on the real worker and real local Durable Objects: routes, registration with
// the signed token, the reach-token check, the limits, the allowed push services, and what the
// local fake push service receives (decrypted and its VAPID JWT checked).
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { base64urlEncode } from '../../src/lib/base64url';
import { TOKEN_MAX_AGE_MS } from '../../src/lib/signalToken';
import { MAX_WAKE_REQUEST_BYTES, WAKE_RECORD_BYTES } from '../../src/lib/wakeProtocol';
import { CLIENT_ADDRESS_HEADER } from '../address';
import { WAKE_REGISTER_BUCKET } from '../idBudgets';
import { wakeTopic } from '../wakePush';
import {
  WAKE_OBJECT_BUCKET,
  WAKE_OBJECT_KEY,
  WAKE_SUBSCRIPTION_KEY,
  WAKE_TOKEN_INTERVAL_MS,
  WAKE_TOKEN_PREFIX,
} from '../wakeStore';
import {
  connectAs,
  makeIdentity,
  register,
  sendInOrder,
  marked,
  storageOf,
  untilAway,
  viaWorker,
  withEnv,
  type Fetch,
  type TestClient,
  type TestIdentity,
} from './helpers';
import {
  decryptPush,
  FakePushService,
  friendToken,
  makeSubscription,
  makeVapid,
  ORIGIN,
  readVapidJwt,
  subscriptionRequest,
  wakeRequest,
  type TestSubscription,
  type TestVapid,
} from './wakeHelpers';

let vapid: TestVapid;
/** The worker with the VAPID secrets set. */
let worker: Fetch;
let push: FakePushService;
let sockets: TestClient[] = [];

beforeAll(async () => {
  vapid = await makeVapid('mailto:ops@plume.test');
  worker = withEnv(env, vapid.secrets);
});

beforeEach(() => {
  push = new FakePushService();
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const socket of sockets) socket.close();
  sockets = [];
});

async function errorOf(res: Response): Promise<string> {
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  expect(res.headers.get('Cache-Control')).toBe('no-store');
  return (await res.json<{ error: string }>()).error;
}

/** A peer online with `reach` registered, then its subscription registered. */
async function subscribed(
  reach: string[],
  endpoint?: string,
): Promise<{ who: TestIdentity; sub: TestSubscription; socket: TestClient }> {
  const who = await makeIdentity();
  const socket = await connectAs(who, undefined, reach);
  sockets.push(socket);
  const sub = await makeSubscription(endpoint);
  const res = await worker(await subscriptionRequest(who, 'PUT', sub.json));
  expect(res.status).toBe(204);
  return { who, sub, socket };
}

/** The same peer, its app closed: no socket holds the id. */
async function closeApp(who: TestIdentity, socket: TestClient): Promise<void> {
  socket.close();
  await socket.closed;
  await untilAway(who.id);
}

function wake(id: string, token: string, kind = 'message', from?: string): Request {
  const headers: Record<string, string> = from ? { [CLIENT_ADDRESS_HEADER]: from } : {};
  return wakeRequest({ id, token, kind }, { headers });
}

async function wakeKeys(id: string): Promise<string[]> {
  return (await storageOf(id)).kv.filter((key) => key.startsWith('wake'));
}

describe('routes and configuration', () => {
  it('[WAKE-1] /wake and /wake/* are never the SPA; unknown paths 404, other methods 405', async () => {
    const unknown = await worker(new Request(`${ORIGIN}/wake/other`));
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toBe('notFound');
    const cases: [string, string, string][] = [
      ['/wake', 'GET', 'POST'],
      ['/wake/key', 'POST', 'GET'],
      ['/wake/subscription?id=x', 'POST', 'PUT, DELETE'],
    ];
    for (const [path, method, allow] of cases) {
      const res = await worker(new Request(`${ORIGIN}${path}`, { method }));
      expect(res.status, path).toBe(405);
      expect(res.headers.get('Allow')).toBe(allow);
      expect(await errorOf(res)).toBe('methodNotAllowed');
    }
  });

  it('[WAKE-1] a page of another origin is refused (403), like /turn', async () => {
    const res = await worker(
      new Request(`${ORIGIN}/wake/key`, { headers: { Origin: 'https://evil.example' } }),
    );
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toBe('crossOrigin');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('[WAKE-2] GET /wake/key answers the VAPID public key', async () => {
    const res = await worker(new Request(`${ORIGIN}/wake/key`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ publicKey: vapid.secrets.VAPID_PUBLIC_KEY });
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('[WAKE-2] without the VAPID secrets every route answers 503 notConfigured and nothing is stored', async () => {
    const friend = await friendToken();
    const who = await makeIdentity();
    sockets.push(await connectAs(who, undefined, [friend.hash]));
    const sub = await makeSubscription();
    for (const request of [
      new Request(`${ORIGIN}/wake/key`),
      await subscriptionRequest(who, 'PUT', sub.json),
      wake(who.id, friend.token),
    ]) {
      const res = await viaWorker(request);
      expect(res.status, request.url).toBe(503);
      expect(await errorOf(res)).toBe('notConfigured');
    }
    expect(await wakeKeys(who.id)).toEqual([]);
    // Turning wake off still works: nothing to keep a subscription for.
    expect((await viaWorker(await subscriptionRequest(who, 'DELETE'))).status).toBe(204);
    expect(push.calls).toBe(0);
  });

  it('[WAKE-2] keys that are not one pair are notConfigured, and the log names no secret', async () => {
    const other = await makeVapid();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = withEnv(env, {
      ...vapid.secrets,
      VAPID_PRIVATE_KEY: other.secrets.VAPID_PRIVATE_KEY,
    });
    const res = await broken(new Request(`${ORIGIN}/wake/key`));
    expect(res.status).toBe(503);
    const logged = errors.mock.calls.flat().map(String).join('\n');
    expect(logged).toMatch(/wake: configuration: VapidConfigError/);
    expect(logged).not.toContain(other.secrets.VAPID_PRIVATE_KEY!);
    expect(logged).not.toContain(vapid.secrets.VAPID_PRIVATE_KEY!);
  });
});

describe('registering a subscription', () => {
  it('[WAKE-3] a live peer registers with its signed token; its object keeps the subscription', async () => {
    const { who } = await subscribed([]);
    expect(await wakeKeys(who.id)).toEqual([WAKE_SUBSCRIPTION_KEY]);
    const stored = await runInDurableObject(env.PEERS.getByName(who.id), (_i, state) =>
      state.storage.kv.get<{ endpoint: string }>(WAKE_SUBSCRIPTION_KEY),
    );
    expect(stored?.endpoint).toMatch(/^https:\/\/fcm\.googleapis\.com\/fcm\/send\//);
  });

  it('[WAKE-3] a missing, malformed, stale, future or other id’s token is refused (401) and nothing is stored', async () => {
    const [who, other] = await Promise.all([makeIdentity(), makeIdentity()]);
    sockets.push(await connectAs(who));
    const sub = await makeSubscription();
    const cases: [string | null, string][] = [
      [null, 'missingToken'],
      ['garbage', 'badToken'],
      [await who.token(Date.now() - TOKEN_MAX_AGE_MS - 60_000), 'badToken'],
      [await who.token(Date.now() + 10 * 60_000), 'badToken'],
      [await other.token(), 'badToken'],
    ];
    for (const [token, reason] of cases) {
      const res = await worker(await subscriptionRequest(who, 'PUT', sub.json, token));
      expect(res.status, String(token)).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
      expect(await errorOf(res)).toBe(reason);
    }
    const badId = await worker(
      new Request(`${ORIGIN}/wake/subscription?id=nope`, { method: 'PUT', body: '{}' }),
    );
    expect(badId.status).toBe(400);
    expect(await wakeKeys(who.id)).toEqual([]);
  });

  it('[WAKE-3] with no live socket holding the id the answer is 409 noSocket, and nothing is stored', async () => {
    const who = await makeIdentity();
    const sub = await makeSubscription();
    const res = await worker(await subscriptionRequest(who, 'PUT', sub.json));
    expect(res.status).toBe(409);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(await errorOf(res)).toBe('noSocket');
    expect((await storageOf(who.id)).kv).toEqual([]);
  });

  it('[WAKE-3][WAKE-7] malformed subscriptions and other hosts are 400 badSubscription, and nothing is stored', async () => {
    const who = await makeIdentity();
    sockets.push(await connectAs(who));
    const sub = await makeSubscription();
    const keys = sub.json.keys;
    const offCurve = new Uint8Array(65).fill(1);
    offCurve[0] = 4;
    const endpoint = (url: string) => ({ ...sub.json, endpoint: url });
    const bodies: unknown[] = [
      'not json',
      [],
      null,
      { endpoint: sub.json.endpoint },
      { ...sub.json, extra: 'field' },
      { ...sub.json, keys: { ...keys, extra: 'x' } },
      { ...sub.json, keys: { p256dh: keys.p256dh } },
      { ...sub.json, keys: { ...keys, auth: 'AAAA' } },
      { ...sub.json, keys: { ...keys, p256dh: keys.auth } },
      { ...sub.json, keys: { ...keys, p256dh: base64urlEncode(offCurve) } },
      endpoint('http://fcm.googleapis.com/fcm/send/x'),
      endpoint('https://evil.example/fcm/send/x'),
      endpoint('https://fcm.googleapis.com.evil.example/x'),
      endpoint('https://fcm.googleapis.com:8443/x'),
      endpoint('https://user:pw@fcm.googleapis.com/x'),
      endpoint('https://a.b.notify.windows.com/x'),
      endpoint('https://notify.windows.com/x'),
      endpoint('https://127.0.0.1/x'),
      endpoint(`https://fcm.googleapis.com/${'x'.repeat(1100)}`),
    ];
    for (const body of bodies) {
      const res = await worker(await subscriptionRequest(who, 'PUT', body));
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(await errorOf(res)).toBe('badSubscription');
    }
    const huge = await worker(
      await subscriptionRequest(who, 'PUT', { ...sub.json, pad: 'x'.repeat(5000) }),
    );
    expect(huge.status).toBe(413);
    expect(await errorOf(huge)).toBe('tooLarge');
    expect(await wakeKeys(who.id)).toEqual([]);
  });

  it('[WAKE-7] every allowed push service’s endpoint is accepted', async () => {
    const who = await makeIdentity();
    sockets.push(await connectAs(who));
    const endpoints = [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://push.services.mozilla.com/wpush/v1/gAAAA',
      'https://web.push.apple.com/QGuQyavXutnMHdy',
      'https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD',
    ];
    // Exactly the id's registration burst.
    expect(endpoints).toHaveLength(WAKE_REGISTER_BUCKET.capacity);
    for (const url of endpoints) {
      const sub = await makeSubscription(url);
      const res = await worker(await subscriptionRequest(who, 'PUT', sub.json));
      expect(res.status, url).toBe(204);
    }
  });

  it('[WAKE-3] registrations are limited per id: a burst of 5, then 429 with Retry-After', async () => {
    const who = await makeIdentity();
    sockets.push(await connectAs(who));
    for (let i = 0; i < WAKE_REGISTER_BUCKET.capacity; i++) {
      const sub = await makeSubscription();
      expect((await worker(await subscriptionRequest(who, 'PUT', sub.json))).status).toBe(204);
    }
    const sub = await makeSubscription();
    const res = await worker(await subscriptionRequest(who, 'PUT', sub.json));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await errorOf(res)).toBe('rateLimited');
  });

  it('[WAKE-3] the subscription and reach hashes outlive a queue wipe while the app is closed', async () => {
    const friend = await friendToken();
    const { who, sub, socket } = await subscribed([friend.hash]);
    await closeApp(who, socket);
    // A frame queued for the closed app expires; the emptied queue wipes the storage.
    const sender = await makeIdentity();
    const alice = await connectAs(sender);
    sockets.push(alice);
    await sendInOrder(sender.id, [marked(who.id, 'late')]);
    await alice.takeType('EXPIRE');
    await vi.waitFor(async () => expect((await storageOf(who.id)).alarm).toBeNull());
    expect((await storageOf(who.id)).kv).not.toContain('held');
    const res = await worker(wake(who.id, friend.token));
    expect(res.status).toBe(202);
    expect(push.seen).toHaveLength(1);
    expect(JSON.parse((await decryptPush(push.seen[0]!.body, sub)).text)).toMatchObject({
      slot: friend.hash,
    });
  });

  it('[WAKE-4] DELETE forgets the subscription and the wake limits; a wake then finds none', async () => {
    const friend = await friendToken();
    const { who } = await subscribed([friend.hash]);
    expect((await worker(wake(who.id, friend.token))).status).toBe(202);
    expect(await wakeKeys(who.id)).toHaveLength(3);
    const res = await worker(await subscriptionRequest(who, 'DELETE'));
    expect(res.status).toBe(204);
    expect(await wakeKeys(who.id)).toEqual([]);
    const again = await worker(wake(who.id, friend.token));
    expect(again.status).toBe(404);
    expect(await errorOf(again)).toBe('noSubscription');
    const unsigned = await worker(await subscriptionRequest(who, 'DELETE', undefined, null));
    expect(unsigned.status).toBe(401);
  });
});

describe('waking', () => {
  it('[WAKE-5][WAKE-8][WAKE-9] a good token sends one push: the body decrypts to {v, slot, kind} and the VAPID JWT checks', async () => {
    const friend = await friendToken();
    const { who, sub, socket } = await subscribed([friend.hash]);
    await closeApp(who, socket);
    const before = Date.now();
    const res = await worker(wake(who.id, friend.token, 'call'));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'sent' });
    expect(push.seen).toHaveLength(1);
    const seen = push.seen[0]!;
    expect(seen.url).toBe(sub.json.endpoint);
    expect(seen.method).toBe('POST');
    expect(seen.headers.get('TTL')).toBe('3600');
    expect(seen.headers.get('Urgency')).toBe('high');
    expect(seen.headers.get('Topic')).toBe(await wakeTopic(sub.auth, friend.hash));
    expect(seen.headers.get('Content-Encoding')).toBe('aes128gcm');

    const auth = /^vapid t=([^,]+), k=(.+)$/.exec(seen.headers.get('Authorization')!)!;
    expect(auth[2]).toBe(vapid.secrets.VAPID_PUBLIC_KEY);
    const { header, claims } = await readVapidJwt(auth[1]!, vapid.verifyKey);
    expect(header.alg).toBe('ES256');
    expect(claims.aud).toBe('https://fcm.googleapis.com');
    expect(claims.sub).toBe('mailto:ops@plume.test');
    const exp = claims.exp as number;
    expect(exp).toBeGreaterThan(before / 1000);
    expect(exp).toBeLessThanOrEqual(Date.now() / 1000 + 24 * 60 * 60);

    const opened = await decryptPush(seen.body, sub);
    expect(JSON.parse(opened.text)).toEqual({ v: 1, slot: friend.hash, kind: 'call' });
    expect(opened.record).toHaveLength(WAKE_RECORD_BYTES);
  });

  it('[WAKE-9] no message content can reach the push body: a request carrying any is refused, and a push holds only the slot and kind', async () => {
    const friend = await friendToken();
    const { who, sub } = await subscribed([friend.hash]);
    const secret = 'MEET ME AT NOON';
    for (const body of [
      { id: who.id, token: friend.token, kind: 'message', text: secret },
      { id: who.id, token: friend.token, kind: secret },
      { id: who.id, token: friend.token, kind: 'message', payload: { body: secret } },
    ]) {
      const res = await worker(wakeRequest(body));
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toBe('badRequest');
    }
    expect(push.seen).toHaveLength(0);
    expect((await worker(wake(who.id, friend.token))).status).toBe(202);
    const opened = await decryptPush(push.seen[0]!.body, sub);
    expect(Object.keys(JSON.parse(opened.text) as object).sort()).toEqual(['kind', 'slot', 'v']);
    // The slot is the token's hash, which the worker already holds: never the token itself.
    expect(opened.text).not.toContain(friend.token);
    expect(new TextDecoder().decode(opened.record)).not.toContain(secret);
    // Everything after the plaintext is the delimiter and zeros.
    const end = opened.text.length;
    expect([...opened.record.slice(end)]).toEqual([
      2,
      ...new Array<number>(WAKE_RECORD_BYTES - end - 1).fill(0),
    ]);
  });

  it('[WAKE-6] a token the peer did not register is refused (403); nothing is written or sent', async () => {
    const [friend, stranger] = await Promise.all([friendToken(), friendToken()]);
    const { who } = await subscribed([friend.hash]);
    const before = await storageOf(who.id);
    const res = await worker(wake(who.id, stranger.token));
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toBe('unknownToken');
    expect(push.calls).toBe(0);
    expect(await storageOf(who.id)).toEqual(before);
    // An id that never connected: refused the same way, and its object keeps nothing.
    const nobody = await makeIdentity();
    expect((await worker(wake(nobody.id, friend.token))).status).toBe(403);
    expect((await storageOf(nobody.id)).kv).toEqual([]);
  });

  it('[WAKE-5] malformed requests get 400 badRequest, oversized ones 413 unread; nothing is sent', async () => {
    const friend = await friendToken();
    const { who } = await subscribed([friend.hash]);
    for (const body of [
      'not json',
      '[]',
      '{}',
      { id: who.id, token: friend.token },
      { id: 'nope', token: friend.token, kind: 'message' },
      { id: who.id, token: 'short', kind: 'message' },
      { id: who.id, token: friend.token, kind: 'ping' },
      { id: who.id.toUpperCase(), token: friend.token, kind: 'message' },
    ]) {
      const res = await worker(wakeRequest(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const oversized = await worker(
      wakeRequest({
        id: who.id,
        token: friend.token,
        kind: 'message',
        pad: 'x'.repeat(MAX_WAKE_REQUEST_BYTES),
      }),
    );
    expect(oversized.status).toBe(413);
    expect(await errorOf(oversized)).toBe('tooLarge');
    // A body that declares a small length but streams more is cut off at the cap.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(256).fill(32));
      },
    });
    const streamed = await worker(
      new Request(`${ORIGIN}/wake`, {
        method: 'POST',
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(push.calls).toBe(0);
    expect(await wakeKeys(who.id)).toEqual([WAKE_SUBSCRIPTION_KEY]);
  });

  it('[WAKE-5] a flood of tokens from one address is cut off at the address limit (429) and stores nothing', async () => {
    const friend = await friendToken();
    const { who } = await subscribed([friend.hash]);
    const from = '203.0.113.91';
    const answers: number[] = [];
    for (let i = 0; i < 61; i++) {
      const guess = await friendToken();
      answers.push((await worker(wake(who.id, guess.token, 'message', from))).status);
    }
    expect(answers.slice(0, 60).every((status) => status === 403)).toBe(true);
    expect(answers[60]).toBe(429);
    // Even the right token from that address waits now.
    const res = await worker(wake(who.id, friend.token, 'message', from));
    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).toBe('60');
    expect(push.calls).toBe(0);
    expect(await wakeKeys(who.id)).toEqual([WAKE_SUBSCRIPTION_KEY]);
  });

  it('[WAKE-11] one token wakes at most once in 2 minutes; another friend’s token still wakes', async () => {
    const [a, b] = await Promise.all([friendToken(), friendToken()]);
    const { who } = await subscribed([a.hash, b.hash]);
    expect((await worker(wake(who.id, a.token))).status).toBe(202);
    const again = await worker(wake(who.id, a.token, 'call'));
    expect(again.status).toBe(429);
    const retry = Number(again.headers.get('Retry-After'));
    expect(retry).toBeGreaterThan(WAKE_TOKEN_INTERVAL_MS / 1000 - 10);
    expect(retry).toBeLessThanOrEqual(WAKE_TOKEN_INTERVAL_MS / 1000);
    expect((await worker(wake(who.id, b.token))).status).toBe(202);
    expect(push.seen).toHaveLength(2);
    expect((await wakeKeys(who.id)).sort()).toEqual(
      [
        WAKE_SUBSCRIPTION_KEY,
        WAKE_OBJECT_KEY,
        WAKE_TOKEN_PREFIX + a.hash,
        WAKE_TOKEN_PREFIX + b.hash,
      ].sort(),
    );
  });

  it('[WAKE-11] one object is woken at most 12 times at once, whoever asks', async () => {
    const tokens = await Promise.all(
      Array.from({ length: WAKE_OBJECT_BUCKET.capacity + 1 }, () => friendToken()),
    );
    const { who } = await subscribed(tokens.map((t) => t.hash));
    const answers: number[] = [];
    for (const t of tokens) answers.push((await worker(wake(who.id, t.token))).status);
    expect(answers.slice(0, -1).every((s) => s === 202)).toBe(true);
    expect(answers.at(-1)).toBe(429);
    expect(push.seen).toHaveLength(WAKE_OBJECT_BUCKET.capacity);
  });

  it('[WAKE-12] 404 and 410 from the push service drop the subscription', async () => {
    for (const status of [404, 410]) {
      const friend = await friendToken();
      const { who } = await subscribed([friend.hash]);
      push.answer = () => new Response('gone', { status });
      const res = await worker(wake(who.id, friend.token));
      expect(res.status, String(status)).toBe(404);
      expect(await errorOf(res)).toBe('noSubscription');
      expect(await wakeKeys(who.id)).toEqual([]);
    }
  });

  it('[WAKE-12] other failures keep the subscription: 502 pushFailed', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const friends = await Promise.all([friendToken(), friendToken()]);
    const { who, sub } = await subscribed(friends.map((f) => f.hash));
    push.answer = () => new Response('busy', { status: 500 });
    expect((await worker(wake(who.id, friends[0].token))).status).toBe(502);
    push.answer = () => {
      throw new TypeError('network down');
    };
    expect((await worker(wake(who.id, friends[1].token))).status).toBe(502);
    expect(await wakeKeys(who.id)).toContain(WAKE_SUBSCRIPTION_KEY);
    // The log names the host, never the endpoint's path (the subscription's capability).
    const logged = errors.mock.calls.flat().map(String).join('\n');
    expect(logged).toContain('fcm.googleapis.com');
    expect(logged).not.toContain(new URL(sub.json.endpoint).pathname);
  });

  it('[WAKE-7] a redirect from the push service is not followed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const friend = await friendToken();
    const { who } = await subscribed([friend.hash]);
    push.answer = () =>
      new Response(null, { status: 307, headers: { Location: 'http://169.254.169.254/' } });
    expect((await worker(wake(who.id, friend.token))).status).toBe(502);
    expect(push.calls).toBe(1);
    expect(push.unexpected).toEqual([]);
  });

  it('[WAKE-7] a stored endpoint off the allowed hosts is never fetched', async () => {
    const friend = await friendToken();
    const who = await makeIdentity();
    sockets.push(await connectAs(who, undefined, [friend.hash]));
    const sub = await makeSubscription();
    // As if written by a build that checked less: the object reads it, and refuses it.
    await runInDurableObject(env.PEERS.getByName(who.id), (_i, state) => {
      state.storage.kv.put(WAKE_SUBSCRIPTION_KEY, {
        endpoint: 'https://169.254.169.254/latest/meta-data',
        p256dh: sub.json.keys.p256dh,
        auth: sub.json.keys.auth,
      });
    });
    const res = await worker(wake(who.id, friend.token));
    expect(res.status).toBe(404);
    expect(push.calls).toBe(0);
  });

  it('[WAKE-13] unfriending (a REACH without the hash) stops the wake and drops its limit record', async () => {
    const [friend, other] = await Promise.all([friendToken(), friendToken()]);
    const { who } = await subscribed([friend.hash, other.hash]);
    expect((await worker(wake(who.id, friend.token))).status).toBe(202);
    expect(await wakeKeys(who.id)).toContain(WAKE_TOKEN_PREFIX + friend.hash);
    await register(who.id, [other.hash]);
    const res = await worker(wake(who.id, friend.token));
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toBe('unknownToken');
    expect(await wakeKeys(who.id)).not.toContain(WAKE_TOKEN_PREFIX + friend.hash);
    expect((await worker(wake(who.id, other.token))).status).toBe(202);
  });
});
