import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { LIVENESS_MS, QUEUE_TTL_MS } from '../../src/lib/signalingProtocol';
import { readConfig } from '../env';
import {
  MAX_QUEUED_CHARS,
  MAX_QUEUED_CHARS_PER_SENDER,
  MAX_QUEUED_MESSAGES,
  MAX_QUEUED_PER_SENDER,
  PendingQueue,
} from '../queue';
import {
  candidate,
  candidateIndex,
  connectAndLeave,
  connectAs,
  makeIdentity,
  marked,
  markOf,
  offer,
  openSocket,
  sendInOrder,
  storageOf,
} from './helpers';

/** The test config shortens the queue TTL (worker/vitest.config.ts); waits are based on it. */
const TTL = readConfig(env).queueTtlMs;

describe('queue for absent peers', () => {
  it('[SIG-QUEUE-1] frames for an absent peer wait, then follow OPEN when it connects', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    await connectAndLeave(b);
    const bobToken = await b.token();
    const frames = [offer(b.id)];
    for (let i = 0; i < 5; i++) frames.push(candidate(b.id, i));
    await sendInOrder(a.id, frames);
    const bob = await openSocket({ id: b.id, token: bobToken });
    expect((await bob.take()).raw).toBe('{"type":"OPEN"}');
    expect(await bob.takeType('OFFER')).toMatchObject({ src: a.id, dst: b.id });
    for (let i = 0; i < 5; i++) expect(candidateIndex(await bob.takeType('CANDIDATE'))).toBe(i);
    // Delivered in time: the queue was emptied and its alarm is gone, so no EXPIRE can follow.
    expect((await storageOf(b.id)).alarm).toBeNull();
    // And none came before: alice's next frame is a mark bob sends now.
    const mark = crypto.randomUUID();
    await sendInOrder(b.id, [marked(a.id, mark, 'dc_mark')]);
    expect(markOf((await alice.take()).json)).toBe(mark);
    alice.close();
    bob.close();
  });

  it('[SIG-QUEUE-2] after the TTL each sender gets one EXPIRE per absent peer, via the alarm', async () => {
    const [a, c, b] = await Promise.all([makeIdentity(), makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const carol = await connectAs(c);
    await connectAndLeave(b);
    const started = Date.now();
    await sendInOrder(a.id, [offer(b.id), candidate(b.id, 1)]);
    await sendInOrder(a.id, [candidate(b.id, 3)]);
    await sendInOrder(c.id, [offer(b.id)]);
    const expire = await alice.takeType('EXPIRE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(TTL - 5);
    expect(expire).toEqual({ type: 'EXPIRE', src: b.id, dst: a.id });
    expect(await carol.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: b.id, dst: c.id });
    // The queue is gone with its alarm: nothing is left to expire.
    expect((await storageOf(b.id)).alarm).toBeNull();
    // Nothing was kept for bob: his first frame after OPEN is a mark sent now.
    const bob = await connectAs(b);
    const mark = crypto.randomUUID();
    await sendInOrder(a.id, [marked(b.id, mark, 'dc_mark')]);
    expect(markOf((await bob.take()).json)).toBe(mark);
    // Deduplicated, one per sender: alice's next frame is a mark bob sends after her EXPIRE.
    const back = crypto.randomUUID();
    await sendInOrder(b.id, [marked(a.id, back, 'dc_back')]);
    expect(markOf((await alice.take()).json)).toBe(back);
    alice.close();
    carol.close();
    bob.close();
  });

  it('[SIG-QUEUE-3] defaults: 5 s queue TTL and 90 s liveness, overridable only by vars', () => {
    expect(QUEUE_TTL_MS).toBe(5_000);
    expect(LIVENESS_MS).toBe(90_000);
    expect(readConfig({})).toEqual({ openIds: false, livenessMs: 90_000, queueTtlMs: 5_000 });
    expect(readConfig({ OPEN_IDS: '1', QUEUE_TTL_MS: '250', LIVENESS_MS: '1000' })).toEqual({
      openIds: true,
      livenessMs: 1000,
      queueTtlMs: 250,
    });
    for (const bad of ['', '0', '-5', '1e3', 'abc', '05']) {
      expect(readConfig({ QUEUE_TTL_MS: bad, OPEN_IDS: 'true' })).toEqual({
        openIds: false,
        livenessMs: 90_000,
        queueTtlMs: 5_000,
      });
    }
  });

  it('[SIG-QUEUE-4] [SIG-STORE-3] a full queue or share refuses more, and the sender gets EXPIRE at once', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const scratch = await makeIdentity();
    // The caps themselves, on the queue of an object nobody else uses.
    await runInDurableObject(env.PEERS.getByName(scratch.id), (_instance, state) => {
      const queue = new PendingQueue(state.storage.sql);
      const later = Date.now() + 60_000;
      // One sender's share, in messages…
      for (let i = 0; i < MAX_QUEUED_PER_SENDER; i++) {
        expect(queue.push('src', 'dst', `m${i}`, later).queued).toBe(true);
      }
      expect(queue.push('src', 'dst', 'one too many', later).queued).toBe(false);
      // …and in characters, counted per sender.
      const big = 'x'.repeat(16 * 1024);
      let fitted = 0;
      while (queue.push('big', 'dst', big, later).queued) fitted++;
      expect(fitted).toBe(Math.floor(MAX_QUEUED_CHARS_PER_SENDER / big.length));
      // The whole queue: many senders, up to 1,000 messages…
      expect(queue.drain()).toHaveLength(MAX_QUEUED_PER_SENDER + fitted);
      for (let i = 0; i < MAX_QUEUED_MESSAGES; i++) {
        expect(queue.push(`s${i % 100}`, 'dst', 'm', later).queued).toBe(true);
      }
      expect(queue.push('fresh', 'dst', 'm', later).queued).toBe(false);
      // …and 1 MiB of frames.
      queue.drain();
      let total = 0;
      for (let i = 0; queue.push(`s${i}`, 'dst', big, later).queued; i++) total++;
      expect(total).toBe(Math.floor(MAX_QUEUED_CHARS / big.length));
      // The counts survive a restart: a new instance reads them back, and the queue stays full.
      const again = new PendingQueue(state.storage.sql);
      expect(again.push('fresh', 'dst', 'x', later).queued).toBe(false);
      expect(again.drain()).toHaveLength(total);
    });
    // Over RPC, as another object would call it: one sender gets its share, then `full`.
    await connectAndLeave(b);
    const items = Array.from({ length: MAX_QUEUED_PER_SENDER + 1 }, (_, i) => ({
      type: 'CANDIDATE',
      frame: `{"n":${i}}`,
    }));
    const outcomes = await env.PEERS.getByName(b.id).deliver(b.id, a.id, items);
    expect(outcomes.slice(0, -1).every((o) => o === 'queued')).toBe(true);
    expect(outcomes.at(-1)).toBe('full');
    // End to end: the sender hears EXPIRE without waiting for the TTL (and once more from the alarm).
    const alice = await connectAs(a);
    await sendInOrder(a.id, [offer(b.id)]);
    expect(await alice.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: b.id, dst: a.id });
    alice.close();
  });

  it('[SIG-QUEUE-5] a LEAVE for an absent peer is dropped, not queued', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    await connectAndLeave(b);
    const mark = crypto.randomUUID();
    await sendInOrder(a.id, [
      { type: 'LEAVE', dst: b.id, payload: { connectionId: 'dc_x' } },
      marked(b.id, mark, 'dc_mark'),
    ]);
    // The OFFER after the LEAVE was queued; the LEAVE was not: it is bob's first frame after OPEN.
    const bob = await connectAs(b);
    expect(markOf((await bob.take()).json)).toBe(mark);
    // Delivered, so no alarm is left to send alice an EXPIRE.
    expect((await storageOf(b.id)).alarm).toBeNull();
    alice.close();
    bob.close();
  });
});
