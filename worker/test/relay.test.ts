import { describe, expect, it } from 'vitest';
import {
  answerPayload,
  candidate,
  candidateIndex,
  connectAndLeave,
  connectAs,
  FRIEND_TOKEN,
  handshakes,
  makeIdentity,
  marked,
  markOf,
  offerPayload,
  sendInOrder,
  type Received,
  type TestClient,
} from './helpers';

const isType = (type: string) => (r: Received) => r.json?.type === type;

/** A client frame as the helpers build it. */
interface Relayed {
  type: string;
  payload: unknown;
}

describe('relay', () => {
  it('[SIG-RELAY-1] OFFER, ANSWER, CANDIDATE and LEAVE reach dst with src stamped by the server', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const mallory = await makeIdentity();
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const answer = answerPayload({}, 'dc_1');
    const steps: [TestClient, TestClient, string, string, string, unknown][] = [
      [alice, bob, a.id, b.id, 'OFFER', offerPayload({ metadata: { n: 1 } }, 'dc_1')],
      [bob, alice, b.id, a.id, 'ANSWER', answer],
      [alice, bob, a.id, b.id, 'CANDIDATE', (candidate(b.id, 7, 'dc_1') as Relayed).payload],
      [bob, alice, b.id, a.id, 'CANDIDATE', (candidate(a.id, 8, 'dc_1') as Relayed).payload],
    ];
    for (const [from, to, src, dst, type, payload] of steps) {
      // A forged src and an extra field are not relayed; the stock payload goes through whole.
      from.send({ type, src: mallory.id, dst, payload, extra: 1 });
      expect(await to.takeType(type)).toEqual({ type, src, dst, payload });
    }
    // A LEAVE is relayed without its payload ([SIG-PAY-7]).
    alice.send({ type: 'LEAVE', src: mallory.id, dst: b.id, payload: { connectionId: 'dc_1' } });
    expect(await bob.takeType('LEAVE')).toEqual({ type: 'LEAVE', src: a.id, dst: b.id });
    expect(alice.inbox).toEqual([]);
    expect(bob.inbox).toEqual([]);
    alice.close();
    bob.close();
  });

  it('[SIG-RELAY-2] a burst of 8 OFFERs and 200 CANDIDATEs arrives complete and in order', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const burst = handshakes(b.id, 200);
    await sendInOrder(a.id, burst);
    const seen: Received[] = [];
    for (let i = 0; i < burst.length; i++) seen.push(await bob.take());
    expect(seen.map((r) => r.json?.type)).toEqual(burst.map((f) => (f as Relayed).type));
    const indices = seen.filter(isType('CANDIDATE')).map((r) => candidateIndex(r.json!));
    expect(indices).toEqual([...Array(200).keys()]);
    expect(alice.inbox).toEqual([]);
    alice.close();
    bob.close();
  });

  it('[SIG-RELAY-3] order holds across queueing: queued frames first, then live ones', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    await connectAndLeave(b);
    await sendInOrder(a.id, handshakes(b.id, 30, 0));
    // Bob connects while Alice keeps sending; no frame may overtake another.
    const [bob] = await Promise.all([connectAs(b), sendInOrder(a.id, handshakes(b.id, 30, 30))]);
    // (At most 64 frames of one sender wait, [SIG-STORE-3]: the first two batches fit.)
    await sendInOrder(a.id, handshakes(b.id, 90, 60));
    const seen: number[] = [];
    for (let i = 0; i < 150; i++)
      seen.push(candidateIndex((await bob.take(isType('CANDIDATE'))).json!));
    expect(seen).toEqual([...Array(150).keys()]);
    alice.close();
    bob.close();
  });

  it('[SIG-RELAY-4] a bad dst gets ERROR and the socket stays open', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    for (const dst of ['not-a-peer-id', 42, null, 'A'.repeat(32)]) {
      alice.send({ type: 'OFFER', dst, payload: offerPayload() });
      expect((await alice.takeType('ERROR')).payload?.reason).toBe('badDst');
    }
    alice.send({ type: 'OFFER', payload: offerPayload() });
    expect((await alice.takeType('ERROR')).payload?.reason).toBe('badDst');
    // A LEAVE without dst means "I am leaving" in peerjs-server: dropped, no ERROR.
    alice.send({ type: 'LEAVE' });
    alice.send(marked(b.id, 'ok'));
    expect(markOf(await bob.takeType('OFFER'))).toBe('ok');
    expect(alice.inbox).toEqual([]);
    expect(alice.closeInfo).toBeNull();
    alice.close();
    bob.close();
  });

  it('[SIG-RELAY-5] a frame to oneself is delivered like any other', async () => {
    const a = await makeIdentity();
    const alice = await connectAs(a);
    alice.send(marked(a.id, 1));
    expect(await alice.takeType('OFFER')).toEqual({
      type: 'OFFER',
      src: a.id,
      dst: a.id,
      payload: offerPayload({ metadata: { mark: 1, reach: FRIEND_TOKEN } }),
    });
    alice.close();
  });
});
