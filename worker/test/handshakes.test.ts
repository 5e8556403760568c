// A relay only for real handshakes ([SIG-HS-*], [SIG-PAY-7]): ANSWERs and CANDIDATEs only after an
// OFFER between the same pair, bounded, and payloads rebuilt from known fields.
import { describe, expect, it } from 'vitest';
import {
  HANDSHAKE_TTL_MS,
  HandshakeTable,
  MAX_CANDIDATES_PER_SIDE,
  MAX_HANDSHAKES,
} from '../handshakes';
import {
  answerPayload,
  candidate,
  connectAndLeave,
  connectAs,
  makeIdentity,
  marked,
  markOf,
  offer,
  offerPayload,
  sendInOrder,
  TEST_SDP,
  type TestClient,
} from './helpers';

const answer = (dst: string, connectionId = 'dc_test') => ({
  type: 'ANSWER',
  dst,
  payload: answerPayload({}, connectionId),
});

/**
 * Hand `frames` to `from`'s object in order, then a marked OFFER; check that `to`'s next frame
 * is the marker (nothing refused reached it), then that a marked OFFER back is `sender`'s next
 * frame (no ERROR came first: the stock client would leave signaling on one). No sleeping was
 * needed to know either.
 */
async function refused(
  sender: TestClient,
  to: TestClient,
  from: string,
  dst: string,
  frames: unknown[],
): Promise<void> {
  const mark = crypto.randomUUID();
  await sendInOrder(from, [...frames, marked(dst, mark, 'dc_mark')]);
  const next = await to.take();
  expect(markOf(next.json), `got ${next.raw.slice(0, 120)}`).toBe(mark);
  const back = crypto.randomUUID();
  await sendInOrder(dst, [marked(from, back, 'dc_back')]);
  const reply = await sender.take();
  expect(markOf(reply.json), `got ${reply.raw.slice(0, 120)}`).toBe(back);
  expect(sender.closeInfo).toBeNull();
}

describe('handshake table (pure)', () => {
  it('[SIG-HS-1] [SIG-HS-2] [SIG-HS-3] OFFER opens; one ANSWER from its recipient; 32 CANDIDATEs a side', () => {
    const now = 1_000;
    const offerer = new HandshakeTable();
    const answerer = new HandshakeTable();
    expect(offerer.allow('CANDIDATE', 'bob', 'dc_1', now)).toBe('noHandshake');
    expect(offerer.allow('OFFER', 'bob', 'dc_1', now)).toBeNull();
    answerer.offerReceived('alice', 'dc_1', now, false);
    expect(offerer.allow('ANSWER', 'bob', 'dc_1', now)).toBe('noHandshake');
    expect(answerer.allow('ANSWER', 'alice', 'dc_2', now)).toBe('noHandshake');
    expect(answerer.allow('ANSWER', 'carol', 'dc_1', now)).toBe('noHandshake');
    expect(answerer.allow('ANSWER', 'alice', 'dc_1', now)).toBeNull();
    expect(answerer.allow('ANSWER', 'alice', 'dc_1', now)).toBe('noHandshake');
    for (const table of [offerer, answerer]) {
      const peer = table === offerer ? 'bob' : 'alice';
      for (let i = 0; i < MAX_CANDIDATES_PER_SIDE; i++) {
        expect(table.allow('CANDIDATE', peer, 'dc_1', now)).toBeNull();
      }
      expect(table.allow('CANDIDATE', peer, 'dc_1', now)).toBe('tooManyCandidates');
    }
    // A new OFFER for the same connection starts it over.
    expect(offerer.allow('OFFER', 'bob', 'dc_1', now)).toBeNull();
    expect(offerer.allow('CANDIDATE', 'bob', 'dc_1', now)).toBeNull();
    // LEAVE is no handshake frame.
    expect(offerer.allow('LEAVE', 'zed', 'dc_9', now)).toBeNull();
  });

  it('[SIG-HS-4] a handshake lasts a minute; the table keeps at most 256, oldest out first', () => {
    const table = new HandshakeTable();
    table.allow('OFFER', 'bob', 'dc_1', 0);
    expect(table.allow('CANDIDATE', 'bob', 'dc_1', HANDSHAKE_TTL_MS - 1)).toBeNull();
    expect(table.allow('CANDIDATE', 'bob', 'dc_1', HANDSHAKE_TTL_MS)).toBe('noHandshake');
    const full = new HandshakeTable();
    for (let i = 0; i <= MAX_HANDSHAKES; i++) full.allow('OFFER', 'bob', `dc_${i}`, 10);
    expect(full.size).toBe(MAX_HANDSHAKES);
    expect(full.allow('CANDIDATE', 'bob', 'dc_0', 10)).toBe('noHandshake');
    expect(full.allow('CANDIDATE', 'bob', `dc_${MAX_HANDSHAKES}`, 10)).toBeNull();
    // Expired entries go first, whatever the size.
    full.allow('OFFER', 'carol', 'dc_x', 10 + HANDSHAKE_TTL_MS);
    expect(full.size).toBe(1);
  });
});

describe('handshakes over sockets', () => {
  it('[SIG-HS-1] an ANSWER or CANDIDATE without an OFFER is dropped without an ERROR', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    await refused(alice, bob, a.id, b.id, [answer(b.id)]);
    await refused(alice, bob, a.id, b.id, [candidate(b.id, 1), answer(b.id, 'dc_none')]);
    alice.close();
    bob.close();
  });

  it("[SIG-HS-2] only the OFFER's recipient may answer it, once, for that connection and pair", async () => {
    const [a, b, c] = await Promise.all([makeIdentity(), makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const carol = await connectAs(c);
    alice.send(offer(b.id));
    await bob.takeType('OFFER');
    // Not the offerer, not a third peer, not another connection id.
    await refused(alice, bob, a.id, b.id, [answer(b.id)]);
    await refused(carol, alice, c.id, a.id, [answer(a.id)]);
    await refused(bob, alice, b.id, a.id, [answer(a.id, 'dc_other')]);
    // The recipient answers once; candidates pass both ways.
    bob.send(answer(a.id));
    expect(await alice.takeType('ANSWER')).toMatchObject({ src: b.id });
    bob.send(candidate(a.id, 1));
    alice.send(candidate(b.id, 2));
    expect(await alice.takeType('CANDIDATE')).toMatchObject({ src: b.id });
    expect(await bob.takeType('CANDIDATE')).toMatchObject({ src: a.id });
    await refused(bob, alice, b.id, a.id, [answer(a.id)]);
    alice.close();
    bob.close();
    carol.close();
  });

  it('[SIG-HS-2] an OFFER that waited in the queue can be answered', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    await connectAndLeave(b);
    await sendInOrder(a.id, [offer(b.id)]);
    const bob = await connectAs(b);
    await bob.takeType('OFFER');
    bob.send(answer(a.id));
    expect(await alice.takeType('ANSWER')).toMatchObject({ src: b.id });
    alice.close();
    bob.close();
  });

  it('[SIG-HS-3] 32 CANDIDATEs per side and connection pass; the 33rd is refused', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const burst = Array.from({ length: MAX_CANDIDATES_PER_SIDE }, (_, i) => candidate(b.id, i));
    await sendInOrder(a.id, [offer(b.id), ...burst]);
    await bob.takeType('OFFER');
    for (let i = 0; i < MAX_CANDIDATES_PER_SIDE; i++) await bob.takeType('CANDIDATE');
    await refused(alice, bob, a.id, b.id, [candidate(b.id, 99)]);
    alice.close();
    bob.close();
  });

  it('[SIG-PAY-7] unknown fields are dropped: the recipient gets only the known ones', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const junk = { junk: 'x'.repeat(1000), originator: true, browser: 'evil', _stream: 1 };
    const stock = offerPayload({ metadata: { call: 'c1' } });
    alice.send({
      type: 'OFFER',
      dst: b.id,
      payload: { ...stock, ...junk, sdp: { type: 'offer', sdp: TEST_SDP, extra: 1 } },
    });
    expect(await bob.takeType('OFFER')).toEqual({
      type: 'OFFER',
      src: a.id,
      dst: b.id,
      payload: stock,
    });
    const line = (candidate(a.id, 3) as { payload: Record<string, unknown> }).payload;
    const init = line.candidate as Record<string, unknown>;
    bob.send({
      type: 'CANDIDATE',
      dst: a.id,
      payload: { ...line, ...junk, candidate: { ...init, address: '192.0.2.1', port: 9 } },
    });
    expect(await alice.takeType('CANDIDATE')).toEqual({
      type: 'CANDIDATE',
      src: b.id,
      dst: a.id,
      payload: line,
    });
    bob.send({ ...answer(a.id), payload: { ...answerPayload(), ...junk } });
    expect(await alice.takeType('ANSWER')).toEqual({
      type: 'ANSWER',
      src: b.id,
      dst: a.id,
      payload: answerPayload(),
    });
    alice.close();
    bob.close();
  });
});
