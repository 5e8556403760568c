// Pure modules of the worker, tested without sockets.
import { describe, expect, it } from 'vitest';
import { LIVENESS_MS } from '../../src/lib/signalingProtocol';
import { errorFrame, parseClientFrame, relayFrame } from '../frames';
import { cacheRule, CACHE_IMMUTABLE, withAppHeaders } from '../headers';
import { Outbox, type OutboxItem } from '../outbox';
import { PeerRateLimit, TokenBucket } from '../rateLimit';
import { Relay, type DeliveryOutcome } from '../relay';
import { isAlive, mayReplace, type SocketState } from '../session';

describe('headers (pure)', () => {
  it('[SIG-APP-4] cache rules by path and content type', () => {
    expect(cacheRule('/assets/index-abc.js', 200, 'text/javascript')).toBe('immutable');
    expect(cacheRule('/assets/index-abc.css', 304, null)).toBe('immutable');
    expect(cacheRule('/assets/missing.js', 200, 'text/html; charset=utf-8')).toBe('missing');
    expect(cacheRule('/assets/x.js', 404, 'text/plain')).toBe('unchanged');
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      expect(cacheRule(path, 200, 'application/octet-stream')).toBe('no-cache');
    }
    expect(cacheRule('/friends/abc', 200, 'text/html')).toBe('no-cache');
    expect(cacheRule('/icons/icon-192.png', 200, 'image/png')).toBe('unchanged');
  });

  it('[SIG-APP-4] withAppHeaders keeps status and body, sets headers', async () => {
    const res = withAppHeaders(
      '/assets/a-1.js',
      new Response('x', { status: 200, headers: { 'Content-Type': 'text/javascript' } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe(CACHE_IMMUTABLE);
    expect(res.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(await res.text()).toBe('x');
  });
});

describe('rate limit (pure)', () => {
  it('[SIG-HYG-4] token bucket: burst, refill, cap', () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2 }, 0);
    expect([1, 2, 3, 4].map(() => bucket.take(1, 0))).toEqual([true, true, true, false]);
    expect(bucket.take(1, 499)).toBe(false);
    expect(bucket.take(1, 500)).toBe(true);
    // Never more than the capacity, however long the pause.
    expect([1, 2, 3, 4].map(() => bucket.take(1, 1_000_000))).toEqual([true, true, true, false]);
  });

  it('[SIG-HYG-4] either bucket running dry refuses the frame', () => {
    const limit = new PeerRateLimit(
      0,
      { capacity: 10, refillPerSecond: 1 },
      { capacity: 100, refillPerSecond: 1 },
    );
    expect(limit.allow(60, 0)).toBe(true);
    expect(limit.allow(60, 0)).toBe(false);
  });
});

describe('outbox (pure)', () => {
  it('[SIG-RELAY-3] one call in flight; later frames ride in the next batch, in order', async () => {
    const calls: string[][] = [];
    let release: (() => void) | null = null;
    const results: string[] = [];
    let idle = 0;
    const outbox = new Outbox<OutboxItem, string>(
      (batch) => {
        calls.push(batch.map((i) => i.frame));
        return new Promise((resolve) => {
          release = () => resolve(batch.map((i) => `ok:${i.frame}`));
        });
      },
      (_batch, outcomes) => results.push(...(outcomes ?? [])),
      () => idle++,
    );
    outbox.push({ type: 'OFFER', frame: '0' });
    for (let i = 1; i < 5; i++) outbox.push({ type: 'CANDIDATE', frame: String(i) });
    expect(calls).toEqual([['0']]);
    release!();
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toEqual([['0'], ['1', '2', '3', '4']]);
    release!();
    await new Promise((r) => setTimeout(r, 0));
    expect(results).toEqual(['ok:0', 'ok:1', 'ok:2', 'ok:3', 'ok:4']);
    expect(outbox.busy).toBe(false);
    expect(idle).toBe(1);
  });

  it('[SIG-RELAY-3] a failed call reports null outcomes and the outbox carries on', async () => {
    const seen: (string[] | null)[] = [];
    let fail = true;
    const outbox = new Outbox<OutboxItem, string>(
      (batch) =>
        fail ? Promise.reject(new Error('broken stub')) : Promise.resolve(batch.map(() => 'sent')),
      (_batch, outcomes) => seen.push(outcomes),
      () => undefined,
    );
    outbox.push({ type: 'OFFER', frame: 'a' });
    fail = false;
    outbox.push({ type: 'OFFER', frame: 'b' });
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([null, ['sent']]);
  });
});

describe('relay answers (pure)', () => {
  /** A socket that records what it is sent. */
  function fakeSocket(): { ws: WebSocket; sent: string[] } {
    const sent: string[] = [];
    return { ws: { send: (text: string) => sent.push(text) } as unknown as WebSocket, sent };
  }

  it('[SIG-LIVE-4] [SIG-QUEUE-4] one LEAVE or EXPIRE per sender and batch; none for LEAVE', async () => {
    const outcomes: DeliveryOutcome[][] = [['sent'], ['gone', 'gone', 'gone', 'gone'], ['full']];
    const batches: string[][] = [];
    const relay = new Relay((_dst, _src, batch) => {
      batches.push(batch.map((item) => item.type));
      return Promise.resolve(outcomes.shift()!);
    });
    const { ws, sent } = fakeSocket();
    const frame = { type: 'OFFER' as const, dst: 'bob' as never, payload: {} };
    const offer = { frame, connectionId: 'dc_1' };
    const as = (type: 'CANDIDATE' | 'LEAVE' | 'ANSWER') => ({
      frame: { ...frame, type },
      connectionId: 'dc_1',
    });
    relay.push(ws, 'alice', offer);
    relay.push(ws, 'alice', as('CANDIDATE'));
    relay.push(ws, 'alice', as('LEAVE'));
    relay.push(ws, 'alice', as('CANDIDATE'));
    relay.push(ws, 'alice', as('ANSWER'));
    await new Promise((r) => setTimeout(r, 0));
    relay.push(ws, 'alice', offer);
    await new Promise((r) => setTimeout(r, 0));
    expect(batches).toEqual([['OFFER'], ['CANDIDATE', 'LEAVE', 'CANDIDATE', 'ANSWER'], ['OFFER']]);
    expect(sent.map((t) => JSON.parse(t) as unknown)).toEqual([
      { type: 'LEAVE', src: 'bob', dst: 'alice' },
      { type: 'EXPIRE', src: 'bob', dst: 'alice' },
    ]);
    expect(relay.pendingRecipients).toBe(0);
  });
});

describe('frames and sessions (pure)', () => {
  const valid = (dst: string) => dst === 'bob';

  it("[SIG-RELAY-1] [SIG-PAY-7] parse: relay frames keep type, dst, known payload fields; src is the server's", () => {
    const payload = {
      sdp: { type: 'offer', sdp: 'v=0' },
      type: 'media',
      connectionId: 'mc_1',
    };
    const verdict = parseClientFrame(
      JSON.stringify({ type: 'OFFER', dst: 'bob', src: 'eve', payload: { ...payload, a: 1 } }),
      valid,
    );
    expect(verdict).toEqual({
      kind: 'relay',
      frame: { type: 'OFFER', dst: 'bob', payload },
      connectionId: 'mc_1',
    });
    // A LEAVE loses its payload.
    expect(parseClientFrame('{"type":"LEAVE","dst":"bob","payload":{"x":1}}', valid)).toEqual({
      kind: 'relay',
      frame: { type: 'LEAVE', dst: 'bob' },
      connectionId: null,
    });
    if (verdict.kind !== 'relay') throw new Error('unreachable');
    expect(JSON.parse(relayFrame(verdict.frame, 'alice'))).toEqual({
      type: 'OFFER',
      src: 'alice',
      dst: 'bob',
      payload,
    });
  });

  it('[SIG-HYG-2] parse: errors and drops', () => {
    expect(parseClientFrame('nope', valid)).toEqual({ kind: 'error', reason: 'invalidJson' });
    expect(parseClientFrame('[]', valid)).toEqual({ kind: 'error', reason: 'invalidMessage' });
    expect(parseClientFrame('{"type":"OPEN"}', valid)).toEqual({ kind: 'drop' });
    expect(parseClientFrame('{"type":"LEAVE"}', valid)).toEqual({ kind: 'drop' });
    expect(parseClientFrame('{"type":"OFFER","dst":"eve"}', valid)).toEqual({
      kind: 'error',
      reason: 'badDst',
    });
    expect(JSON.parse(errorFrame('badKey'))).toEqual({
      type: 'ERROR',
      payload: { msg: 'Invalid key provided', reason: 'badKey' },
    });
  });

  const state = (over: Partial<SocketState>): SocketState => ({
    id: 'a',
    ts: 100,
    open: false,
    token: null,
    addr: null,
    counted: false,
    lastSeen: 0,
    retired: false,
    since: 0,
    budgets: null,
    ...over,
  });

  it('[SIG-REPL-1] [SIG-REPL-2] [SIG-REPL-4] who may replace whom', () => {
    expect(mayReplace(state({ ts: 100 }), state({ ts: 100 }))).toBe(true);
    expect(mayReplace(state({ ts: 100 }), state({ ts: 101 }))).toBe(true);
    expect(mayReplace(state({ ts: 100 }), state({ ts: 99 }))).toBe(false);
    expect(
      mayReplace(state({ open: true, token: 't' }), state({ open: true, token: 't', ts: 1 })),
    ).toBe(true);
    expect(mayReplace(state({ open: true, token: 't' }), state({ open: true, token: 'u' }))).toBe(
      false,
    );
  });

  it('[SIG-LIVE-2] alive means a frame or an auto-answered heartbeat within 90 s', () => {
    const now = 1_000_000;
    expect(isAlive(state({ lastSeen: now - LIVENESS_MS + 1 }), null, now, LIVENESS_MS)).toBe(true);
    expect(isAlive(state({ lastSeen: now - LIVENESS_MS }), null, now, LIVENESS_MS)).toBe(false);
    expect(isAlive(state({ lastSeen: 0 }), new Date(now - 5_000), now, LIVENESS_MS)).toBe(true);
  });
});
