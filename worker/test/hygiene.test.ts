import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CLOSE_RATE_LIMITED, MAX_FRAME_BYTES } from '../../src/lib/signalingProtocol';
import { FRAME_BUCKET } from '../rateLimit';
import {
  connectAs,
  handshakes,
  makeIdentity,
  marked,
  markOf,
  offerPayload,
  sendInOrder,
  type TestClient,
} from './helpers';

/** Send a frame to `b` and check that it still arrives: the socket is healthy. */
async function stillRelays(from: TestClient, to: TestClient, dst: string): Promise<void> {
  const mark = crypto.randomUUID();
  from.send(marked(dst, mark));
  const got = await to.take((r) => markOf(r.json) === mark);
  expect(got.json).toMatchObject({ type: 'OFFER', src: expect.any(String) as string });
  expect(from.closeInfo).toBeNull();
}

/** A frame of exactly `bytes` UTF-8 bytes that relays to `dst`. */
function frameOfSize(dst: string, bytes: number): string {
  const shell = JSON.stringify({ type: 'OFFER', dst, payload: offerPayload({ pad: '' }) });
  return shell.replace('"pad":""', `"pad":"${'x'.repeat(bytes - shell.length)}"`);
}

describe('hygiene', () => {
  it('[SIG-HYG-1] frames over 64 KiB get ERROR; the socket stays open; 64 KiB exactly passes', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const exact = frameOfSize(b.id, MAX_FRAME_BYTES);
    expect(new TextEncoder().encode(exact).length).toBe(MAX_FRAME_BYTES);
    alice.send(exact);
    expect((await bob.takeType('OFFER')).src).toBe(a.id);
    alice.send(frameOfSize(b.id, MAX_FRAME_BYTES + 1));
    const error = await alice.takeType('ERROR');
    expect(error.payload).toEqual({ msg: 'frame exceeds 65536 bytes', reason: 'tooLarge' });
    // The cap is in bytes: fewer than 64 Ki characters, but more than 64 KiB of UTF-8.
    const euros = JSON.stringify({
      type: 'OFFER',
      dst: b.id,
      payload: offerPayload({ pad: '€'.repeat(30_000) }),
    });
    expect(euros.length).toBeLessThan(MAX_FRAME_BYTES);
    alice.send(euros);
    expect((await alice.takeType('ERROR')).payload?.reason).toBe('tooLarge');
    await stillRelays(alice, bob, b.id);
    alice.close();
    bob.close();
  });

  it('[SIG-HYG-2] invalid JSON or a non-object gets ERROR; the socket stays open', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    alice.send('{"type":"OFFER",');
    expect((await alice.takeType('ERROR')).payload).toEqual({
      msg: 'message is not valid JSON',
      reason: 'invalidJson',
    });
    for (const text of ['[1,2]', '"OFFER"', '42', 'null', '{"type":5}', '{}']) {
      alice.send(text);
      expect((await alice.takeType('ERROR')).payload?.reason, text).toBe('invalidMessage');
    }
    await stillRelays(alice, bob, b.id);
    alice.close();
    bob.close();
  });

  it('[SIG-HYG-3] unknown types and client-sent OPEN, EXPIRE, ERROR, ID-TAKEN are dropped', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    for (const type of ['OPEN', 'EXPIRE', 'ERROR', 'ID-TAKEN', 'INVALID-KEY', 'HELLO', 'offer']) {
      alice.send({ type, dst: b.id, src: b.id, payload: { msg: 'spoof' } });
    }
    // A heartbeat spelled differently misses the auto-response and is dropped by the handler.
    alice.send('{ "type": "HEARTBEAT" }');
    await stillRelays(alice, bob, b.id);
    expect(alice.inbox).toEqual([]);
    expect(bob.inbox).toEqual([]);
    alice.close();
    bob.close();
  });

  it('[SIG-HYG-4] a burst up to the frame bucket passes; beyond it, ERROR and close 4005', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    // Handed to the object back to back. The bucket refills at 100 frames/s while the burst is
    // handled, so the margin (5 s of refill) keeps the test exact on a slow machine too.
    const margin = FRAME_BUCKET.refillPerSecond * 5;
    // Candidates in handshakes of 30 ([SIG-HS-1]); the OFFERs count as frames too.
    const burst = handshakes(b.id, FRAME_BUCKET.capacity + margin, 0, 30).slice(
      0,
      FRAME_BUCKET.capacity + margin,
    );
    await sendInOrder(a.id, burst);
    expect((await alice.takeType('ERROR')).payload).toEqual({
      msg: 'rate limit exceeded',
      reason: 'rateLimited',
    });
    expect((await alice.closed).code).toBe(CLOSE_RATE_LIMITED);
    // At least a full bucket was relayed before the limit hit, and nothing after it.
    let relayed = 0;
    while (relayed < burst.length) {
      const got = await bob.take(() => true, 1_000).catch(() => null);
      if (!got) break;
      expect(got.json).toEqual(expect.objectContaining(burst[relayed] as object));
      relayed++;
    }
    expect(relayed).toBeGreaterThanOrEqual(FRAME_BUCKET.capacity);
    expect(relayed).toBeLessThan(burst.length);
    // Bob, on his own bucket, is unaffected.
    const c = await makeIdentity();
    const carol = await connectAs(c);
    await stillRelays(bob, carol, c.id);
    bob.close();
    carol.close();
  });

  it('[SIG-HYG-5] binary frames get ERROR; the socket stays open', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    alice.ws.send(new Uint8Array([1, 2, 3]));
    expect((await alice.takeType('ERROR')).payload?.reason).toBe('binary');
    await stillRelays(alice, bob, b.id);
    alice.close();
    bob.close();
  });

  it('[SIG-HYG-6] nothing one peer sends affects another peer or the objects', async () => {
    const [a, b, c] = await Promise.all([makeIdentity(), makeIdentity(), makeIdentity()]);
    const mallory = await connectAs(a);
    const bob = await connectAs(b);
    const carol = await connectAs(c);
    const junk = [
      '{',
      '[]',
      '{"type":"OFFER","dst":{"$gt":""}}',
      `{"type":"OFFER","dst":"${b.id}","payload":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      JSON.stringify({ type: 'CANDIDATE', dst: b.id, payload: '\u0000\uD800' }),
      JSON.stringify({ type: '__proto__', dst: b.id }),
      JSON.stringify({ type: 'OFFER', dst: b.id, constructor: { prototype: { x: 1 } } }),
    ];
    for (const text of junk) mallory.send(text);
    mallory.ws.send(new ArrayBuffer(70_000));
    await stillRelays(bob, carol, c.id);
    await stillRelays(carol, bob, b.id);
    // The recipient object shrugs off malformed batches from any caller.
    const odd = await env.PEERS.getByName(c.id).deliver(c.id, 'not-an-id', [
      { type: 'OFFER', frame: '' },
      { type: 'LEAVE', frame: '{}' },
    ]);
    expect(odd).toEqual(['sent', 'sent']);
    await stillRelays(mallory, bob, b.id);
    mallory.close();
    bob.close();
    carol.close();
  });
});
