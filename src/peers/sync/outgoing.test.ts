import { describe, expect, it } from 'vitest';
import { storeEvents } from '../../db/chatStore';
import { PlumeDatabase } from '../../db/db';
import { signEvent, type ChatEvent } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import { generateIdentityKeys, type IdentityKeys } from '../../lib/identity';
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from './constants';
import { capVector, nextBatches } from './outgoing';

describe('outgoing batches [SYNC-2]', () => {
  it('[SYNC-2] cuts what the peer lacks into frames within the count and byte limits', async () => {
    const db = new PlumeDatabase(`test-out-${crypto.randomUUID()}`);
    const [a, b] = [await generateIdentityKeys(), await generateIdentityKeys()];
    const conv = directConversationId(a.id, b.id);
    let lamport = 0;
    const log = async (k: IdentityKeys, n: number, text: (i: number) => string) => {
      const out: ChatEvent[] = [];
      for (let seq = 1; seq <= n; seq++) {
        out.push(
          await signEvent(
            {
              conv,
              author: k.id,
              seq,
              lamport: ++lamport,
              ts: 1,
              type: 'text',
              body: { text: text(seq) },
            },
            k.privateKey,
          ),
        );
      }
      return out;
    };
    // Small events from a, then 3 KB events from b (16 of them fill a frame's bytes).
    const small = await log(a, 250, (i) => `m${i}`);
    const big = await log(b, 120, (i) => `${i}`.padEnd(1000, '好'));
    const who = { conv, peer: b.id, members: [a.id, b.id] };
    await storeEvents(db, who, [...small, ...big], a.id, 1);
    const vv = { [a.id]: 250, [b.id]: 120 };

    const batches = await nextBatches(db, conv, vv, { [a.id]: 20 }, 20);
    const flat = batches.flat();
    const [first, second] = [a.id, b.id].sort();
    const expected = [...(first === a.id ? [small.slice(20), big] : [big, small.slice(20)])].flat();
    expect(flat).toEqual(expected);
    expect(second).toBeDefined();
    expect(batches.length).toBeGreaterThan(Math.ceil(flat.length / MAX_EVENTS_PER_BATCH));
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(MAX_EVENTS_PER_BATCH);
      const bytes = batch.reduce(
        (n, e) => n + new TextEncoder().encode(JSON.stringify(e)).length,
        0,
      );
      expect(bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
    // Only as many frames as asked for, each as full as the limits allow.
    const two = await nextBatches(db, conv, vv, {}, 2);
    expect(two).toHaveLength(2);
    expect(two[0]![0]).toEqual(first === a.id ? small[0] : big[0]);
    expect(await nextBatches(db, conv, vv, vv, 4)).toEqual([]);
  });
});

describe('a removed member’s farewell [GRP-60]', () => {
  it('[GRP-60] capVector keeps, per author, the lower of held and cap', () => {
    expect(capVector({ a: 5, b: 2, c: 7 }, { a: 3, b: 9 })).toEqual({ a: 3, b: 2 });
  });
});
