// No storage for strangers ([SIG-STORE-*]): what a peer object writes, read straight from its
// storage on real local Durable Objects.
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../env';
import { HELD_KEY } from '../peerStorage';
import { REACH_KEY } from '../reachSet';
import { MAX_QUEUED_PER_SENDER } from '../queue';
import {
  connectAndLeave,
  connectAs,
  handshakes,
  makeIdentity,
  marked,
  markOf,
  offer,
  sendInOrder,
  storageOf,
  type Received,
  type StorageDump,
} from './helpers';

const TTL = readConfig(env).queueTtlMs;

/** The storage of an object that was never asked to write anything. */
async function pristine(): Promise<StorageDump> {
  return storageOf((await makeIdentity()).id);
}

const isExpire = (r: Received) => r.json?.type === 'EXPIRE';

/** What an id that connected keeps: its mark, and the reach set its client registered. */
const CONNECTED_KV = [HELD_KEY, REACH_KEY];

describe('no storage for strangers', () => {
  it('[SIG-STORE-1] a message for an id that never held a socket gets EXPIRE at once, and its object writes nothing', async () => {
    const [a, stranger] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const started = Date.now();
    await sendInOrder(a.id, [offer(stranger.id), ...handshakes(stranger.id, 20)]);
    expect(await alice.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: stranger.id, dst: a.id });
    // Answered by the delivery itself, not by an alarm after the queue TTL.
    expect(Date.now() - started).toBeLessThan(TTL);
    expect(await storageOf(stranger.id)).toEqual(await pristine());
    // The sender's object keeps nothing for it either (only its own id's mark and reach set).
    expect(await storageOf(a.id)).toMatchObject({ tables: [], kv: CONNECTED_KV, alarm: null });
    alice.close();
  });

  it('[SIG-STORE-1] [SIG-REACH-2] a connect writes one mark (and the client its reach set), once; then the id gets a queue like any peer', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    await connectAndLeave(b);
    expect(await storageOf(b.id)).toMatchObject({ tables: [], kv: CONNECTED_KV, alarm: null });
    await connectAndLeave(b);
    expect((await storageOf(b.id)).kv).toEqual(CONNECTED_KV);
    const alice = await connectAs(a);
    await sendInOrder(a.id, [marked(b.id, 'queued')]);
    const bob = await connectAs(b);
    expect(markOf(await bob.takeType('OFFER'))).toBe('queued');
    alice.close();
    bob.close();
  });

  it('[SIG-STORE-2] [SIG-REACH-2] a queue emptied by the connect wipes the storage: only the mark and reach set stay, no alarm', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    await connectAndLeave(b);
    await sendInOrder(a.id, [marked(b.id, 1)]);
    // The relay to Bob's object runs after Alice's object took the frame.
    await vi.waitFor(async () => expect((await storageOf(b.id)).tables).toEqual(['pending']));
    const waiting = await storageOf(b.id);
    expect(waiting.alarm).not.toBeNull();
    const bob = await connectAs(b);
    expect(markOf(await bob.takeType('OFFER'))).toBe(1);
    expect(await storageOf(b.id)).toMatchObject({ tables: [], kv: CONNECTED_KV, alarm: null });
    alice.close();
    bob.close();
  });

  it('[SIG-STORE-2] a queue emptied by the alarm calls deleteAll: no table, no key, no alarm', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    await connectAndLeave(b);
    await sendInOrder(a.id, [marked(b.id, 1)]);
    // The EXPIRE comes from the alarm, which wiped the storage before calling Alice's object.
    expect(await alice.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: b.id, dst: a.id });
    expect(await storageOf(b.id)).toEqual(await pristine());
    // Wiped means forgotten: until Bob connects again, his id is a stranger's.
    await sendInOrder(a.id, [marked(b.id, 2)]);
    expect(await alice.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: b.id, dst: a.id });
    expect(await storageOf(b.id)).toEqual(await pristine());
    alice.close();
  });

  it("[SIG-STORE-3] a stranger flooding an absent peer fills only its own share: a friend's message still arrives", async () => {
    const [friend, stranger, b] = await Promise.all([
      makeIdentity(),
      makeIdentity(),
      makeIdentity(),
    ]);
    const alice = await connectAs(friend);
    const mallory = await connectAs(stranger);
    await connectAndLeave(b);
    // Ten handshakes of 30 candidates: 310 frames, far over one share.
    const flood = handshakes(b.id, 300, 0, 30);
    await sendInOrder(stranger.id, flood);
    // Over its share, the stranger hears EXPIRE at once.
    expect(await mallory.takeType('EXPIRE')).toEqual({
      type: 'EXPIRE',
      src: b.id,
      dst: stranger.id,
    });
    await sendInOrder(friend.id, [marked(b.id, 'friend')]);
    const bob = await connectAs(b);
    // Everything queued comes right after OPEN; the friend's OFFER is the last of it.
    const fromStranger: Received[] = [];
    for (;;) {
      const got = await bob.take();
      if (markOf(got.json) === 'friend') break;
      expect(got.json?.src).toBe(stranger.id);
      fromStranger.push(got);
    }
    expect(fromStranger).toHaveLength(MAX_QUEUED_PER_SENDER);
    expect(alice.inbox.filter(isExpire)).toEqual([]);
    alice.close();
    mallory.close();
    bob.close();
  });
});
