// The recipient budget ([SIG-HYG-7]): new recipients per id, and recipients nobody was at, on
// the real worker and real local Durable Objects; the ledger's arithmetic is tested pure.
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { base32Encode } from '../../src/lib/base32';
import { PeerObject } from '../peerObject';
import {
  ABSENT_HOLD_MS,
  MAX_KNOWN_RECIPIENTS,
  NEW_RECIPIENT_BUCKET,
  RecipientLedger,
} from '../recipients';
import { readSocketState } from '../session';
import { TURN_BUCKET } from '../turnAllowance';
import {
  answerPayload,
  candidate,
  connectAs,
  makeIdentity,
  marked,
  markOf,
  offer,
  sendInOrder,
  type Frame,
  type TestClient,
} from './helpers';

/**
 * Tokens that may refill while a step runs (one a second; the local runtime's clock moves even
 * inside one call): this many more strangers go first, so the bucket is dry when it matters.
 */
const REFILL_MARGIN = 5;

/** Ids no socket ever held, shared by the tests: each sender meets them as new recipients. */
const STRANGERS = Array.from({ length: 16 }, () =>
  base32Encode(crypto.getRandomValues(new Uint8Array(20))),
);

/** OFFERs to strangers `from`…`to` (exclusive): each takes a token while there are some. */
function strangerOffers(from: number, to: number): unknown[] {
  return STRANGERS.slice(from, to).map((id) => offer(id));
}

/** The socket that holds the id in an object's state. */
function liveSocket(state: DurableObjectState): WebSocket {
  const ws = state.getWebSockets().find((socket) => {
    const socketState = readSocketState(socket.deserializeAttachment());
    return socketState !== null && !socketState.retired;
  });
  if (!ws) throw new Error('no live socket');
  return ws;
}

/** Rewrite the live socket's saved budgets: `tokens` new recipients left, `/turn` full. */
async function saveBudgets(id: string, tokens: number): Promise<void> {
  await runInDurableObject(env.PEERS.getByName(id), (_instance, state) => {
    const ws = liveSocket(state);
    const socketState = readSocketState(ws.deserializeAttachment())!;
    const now = Date.now();
    const budgets = {
      recipients: { tokens, updatedAt: now },
      turn: { tokens: TURN_BUCKET.capacity, updatedAt: now },
    };
    ws.serializeAttachment({ ...socketState, budgets });
  });
}

/** The next EXPIRE `client` gets on behalf of `absent`. */
function expireFrom(client: TestClient, absent: string): Promise<unknown> {
  return client.take((r) => r.json?.type === 'EXPIRE' && r.json.src === absent);
}

/** The frames `client` got from `src`, in order, until one carries `mark` (which ends the list). */
async function framesUntil(client: TestClient, src: string, mark: string): Promise<Frame[]> {
  const seen: Frame[] = [];
  for (;;) {
    const frame = (await client.take((r) => r.json?.src === src)).json!;
    seen.push(frame);
    if (markOf(frame) === mark) return seen;
  }
}

describe('the recipient ledger (pure)', () => {
  it('[SIG-HYG-7] 256 new recipients at once, then one a second; known ones are free', () => {
    const ledger = new RecipientLedger(0);
    for (let i = 0; i < NEW_RECIPIENT_BUCKET.capacity; i++) {
      expect(ledger.admit('OFFER', `p${i}`, 0)).toBe('new');
    }
    expect(ledger.admit('OFFER', 'late', 0)).toBe('overBudget');
    expect(ledger.admit('LEAVE', 'late', 0)).toBe('overBudget');
    // Re-dialling is free, and ANSWER / CANDIDATE are never counted ([SIG-HS-1] bounds them).
    expect(ledger.admit('OFFER', 'p0', 0)).toBe('known');
    expect(ledger.admit('ANSWER', 'late', 0)).toBe('known');
    expect(ledger.admit('CANDIDATE', 'late', 0)).toBe('known');
    expect(ledger.admit('OFFER', 'late', 999)).toBe('overBudget');
    expect(ledger.admit('OFFER', 'late', 1_000)).toBe('new');
    expect(ledger.admit('OFFER', 'later', 1_000)).toBe('overBudget');
  });

  it('[SIG-HYG-7] at most 256 are remembered; the least recently used one costs a token again', () => {
    const ledger = new RecipientLedger(0);
    for (let i = 0; i < MAX_KNOWN_RECIPIENTS; i++) ledger.admit('OFFER', `p${i}`, 0);
    // p0 is used again, so p1 is now the least recently used.
    expect(ledger.admit('OFFER', 'p0', 0)).toBe('known');
    expect(ledger.admit('OFFER', 'extra', 1_000)).toBe('new');
    expect(ledger.size).toBe(MAX_KNOWN_RECIPIENTS);
    expect(ledger.admit('OFFER', 'p0', 1_000)).toBe('known');
    expect(ledger.admit('OFFER', 'p1', 1_000)).toBe('overBudget');
  });

  it('[SIG-HYG-7] a recipient nobody was at is held for five minutes, or until it answers', () => {
    const ledger = new RecipientLedger(0);
    expect(ledger.admit('OFFER', 'x', 0)).toBe('new');
    ledger.absent('x', 10);
    expect(ledger.admit('OFFER', 'x', 10 + ABSENT_HOLD_MS - 1)).toBe('absent');
    expect(ledger.admit('LEAVE', 'x', 10 + ABSENT_HOLD_MS - 1)).toBe('absent');
    // The hold stops our OFFERs, not our answers: they are not counted at all.
    expect(ledger.admit('ANSWER', 'x', 10)).toBe('known');
    expect(ledger.admit('OFFER', 'x', 10 + ABSENT_HOLD_MS)).toBe('known');
    ledger.absent('x', 20);
    ledger.reached('x');
    expect(ledger.admit('OFFER', 'x', 30)).toBe('known');
    // A recipient that is not remembered is not held (it costs a token to come back anyway).
    ledger.absent('never-sent', 0);
    expect(ledger.admit('OFFER', 'never-sent', 0)).toBe('new');
  });

  it('[SIG-HYG-7] a ledger restored from its saved bucket carries on where it was', () => {
    const ledger = new RecipientLedger(0);
    for (let i = 0; i < NEW_RECIPIENT_BUCKET.capacity; i++) ledger.admit('OFFER', `p${i}`, 0);
    const restored = new RecipientLedger(500, ledger.save());
    expect(restored.admit('OFFER', 'q', 500)).toBe('overBudget');
    expect(restored.admit('OFFER', 'q', 1_000)).toBe('new');
  });
});

describe('the recipient budget on real objects', () => {
  it('[SIG-HYG-7] over the budget an OFFER stops at the sender with EXPIRE, known ones still pass, and a hibernation does not refill it', async () => {
    const [a, b, c] = await Promise.all([makeIdentity(), makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    const carol = await connectAs(c);
    // Alice's socket carries a bucket with two tokens left, as a hibernating object's would.
    await saveBudgets(a.id, 2);

    // The object as the runtime wakes it after a hibernation: a new instance on the same state,
    // with empty memory and the same sockets. Bob and a stranger take the two tokens (a few more
    // strangers take whatever refills meanwhile), Carol is one too many, and Bob is known by then.
    await runInDurableObject(env.PEERS.getByName(a.id), (_instance, state) => {
      const woken = new PeerObject(state, env);
      const ws = liveSocket(state);
      const frames = [
        marked(b.id, 'first'),
        ...strangerOffers(0, REFILL_MARGIN),
        marked(c.id, 'over'),
        marked(b.id, 'known'),
      ];
      for (const frame of frames) woken.webSocketMessage(ws, JSON.stringify(frame));
    });
    // Carol is there, so her own object would have answered nothing: this EXPIRE is Alice's.
    await expireFrom(alice, c.id);
    expect((await framesUntil(bob, a.id, 'known')).map(markOf)).toEqual(['first', 'known']);

    // The object that kept its memory has tokens: Carol's first frame from Alice is this one.
    alice.send(marked(c.id, 'later'));
    expect((await framesUntil(carol, a.id, 'later')).map(markOf)).toEqual(['later']);
    for (const client of [alice, bob, carol]) client.close();
  });

  it('[SIG-HYG-7] the budget belongs to the id: a new socket carries its level', async () => {
    const a = await makeIdentity();
    const first = await connectAs(a);
    const spent = 10;
    await sendInOrder(a.id, strangerOffers(0, spent));
    first.close();
    await first.closed;
    await connectAs(a);
    const saved = await runInDurableObject(
      env.PEERS.getByName(a.id),
      (_instance, state) => readSocketState(liveSocket(state).deserializeAttachment())?.budgets,
    );
    // What refilled since (one a second) is far less than what was spent.
    expect(saved?.recipients.tokens).toBeLessThan(NEW_RECIPIENT_BUCKET.capacity - spent / 2);
  });

  it('[SIG-HYG-7] an id nobody was at is held: its CANDIDATEs and our OFFERs stop here until it answers', async () => {
    const [a, x] = await Promise.all([makeIdentity(), makeIdentity()]);
    const alice = await connectAs(a);
    // X never held a socket: its object answers EXPIRE, Alice's object holds X and ends the
    // handshake that OFFER opened.
    alice.send(offer(x.id, {}, 'dc_first'));
    await expireFrom(alice, x.id);

    const xClient = await connectAs(x);
    // X is there now, but held: the OFFER gets EXPIRE from Alice's own object, and the
    // CANDIDATE of the ended handshake is dropped.
    await sendInOrder(a.id, [marked(x.id, 'held', 'dc_held'), candidate(x.id, 1, 'dc_first')]);
    await expireFrom(alice, x.id);

    // X dials Alice; her ANSWER passes whatever the hold, and lifts it.
    xClient.send(offer(a.id, {}, 'dc_x'));
    await alice.takeType('OFFER');
    alice.send({ type: 'ANSWER', dst: x.id, payload: answerPayload({}, 'dc_x') });
    alice.send(marked(x.id, 'lifted', 'dc_lifted'));
    // In order from Alice: the ANSWER, then the OFFER after the lift; nothing held came through.
    const frames = await framesUntil(xClient, a.id, 'lifted');
    expect(frames.map((f) => f.type)).toEqual(['ANSWER', 'OFFER']);
    alice.close();
    xClient.close();
  });
});
