// Payload shapes ([SIG-PAY-*]): the pure checks, then the same rules over real sockets.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { parseClientFrame } from '../frames';
import {
  candidateProblem,
  isConnectionId,
  isSerializationName,
  MAX_CANDIDATE_CHARS,
  MAX_LABEL_CHARS,
  MAX_METADATA_CHARS,
  MAX_PAYLOAD_CHARS,
  MAX_SDP_CHARS,
  payloadProblem,
  relayPayload,
  sdpProblem,
} from '../../src/lib/signalingPayloads';
import {
  answerPayload,
  candidate,
  connectAs,
  makeIdentity,
  marked,
  markOf,
  offer,
  offerPayload,
  openSocket,
  sendInOrder,
  TEST_SDP,
  withEnv,
  type TestClient,
} from './helpers';

/** A CANDIDATE payload as the stock client sends it (from the shared helper). */
function candidatePayload(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(candidate('x', 1) as { payload: Record<string, unknown> }).payload, ...extra };
}

/** `{candidate: {...}}` with the candidate init's fields replaced. */
function withCandidate(init: unknown): Record<string, unknown> {
  return candidatePayload({ candidate: init });
}

/** A `payload.sdp` object. */
function sdp(type: string, body: unknown = TEST_SDP): Record<string, unknown> {
  return { type, sdp: body };
}

/** A candidate with `sdpMLineIndex` set to `index`. */
function withIndex(index: unknown): Record<string, unknown> {
  return withCandidate({ candidate: ICE, sdpMid: '0', sdpMLineIndex: index });
}

const ICE = 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host';
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

type Checked = 'OFFER' | 'ANSWER' | 'CANDIDATE';

/** Every refused shape: [spec id and label, frame type, payload, part of the ERROR msg]. */
const REFUSED: [string, Checked, unknown, string][] = [
  ['[SIG-PAY-1] missing payload', 'OFFER', undefined, 'payload must be an object'],
  ['[SIG-PAY-1] null payload', 'ANSWER', null, 'payload must be an object'],
  ['[SIG-PAY-1] array payload', 'CANDIDATE', [candidatePayload()], 'payload must be an object'],
  ['[SIG-PAY-1] string payload', 'OFFER', 'v=0', 'payload must be an object'],
  [
    '[SIG-PAY-2] no connectionId',
    'OFFER',
    offerPayload({ connectionId: undefined }),
    'connectionId',
  ],
  [
    '[SIG-PAY-2] no connectionId',
    'ANSWER',
    answerPayload({ connectionId: undefined }),
    'connectionId',
  ],
  [
    '[SIG-PAY-2] no connectionId',
    'CANDIDATE',
    candidatePayload({ connectionId: undefined }),
    'connectionId',
  ],
  ['[SIG-PAY-2] numeric connectionId', 'OFFER', offerPayload({ connectionId: 7 }), 'connectionId'],
  ['[SIG-PAY-2] empty connectionId', 'ANSWER', answerPayload({}, ''), 'connectionId'],
  ['[SIG-PAY-2] 65-char connectionId', 'OFFER', offerPayload({}, 'd'.repeat(65)), 'connectionId'],
  [
    '[SIG-PAY-2] spaced connectionId',
    'CANDIDATE',
    candidatePayload({ connectionId: 'dc 1' }),
    'connectionId',
  ],
  ['[SIG-PAY-2] wrong connection type', 'OFFER', offerPayload({ type: 'video' }), 'payload.type'],
  ['[SIG-PAY-2] no connection type', 'ANSWER', answerPayload({ type: undefined }), 'payload.type'],
  [
    '[SIG-PAY-2] wrong connection type',
    'CANDIDATE',
    candidatePayload({ type: 'DATA' }),
    'payload.type',
  ],
  ['[SIG-PAY-3] bare-string sdp', 'OFFER', offerPayload({ sdp: TEST_SDP }), 'payload.sdp must be'],
  [
    '[SIG-PAY-3] bare-string sdp',
    'ANSWER',
    answerPayload({ sdp: TEST_SDP }),
    'payload.sdp must be',
  ],
  ['[SIG-PAY-3] no sdp', 'OFFER', offerPayload({ sdp: undefined }), 'payload.sdp must be'],
  ['[SIG-PAY-3] answer sdp', 'OFFER', offerPayload({ sdp: sdp('answer') }), '"offer"'],
  ['[SIG-PAY-3] offer sdp', 'ANSWER', answerPayload({ sdp: sdp('offer') }), '"answer"'],
  ['[SIG-PAY-3] pranswer sdp', 'ANSWER', answerPayload({ sdp: sdp('pranswer') }), '"answer"'],
  ['[SIG-PAY-3] numeric sdp body', 'OFFER', offerPayload({ sdp: sdp('offer', 42) }), 'sdp.sdp'],
  ['[SIG-PAY-3] empty sdp body', 'ANSWER', answerPayload({ sdp: sdp('answer', '') }), 'sdp.sdp'],
  [
    '[SIG-PAY-3] oversize sdp',
    'OFFER',
    offerPayload({ sdp: sdp('offer', 'x'.repeat(MAX_SDP_CHARS + 1)) }),
    `exceeds ${MAX_SDP_CHARS}`,
  ],
  ...PROTOTYPE_NAMES.map((name): [string, Checked, unknown, string] => [
    `[SIG-PAY-4] serialization ${name}`,
    'OFFER',
    offerPayload({ serialization: name }),
    'payload.serialization',
  ]),
  [
    '[SIG-PAY-4] data without serialization',
    'OFFER',
    offerPayload({ serialization: undefined }),
    'required',
  ],
  [
    '[SIG-PAY-4] empty serialization',
    'OFFER',
    offerPayload({ serialization: '' }),
    'serialization',
  ],
  [
    '[SIG-PAY-4] long serialization',
    'OFFER',
    offerPayload({ serialization: 's'.repeat(33) }),
    'serialization',
  ],
  [
    '[SIG-PAY-4] numeric serialization',
    'OFFER',
    offerPayload({ serialization: 1 }),
    'serialization',
  ],
  ['[SIG-PAY-5] numeric label', 'OFFER', offerPayload({ label: 42 }), 'payload.label'],
  [
    '[SIG-PAY-5] long label',
    'OFFER',
    offerPayload({ label: 'l'.repeat(MAX_LABEL_CHARS + 1) }),
    'label',
  ],
  ['[SIG-PAY-5] string reliable', 'OFFER', offerPayload({ reliable: 'yes' }), 'payload.reliable'],
  ['[SIG-PAY-6] bare-string candidate', 'CANDIDATE', withCandidate(ICE), 'must be an object'],
  ['[SIG-PAY-6] null candidate', 'CANDIDATE', withCandidate(null), 'must be an object'],
  ['[SIG-PAY-6] no candidate', 'CANDIDATE', withCandidate(undefined), 'must be an object'],
  ['[SIG-PAY-6] numeric line', 'CANDIDATE', withCandidate({ candidate: 1 }), 'candidate.candidate'],
  [
    '[SIG-PAY-6] numeric sdpMid',
    'CANDIDATE',
    withCandidate({ candidate: ICE, sdpMid: 0 }),
    'sdpMid',
  ],
  ['[SIG-PAY-6] sdpMLineIndex -1', 'CANDIDATE', withIndex(-1), 'sdpMLineIndex'],
  ['[SIG-PAY-6] sdpMLineIndex "0"', 'CANDIDATE', withIndex('0'), 'sdpMLineIndex'],
  ['[SIG-PAY-6] sdpMLineIndex 0.5', 'CANDIDATE', withIndex(0.5), 'sdpMLineIndex'],
  [
    '[SIG-PAY-6] numeric usernameFragment',
    'CANDIDATE',
    withCandidate({ candidate: ICE, usernameFragment: 5 }),
    'usernameFragment',
  ],
  [
    '[SIG-PAY-6] oversize candidate',
    'CANDIDATE',
    withCandidate({ candidate: `${ICE} ${'x'.repeat(MAX_CANDIDATE_CHARS)}` }),
    `exceeds ${MAX_CANDIDATE_CHARS}`,
  ],
  [
    '[SIG-PAY-6] candidate line of 512 characters',
    'CANDIDATE',
    withCandidate({ candidate: 'c'.repeat(MAX_CANDIDATE_CHARS) }),
    `exceeds ${MAX_CANDIDATE_CHARS}`,
  ],
  [
    '[SIG-PAY-5] oversize metadata',
    'OFFER',
    offerPayload({ metadata: { pad: 'm'.repeat(MAX_METADATA_CHARS) } }),
    'payload.metadata',
  ],
  [
    '[SIG-PAY-8] payload over 20 KiB of JSON',
    'OFFER',
    offerPayload({ sdp: sdp('offer', '"'.repeat(MAX_SDP_CHARS)) }),
    `payload exceeds ${MAX_PAYLOAD_CHARS}`,
  ],
];

/** Shapes that must keep relaying: [label, frame type, payload]. */
const ACCEPTED: [string, Checked, Record<string, unknown>][] = [
  [
    'stock data OFFER',
    'OFFER',
    offerPayload({ metadata: { purpose: 'chat', n: [1, { x: null }] } }),
  ],
  ['custom serializer name', 'OFFER', offerPayload({ serialization: 'nope' })],
  ['binary-utf8 serializer', 'OFFER', offerPayload({ serialization: 'binary-utf8' })],
  [
    'stock media OFFER (no label, reliable, serialization)',
    'OFFER',
    {
      sdp: { type: 'offer', sdp: TEST_SDP },
      type: 'media',
      connectionId: 'mc_k3j2h1',
      metadata: 'hi',
    },
  ],
  [
    'sdp of exactly the cap',
    'OFFER',
    offerPayload({ sdp: { type: 'offer', sdp: 'x'.repeat(MAX_SDP_CHARS) } }),
  ],
  ['label of exactly the cap', 'OFFER', offerPayload({ label: 'l'.repeat(MAX_LABEL_CHARS) })],
  ['stock ANSWER', 'ANSWER', answerPayload()],
  ['media ANSWER', 'ANSWER', answerPayload({ type: 'media' }, 'mc_1')],
  ['stock CANDIDATE', 'CANDIDATE', candidatePayload()],
  [
    'toJSON() CANDIDATE',
    'CANDIDATE',
    withCandidate({ candidate: ICE, sdpMid: null, sdpMLineIndex: 1, usernameFragment: 'aB3d' }),
  ],
  ['CANDIDATE with only the line', 'CANDIDATE', withCandidate({ candidate: ICE })],
  [
    'end-of-candidates',
    'CANDIDATE',
    withCandidate({ candidate: '', sdpMid: '0', usernameFragment: null }),
  ],
];

describe('payload checks (pure)', () => {
  it.each(REFUSED)('%s: refused in %s', (_label, type, payload, why) => {
    expect(payloadProblem(type, payload)).toContain(why);
  });

  it.each(ACCEPTED)('[SIG-PAY-1] accepts %s in %s', (_label, type, payload) => {
    expect(payloadProblem(type, payload)).toBeNull();
  });

  it('[SIG-PAY-1] LEAVE and unknown types are not checked', () => {
    expect(payloadProblem('LEAVE', undefined)).toBeNull();
    expect(payloadProblem('LEAVE', 'anything')).toBeNull();
  });

  it('[SIG-PAY-2] connection ids: what peerjs generates, within 1-64 of A-Z a-z 0-9 _ -', () => {
    for (const id of ['dc_', 'dc_k3j2h1x9q', 'mc_0', 'a', 'A-b_C'.padEnd(64, 'z')]) {
      expect(isConnectionId(id), id).toBe(true);
    }
    for (const id of ['', 'd'.repeat(65), 'dc 1', 'dc.1', 'dc_é', 7, null, undefined]) {
      expect(isConnectionId(id), String(id)).toBe(false);
    }
  });

  it('[SIG-PAY-3] sdp: an object with the right type and a bounded string body', () => {
    expect(sdpProblem({ type: 'offer', sdp: TEST_SDP }, 'offer')).toBeNull();
    expect(sdpProblem({ type: 'answer', sdp: TEST_SDP, extra: 1 }, 'answer')).toBeNull();
    expect(sdpProblem([TEST_SDP], 'offer')).toContain('object');
    expect(sdpProblem({ type: 'rollback', sdp: TEST_SDP }, 'offer')).toContain('"offer"');
  });

  it('[SIG-PAY-4] serialization: short identifiers, never an Object.prototype name', () => {
    for (const name of ['raw', 'json', 'binary', 'binary-utf8', 'default', 'nope', 'My_codec-2']) {
      expect(isSerializationName(name), name).toBe(true);
    }
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      expect(isSerializationName(name), name).toBe(false);
    }
    for (const name of ['', '1raw', '-raw', 's'.repeat(33), 'a b', 'raw\n', 7, null]) {
      expect(isSerializationName(name), String(name)).toBe(false);
    }
  });

  it('[SIG-PAY-6] candidate: RTCIceCandidateInit fields and a bounded size', () => {
    expect(candidateProblem({ candidate: ICE, sdpMid: '0', sdpMLineIndex: 0 })).toBeNull();
    expect(candidateProblem({ candidate: ICE, sdpMLineIndex: 0xffff })).toBeNull();
    expect(candidateProblem({ candidate: ICE, sdpMLineIndex: 0x10000 })).toContain('sdpMLineIndex');
    expect(candidateProblem([ICE])).toContain('object');
    // Only the known fields are measured and relayed: deep junk beside them is dropped.
    const deep = JSON.parse(
      `{"candidate":"x","d":${'['.repeat(3000)}${']'.repeat(3000)}}`,
    ) as unknown;
    expect(candidateProblem(deep)).toBeNull();
    expect(relayPayload('CANDIDATE', withCandidate(deep))).toEqual({
      ok: true,
      payload: { candidate: { candidate: 'x' }, type: 'data', connectionId: 'dc_test' },
    });
    // 512 characters of JSON at most: a line of 450 passes with sdpMid and sdpMLineIndex.
    expect(
      candidateProblem({ candidate: 'c'.repeat(450), sdpMid: '0', sdpMLineIndex: 0 }),
    ).toBeNull();
  });

  it('[SIG-PAY-1] parse: a bad payload is an ERROR badPayload naming the type and field', () => {
    const text = JSON.stringify({
      type: 'OFFER',
      dst: 'bob',
      payload: offerPayload({ sdp: 'v=0' }),
    });
    expect(parseClientFrame(text, (dst) => dst === 'bob')).toEqual({
      kind: 'error',
      reason: 'badPayload',
      msg: 'OFFER payload.sdp must be an object {type, sdp}',
    });
    // dst is checked first: a frame for nobody is badDst whatever it carries.
    expect(parseClientFrame('{"type":"OFFER","dst":"eve"}', (dst) => dst === 'bob')).toEqual({
      kind: 'error',
      reason: 'badDst',
    });
  });
});

/**
 * Hand `bad` and then a marked good OFFER to Alice's object in order, and check that Alice gets
 * ERROR badPayload and Bob's next frame is the good one: the bad frame never reached him.
 */
async function refusedThenGood(
  alice: TestClient,
  bob: TestClient,
  from: string,
  to: string,
  bad: unknown,
  why: string,
): Promise<void> {
  const mark = crypto.randomUUID();
  await sendInOrder(from, [bad, marked(to, mark)]);
  const error = await alice.takeType('ERROR');
  expect(error.payload?.reason).toBe('badPayload');
  expect(error.payload?.msg).toContain(why);
  const next = await bob.take();
  expect(markOf(next.json), `bob got ${next.raw.slice(0, 120)}`).toBe(mark);
  expect(alice.closeInfo).toBeNull();
}

describe('payload checks over sockets', () => {
  it('[SIG-PAY-1] [SIG-PAY-2] [SIG-PAY-3] [SIG-PAY-4] [SIG-PAY-5] [SIG-PAY-6] every refused shape gets ERROR badPayload, never reaches dst, socket stays open', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    for (const [label, type, payload, why] of REFUSED) {
      const bad = { type, dst: b.id, payload };
      await refusedThenGood(alice, bob, a.id, b.id, bad, why).catch((err: unknown) => {
        throw new Error(`${label} (${type}): ${String(err)}`);
      });
    }
    expect(alice.inbox).toEqual([]);
    expect(bob.inbox).toEqual([]);
    alice.close();
    bob.close();
  });

  it('[SIG-PAY-1] [SIG-PAY-2] [SIG-PAY-3] [SIG-PAY-4] [SIG-PAY-5] [SIG-PAY-6] [SIG-PAY-7] every accepted shape (stock OFFER, ANSWER, CANDIDATE) relays whole', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    for (const [label, type, payload] of ACCEPTED) {
      if (type === 'ANSWER') {
        // An ANSWER needs Bob's OFFER first ([SIG-HS-2]).
        bob.send(offer(a.id, {}, payload.connectionId as string));
        await alice.takeType('OFFER');
      }
      await sendInOrder(a.id, [{ type, dst: b.id, payload }]);
      const got = await bob.take();
      expect(got.json, label).toEqual({ type, src: a.id, dst: b.id, payload });
    }
    expect(alice.inbox).toEqual([]);
    expect(alice.closeInfo).toBeNull();
    alice.close();
    bob.close();
  });

  it('[SIG-PAY-4] open mode (OPEN_IDS=1): custom serializers relay, prototype names do not', async () => {
    const open = withEnv(env, { OPEN_IDS: '1' });
    const alice = await openSocket({ id: 'pay-alice', token: 't' }, open);
    const bob = await openSocket({ id: 'pay-bob', token: 't' }, open);
    await Promise.all([alice.takeType('OPEN'), bob.takeType('OPEN')]);
    alice.send(offer('pay-bob', { serialization: 'nope' }));
    expect(await bob.takeType('OFFER')).toMatchObject({
      src: 'pay-alice',
      payload: { serialization: 'nope' },
    });
    for (const name of PROTOTYPE_NAMES) {
      const bad = offer('pay-bob', { serialization: name });
      await refusedThenGood(alice, bob, 'pay-alice', 'pay-bob', bad, 'payload.serialization');
    }
    alice.close();
    bob.close();
  });
});
