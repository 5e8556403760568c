import { describe, expect, it } from 'vitest';
import {
  candidate,
  candidateIndex,
  connectAs,
  makeIdentity,
  offer,
  offerPayload,
  answerPayload,
  sendInOrder,
  type Received,
} from './helpers';

const isType = (type: string) => (r: Received) => r.json?.type === type;

describe('relay', () => {
  it('[SIG-RELAY-1] OFFER, ANSWER, CANDIDATE and LEAVE reach dst with src stamped by the server', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const mallory = await makeIdentity();
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const payloads: Record<string, unknown> = {
      OFFER: offerPayload({ n: 'OFFER' }, 'dc_1'),
      ANSWER: answerPayload({ n: 'ANSWER' }, 'dc_1'),
      CANDIDATE: (candidate(b.id, 7, 'dc_1') as { payload: object }).payload,
      LEAVE: { connectionId: 'dc_1', n: 'LEAVE' },
    };
    for (const [type, payload] of Object.entries(payloads)) {
      // A forged src and an extra field are not relayed; the payload goes through untouched.
      alice.send({ type, src: mallory.id, dst: b.id, payload, extra: 1 });
      const got = await bob.takeType(type);
      expect(got).toEqual({ type, src: a.id, dst: b.id, payload });
    }
    // Relaying works both ways on the same objects.
    bob.send({ type: 'ANSWER', dst: a.id, payload: answerPayload({ back: true }) });
    expect(await alice.takeType('ANSWER')).toMatchObject({ src: b.id, payload: { back: true } });
    expect(alice.inbox).toEqual([]);
    alice.close();
    bob.close();
  });

  it('[SIG-RELAY-2] a burst of 200 CANDIDATEs arrives complete and in order', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const burst = [offer(b.id)];
    for (let i = 0; i < 200; i++) burst.push(candidate(b.id, i));
    await sendInOrder(a.id, burst);
    expect((await bob.take()).json?.type).toBe('OFFER');
    const seen: number[] = [];
    for (let i = 0; i < 200; i++)
      seen.push(candidateIndex((await bob.take(isType('CANDIDATE'))).json!));
    expect(seen).toEqual([...Array(200).keys()]);
    alice.close();
    bob.close();
  });

  it('[SIG-RELAY-3] order holds across queueing: queued frames first, then live ones', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    const frames = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => candidate(b.id, from + i));
    await sendInOrder(a.id, frames(0, 50));
    // Bob connects while Alice keeps sending; no frame may overtake another.
    const [bob] = await Promise.all([connectAs(b), sendInOrder(a.id, frames(50, 100))]);
    await sendInOrder(a.id, frames(100, 150));
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
    alice.send(offer(b.id, { ok: true }));
    expect(await bob.takeType('OFFER')).toMatchObject({ src: a.id, payload: { ok: true } });
    expect(alice.inbox).toEqual([]);
    expect(alice.closeInfo).toBeNull();
    alice.close();
    bob.close();
  });

  it('[SIG-RELAY-5] a frame to oneself is delivered like any other', async () => {
    const a = await makeIdentity();
    const alice = await connectAs(a);
    alice.send(offer(a.id, { me: 1 }));
    expect(await alice.takeType('OFFER')).toEqual({
      type: 'OFFER',
      src: a.id,
      dst: a.id,
      payload: offerPayload({ me: 1 }),
    });
    alice.close();
  });
});
