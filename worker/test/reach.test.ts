// Reach tokens ([SIG-REACH-*]): the gate, the trickle and the recipient's budget, pure with an
// injected clock, then over sockets on real local Durable Objects.
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import {
  createReachToken,
  inviteReachToken,
  MAX_REACH_HASHES,
  reachHash,
  type ReachHash,
} from '../../src/lib/reach';
import { readConfig } from '../env';
import { parseClientFrame, SignalError } from '../frames';
import { HandshakeTable, MAX_CANDIDATES_PER_SIDE } from '../handshakes';
import type { OutboxItem } from '../outbox';
import { HELD_KEY, PeerStorage } from '../peerStorage';
import {
  MAX_NEW_STRANGERS,
  NEW_STRANGER_WINDOW_MS,
  ReachGate,
  reachHashesOf,
  STRANGER_FRAME_BUCKET,
  StrangerBudget,
  TRICKLE_BURST,
  TRICKLE_INTERVAL_MS,
} from '../reach';
import { REACH_KEY, ReachSet } from '../reachSet';
import {
  answerPayload,
  candidate,
  connectAndLeave,
  connectAs,
  FRIEND_TOKEN,
  handshakes,
  makeIdentity,
  marked,
  markOf,
  offer,
  openSocket,
  reachFrame,
  register,
  sendInOrder,
  storageOf,
  untilAway,
  withEnv,
  type TestClient,
} from './helpers';

const TTL = readConfig(env).queueTtlMs;
const FRAMES = STRANGER_FRAME_BUCKET.capacity;

/** An OFFER whose metadata carries `mark` and no reach token. */
const strangerOffer = (dst: string, mark: unknown) =>
  offer(dst, { metadata: { mark } }, `dc_s${String(mark)}`);

/** An OFFER whose metadata carries `mark` and `token`. */
const tokenOffer = (dst: string, token: string, mark: unknown) =>
  offer(dst, { metadata: { mark, reach: token } }, `dc_t${String(mark)}`);

const two = () => Promise.all([makeIdentity(), makeIdentity()]);
const three = () => Promise.all([makeIdentity(), makeIdentity(), makeIdentity()]);

/** The marks of the next `n` frames `client` receives. */
async function nextMarks(client: TestClient, n: number): Promise<unknown[]> {
  const marks: unknown[] = [];
  for (let i = 0; i < n; i++) marks.push(markOf((await client.take()).json));
  return marks;
}

/** `from` sends a marked OFFER with `token`; it is `to`'s next frame (nothing else came first). */
async function nothingElseReached(
  to: TestClient,
  from: string,
  dst: string,
  token = FRIEND_TOKEN,
): Promise<void> {
  const mark = crypto.randomUUID();
  await sendInOrder(from, [tokenOffer(dst, token, mark)]);
  const next = await to.take();
  expect(markOf(next.json), `got ${next.raw.slice(0, 120)}`).toBe(mark);
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe('reach gate (pure, injected clock)', () => {
  it('[SIG-REACH-4] the trickle: 4 OFFERs at once, then one every 15 s; a refused OFFER costs nothing', () => {
    const budget = new StrangerBudget(0);
    for (let i = 0; i < TRICKLE_BURST; i++) expect(budget.take('s', true, 0)).toBe(true);
    expect(budget.take('s', true, 0)).toBe(false);
    expect(budget.take('s', true, TRICKLE_INTERVAL_MS)).toBe(true);
    expect(budget.take('s', true, TRICKLE_INTERVAL_MS)).toBe(false);
    const early = new StrangerBudget(0);
    for (let i = 0; i < TRICKLE_BURST; i++) early.take('s', true, 0);
    expect(early.take('s', true, TRICKLE_INTERVAL_MS - 1)).toBe(false);
    // Frames other than OFFERs do not use the trickle.
    expect(early.take('s', false, TRICKLE_INTERVAL_MS - 1)).toBe(true);
    // An OFFER every second for an hour: one in 15 s gets through, the refused ones cost nothing.
    const hour = 3_600_000;
    let passed = 0;
    for (let t = TRICKLE_INTERVAL_MS + 1_000; t <= hour; t += 1_000) {
      if (budget.take('s', true, t)) passed++;
    }
    // (The bucket's refill adds fractions, so a boundary may fall a tick late.)
    expect(passed).toBeGreaterThanOrEqual(hour / TRICKLE_INTERVAL_MS - 2);
    expect(passed).toBeLessThanOrEqual(hour / TRICKLE_INTERVAL_MS - 1);
    const quiet = hour + TRICKLE_BURST * TRICKLE_INTERVAL_MS + NEW_STRANGER_WINDOW_MS;
    for (let i = 0; i < TRICKLE_BURST; i++) expect(budget.take('s', true, quiet)).toBe(true);
    expect(budget.take('s', true, quiet)).toBe(false);
  });

  it('[SIG-REACH-7] one frame bucket per recipient: 132 at once, 33 per 15 s, trickle OFFERs included', () => {
    const budget = new StrangerBudget(0);
    expect(FRAMES).toBe(TRICKLE_BURST * (1 + MAX_CANDIDATES_PER_SIDE));
    for (let i = 0; i < FRAMES; i++) expect(budget.take('s', false, 0)).toBe(true);
    expect(budget.take('s', false, 0)).toBe(false);
    // With no frames left even a trickle OFFER is refused, and keeps its trickle token.
    expect(budget.take('s', true, 0)).toBe(false);
    const refill = 1 + MAX_CANDIDATES_PER_SIDE;
    for (let i = 0; i < TRICKLE_BURST; i++) {
      expect(budget.take('s', true, TRICKLE_INTERVAL_MS)).toBe(true);
    }
    for (let i = TRICKLE_BURST; i < refill; i++) {
      expect(budget.take('s', false, TRICKLE_INTERVAL_MS)).toBe(true);
    }
    expect(budget.take('s', false, TRICKLE_INTERVAL_MS)).toBe(false);
  });

  it('[SIG-REACH-7] at most 8 new strangers a minute get anything through', () => {
    const budget = new StrangerBudget(0);
    for (let i = 0; i < MAX_NEW_STRANGERS; i++) expect(budget.take(`s${i}`, false, i)).toBe(true);
    expect(budget.take('late', false, 100)).toBe(false);
    // Those let through keep going within their minute.
    expect(budget.take('s0', false, 100)).toBe(true);
    // A minute after the first one came, its place is free again, and only its.
    expect(budget.take('late', false, NEW_STRANGER_WINDOW_MS - 1)).toBe(false);
    expect(budget.take('late', false, NEW_STRANGER_WINDOW_MS)).toBe(true);
    expect(budget.take('later', false, NEW_STRANGER_WINDOW_MS)).toBe(false);
  });

  it('[SIG-REACH-3] [SIG-REACH-7] [SIG-REACH-8] friends pass uncounted: a registered token, its handshake, answers to our own OFFERs; open mode gates nothing', () => {
    const registered = new Set<ReachHash>(['H'.repeat(22)]);
    const table = new HandshakeTable();
    const gate = new ReachGate({
      open: false,
      registered: (hash) => registered.has(hash),
      trustedHandshake: (peer, connectionId, now) => table.isTrusted(peer, connectionId, now),
    });
    const item = (type: string, extra: Partial<OutboxItem> = {}): OutboxItem => ({
      type,
      frame: '{}',
      connectionId: 'dc_1',
      ...extra,
    });
    const friendOffer = item('OFFER', { reachHash: 'H'.repeat(22) });
    // Our own OFFER to bob, and a token OFFER from carol that reached us.
    table.allow('OFFER', 'bob', 'dc_1', 0);
    table.offerReceived('carol', 'dc_1', 0, true);
    table.offerReceived('mallory', 'dc_1', 0, false);
    for (let i = 0; i < 10 * FRAMES; i++) {
      expect(gate.admit('friend', friendOffer, 0)).toBe('friend');
      expect(gate.admit('bob', item('ANSWER'), 0)).toBe('friend');
      expect(gate.admit('bob', item('CANDIDATE'), 0)).toBe('friend');
      expect(gate.admit('carol', item('CANDIDATE'), 0)).toBe('friend');
    }
    // None of that was counted: a stranger still has the whole trickle and bucket.
    const strangerOffer = item('OFFER', { reachHash: 'X'.repeat(22) });
    for (let i = 0; i < TRICKLE_BURST; i++) {
      expect(gate.admit('mallory', strangerOffer, 0)).toBe('stranger');
    }
    expect(gate.admit('mallory', item('OFFER'), 0)).toBe('refused');
    // A stranger's handshake, its LEAVE, and a frame of a handshake nobody opened are counted.
    expect(gate.admit('mallory', item('CANDIDATE'), 0)).toBe('stranger');
    expect(gate.admit('mallory', item('LEAVE', { connectionId: null }), 0)).toBe('stranger');
    expect(gate.admit('mallory', item('ANSWER', { connectionId: 'dc_9' }), 0)).toBe('stranger');
    // The sender's open mode, or our own, lets everything through.
    expect(gate.admit('mallory', item('OFFER', { open: true }), 0)).toBe('friend');
    const open = new ReachGate({
      open: true,
      registered: () => false,
      trustedHandshake: () => false,
    });
    for (let i = 0; i < 10 * FRAMES; i++)
      expect(open.admit(`s${i}`, item('OFFER'), 0)).toBe('friend');
  });

  it('[SIG-REACH-2] REACH: at most 1,024 distinct hashes of 22 base64url characters, else badReach; dropped in open mode', async () => {
    const hash = await reachHash(createReachToken());
    const many = range(MAX_REACH_HASHES + 1).map((i) => String(i).padStart(22, 'A'));
    expect(reachHashesOf({ hashes: [] })).toEqual([]);
    expect(reachHashesOf({ hashes: [hash], other: 1 })).toEqual([hash]);
    expect(reachHashesOf({ hashes: many.slice(1) })).toHaveLength(MAX_REACH_HASHES);
    for (const bad of [
      undefined,
      null,
      [hash],
      { hashes: hash },
      { hashes: [hash, hash] },
      { hashes: [42] },
      { hashes: [`${hash}=`] },
      { hashes: ['a'.repeat(21)] },
      { hashes: ['+'.repeat(22)] },
      { hashes: many },
    ]) {
      expect(reachHashesOf(bad), JSON.stringify(bad)?.slice(0, 60)).toBeNull();
    }
    const valid = () => true;
    const text = (payload: unknown) => JSON.stringify({ type: 'REACH', payload });
    expect(parseClientFrame(text({ hashes: [hash] }), valid)).toEqual({
      kind: 'reach',
      hashes: [hash],
    });
    expect(parseClientFrame(text({ hashes: 'x' }), valid)).toEqual({
      kind: 'error',
      reason: 'badReach',
    });
    expect(parseClientFrame(text({ hashes: 'x' }), valid, true)).toEqual({ kind: 'drop' });
    expect(parseClientFrame(text({ hashes: [hash] }), valid, true)).toEqual({ kind: 'drop' });
  });

  it('[SIG-REACH-2] the stored set is written only when it changes, and read back after a restart', async () => {
    const [h1, h2] = await Promise.all([reachHash('a'.repeat(22)), reachHash('b'.repeat(22))]);
    const scratch = await makeIdentity();
    await runInDurableObject(env.PEERS.getByName(scratch.id), (_instance, state) => {
      const kv = state.storage.kv;
      const writes: string[] = [];
      const counting: SyncKvStorage = {
        get: <T>(key: string) => kv.get<T>(key),
        list: <T>(options?: SyncKvListOptions) => kv.list<T>(options),
        put: <T>(key: string, value: T) => {
          writes.push(`put ${key}`);
          kv.put(key, value);
        },
        delete: (key: string) => {
          writes.push(`delete ${key}`);
          return kv.delete(key);
        },
      };
      const set = new ReachSet(counting);
      expect(set.replace([])).toBe(false);
      expect(set.replace([h1, h2])).toBe(true);
      expect(set.replace([h2, h1])).toBe(false);
      const restarted = new ReachSet(counting);
      expect(restarted.has(h1) && restarted.has(h2)).toBe(true);
      expect(restarted.replace([h1, h2])).toBe(false);
      expect(restarted.replace([h2])).toBe(true);
      expect(restarted.has(h1)).toBe(false);
      expect(restarted.replace([])).toBe(true);
      expect(writes).toEqual([`put ${REACH_KEY}`, `put ${REACH_KEY}`, `delete ${REACH_KEY}`]);
      expect(kv.get(REACH_KEY)).toBeUndefined();
    });
  });

  it('[SIG-REACH-2] [SIG-STORE-2] a wipe keeps the mark and the set while a socket holds the id, and only then', async () => {
    const h1 = await reachHash(createReachToken());
    const scratch = await makeIdentity();
    await runInDurableObject(env.PEERS.getByName(scratch.id), (_instance, state) => {
      const store = new PeerStorage(state.storage);
      store.markHeld();
      store.reach.replace([h1]);
      store.queue.push('src', scratch.id, 'frame', Date.now() + 60_000);
      store.wipe(true);
      expect([...state.storage.kv.list()]).toEqual([
        [HELD_KEY, 1],
        [REACH_KEY, [h1]],
      ]);
      expect(store.queue.empty).toBe(true);
      expect(store.isRegistered(h1)).toBe(true);
      store.wipe(false);
      expect([...state.storage.kv.list()]).toEqual([]);
      expect(store.isRegistered(h1)).toBe(false);
      // A fresh instance reads the same: nothing.
      expect(new PeerStorage(state.storage).isRegistered(h1)).toBe(false);
    });
  });
});

describe('reach gate over sockets', () => {
  it('[SIG-REACH-3] [SIG-REACH-4] OFFERs without a registered token pass only within the trickle; then the sender gets EXPIRE and the recipient nothing', async () => {
    const [v, x, f] = await three();
    const victim = await connectAs(v);
    const attacker = await connectAs(x);
    await connectAs(f);
    const unregistered = createReachToken();
    const flood = range(TRICKLE_BURST + 3).map((i) =>
      i % 2 === 0 ? strangerOffer(v.id, i) : tokenOffer(v.id, unregistered, i),
    );
    await sendInOrder(x.id, flood);
    expect(await attacker.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: v.id, dst: x.id });
    expect(await nextMarks(victim, TRICKLE_BURST)).toEqual(range(TRICKLE_BURST));
    await nothingElseReached(victim, f.id, v.id);
    // Refused quietly otherwise: no ERROR, which the stock client would take as fatal.
    expect(attacker.inbox).toEqual([]);
    expect(attacker.closeInfo).toBeNull();
  });

  it('[SIG-REACH-3] a registered token passes beyond the trickle, to the socket and to the queue', async () => {
    const [v, f] = await two();
    let victim = await connectAs(v);
    const friend = await connectAs(f);
    const count = TRICKLE_BURST * 3;
    await sendInOrder(
      f.id,
      range(count).map((i) => marked(v.id, i, `dc_${i}`)),
    );
    expect(await nextMarks(victim, count)).toEqual(range(count));
    victim.close();
    await victim.closed;
    await untilAway(v.id);
    await sendInOrder(
      f.id,
      range(count, 100).map((i) => marked(v.id, i, `dc_${i}`)),
    );
    victim = await connectAs(v);
    expect(await nextMarks(victim, count)).toEqual(range(count, 100));
    expect(friend.inbox).toEqual([]);
  });

  it('[SIG-REACH-4] to an absent recipient, OFFERs beyond the trickle get EXPIRE at once and are not stored', async () => {
    const [v, x, f] = await three();
    await connectAndLeave(v);
    const attacker = await connectAs(x);
    await connectAs(f);
    const started = Date.now();
    await sendInOrder(
      x.id,
      range(TRICKLE_BURST + 2).map((i) => strangerOffer(v.id, i)),
    );
    expect(await attacker.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: v.id, dst: x.id });
    // Answered by the gate itself, not by an alarm after the queue TTL.
    expect(Date.now() - started).toBeLessThan(TTL);
    const victim = await connectAs(v);
    expect(await nextMarks(victim, TRICKLE_BURST)).toEqual(range(TRICKLE_BURST));
    await nothingElseReached(victim, f.id, v.id);
  });

  it('[SIG-REACH-5] an invite-derived token, registered by its hash, opens the inviter', async () => {
    const [v, r] = await two();
    const token = await inviteReachToken(crypto.getRandomValues(new Uint8Array(32)));
    const inviter = await connectAs(v, undefined, [await reachHash(token)]);
    const redeemer = await connectAs(r);
    const count = TRICKLE_BURST * 2;
    await sendInOrder(
      r.id,
      range(count).map((i) => tokenOffer(v.id, token, i)),
    );
    expect(await nextMarks(inviter, count)).toEqual(range(count));
    expect(redeemer.inbox).toEqual([]);
    // The set holds only the invite's hash: the default test token is a stranger's now.
    await sendInOrder(
      r.id,
      range(TRICKLE_BURST + 1, 100).map((i) => tokenOffer(v.id, FRIEND_TOKEN, i)),
    );
    expect(await redeemer.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: v.id, dst: r.id });
    expect(await nextMarks(inviter, TRICKLE_BURST)).toEqual(range(TRICKLE_BURST, 100));
    await nothingElseReached(inviter, r.id, v.id, token);
  });

  it('[SIG-REACH-6] a token left out of a new REACH falls back to the trickle; the others keep working', async () => {
    const [v, a, b] = await three();
    const [ta, tb] = [createReachToken(), createReachToken()];
    const victim = await connectAs(v, undefined, [await reachHash(ta), await reachHash(tb)]);
    const alice = await connectAs(a);
    await connectAs(b);
    const count = TRICKLE_BURST * 2;
    await sendInOrder(
      a.id,
      range(count).map((i) => tokenOffer(v.id, ta, i)),
    );
    expect(await nextMarks(victim, count)).toEqual(range(count));
    await register(v.id, [await reachHash(tb)]);
    await sendInOrder(
      a.id,
      range(TRICKLE_BURST + 2, 100).map((i) => tokenOffer(v.id, ta, i)),
    );
    expect(await alice.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: v.id, dst: a.id });
    expect(await nextMarks(victim, TRICKLE_BURST)).toEqual(range(TRICKLE_BURST, 100));
    await nothingElseReached(victim, b.id, v.id, tb);
  });

  it('[SIG-REACH-2] a malformed REACH gets ERROR badReach; the socket stays open and the set unchanged', async () => {
    const [v, f] = await two();
    const victim = await connectAs(v);
    await connectAs(f);
    const hash = await reachHash(createReachToken());
    const many = range(MAX_REACH_HASHES + 1).map((i) => String(i).padStart(22, 'A'));
    const bad = [
      { type: 'REACH' },
      { type: 'REACH', payload: [hash] },
      reachFrame(hash),
      reachFrame([hash, hash]),
      reachFrame([hash.slice(1)]),
      reachFrame(many),
    ];
    for (const frame of bad) {
      victim.send(frame);
      expect((await victim.takeType('ERROR')).payload).toEqual({
        msg: SignalError.badReach,
        reason: 'badReach',
      });
    }
    expect(victim.closeInfo).toBeNull();
    const count = TRICKLE_BURST * 2;
    await sendInOrder(
      f.id,
      range(count).map((i) => marked(v.id, i, `dc_${i}`)),
    );
    expect(await nextMarks(victim, count)).toEqual(range(count));
  });

  it('[SIG-REACH-2] [SIG-STORE-2] the set survives the wipe of a queue drained on connect, and an alarm while connected', async () => {
    const [v, f] = await two();
    const hashes = [await reachHash(FRIEND_TOKEN), await reachHash(createReachToken())].sort();
    await connectAs(v, undefined, hashes).then(async (c) => {
      c.close();
      await c.closed;
    });
    await untilAway(v.id);
    const friend = await connectAs(f);
    await sendInOrder(f.id, [marked(v.id, 'queued')]);
    // The relay to the absent victim's object runs after the friend's object took the frame.
    await vi.waitFor(async () => expect((await storageOf(v.id)).tables).toEqual(['pending']));
    // Back without registering again: the drain wipes the queue, not the set.
    const victim = await openSocket({ id: v.id, token: await v.token() });
    await victim.takeType('OPEN');
    expect(markOf((await victim.take()).json)).toBe('queued');
    const read = () =>
      runInDurableObject(env.PEERS.getByName(v.id), (_instance, state) => ({
        kv: [...state.storage.kv.list()],
        tables: state.storage.sql
          .exec<{ name: string }>(`SELECT name FROM sqlite_master WHERE name = 'pending'`)
          .toArray(),
      }));
    expect(await read()).toEqual({
      kv: [
        [HELD_KEY, 1],
        [REACH_KEY, hashes],
      ],
      tables: [],
    });
    // An alarm that finds the queue empty wipes too; a socket holds the id, so the set stays.
    await runInDurableObject(env.PEERS.getByName(v.id), (instance) => instance.alarm());
    expect((await read()).kv).toEqual([
      [HELD_KEY, 1],
      [REACH_KEY, hashes],
    ]);
    const count = TRICKLE_BURST * 2;
    await sendInOrder(
      f.id,
      range(count).map((i) => marked(v.id, i, `dc_${i}`)),
    );
    expect(await nextMarks(victim, count)).toEqual(range(count));
    expect(friend.inbox).toEqual([]);
  });

  it("[SIG-REACH-7] strangers share one budget per recipient and at most 8 new ones a minute; friends' and our own handshakes never count", async () => {
    const [v, f, x] = await three();
    const victim = await connectAs(v);
    await connectAs(f);
    const stranger = await connectAs(x);
    // A friend's handshakes in full, far more frames than the strangers' bucket holds.
    const friendly = handshakes(v.id, FRAMES * 2, 0, MAX_CANDIDATES_PER_SIDE);
    await sendInOrder(f.id, friendly);
    for (let i = 0; i < friendly.length; i++) await victim.take();
    // None was counted: eight new strangers get through, and share the whole bucket.
    const stub = env.PEERS.getByName(v.id);
    const leave = (src: string): OutboxItem => ({
      type: 'LEAVE',
      frame: JSON.stringify({ type: 'LEAVE', src, dst: v.id }),
    });
    for (let i = 0; i < MAX_NEW_STRANGERS; i++) {
      expect(await stub.deliver(v.id, `stranger-${i}`, [leave(`stranger-${i}`)])).toEqual(['sent']);
    }
    expect(await stub.deliver(v.id, 'stranger-late', [leave('stranger-late')])).toEqual([
      'refused',
    ]);
    // The rest of the bucket, in one batch; the bucket refills 2.2 frames a second meanwhile.
    const rest = FRAMES - MAX_NEW_STRANGERS;
    const outcomes = await stub.deliver(
      v.id,
      'stranger-0',
      range(rest + 5).map(() => leave('stranger-0')),
    );
    const sent = outcomes.filter((o) => o === 'sent').length;
    expect(sent).toBeGreaterThanOrEqual(rest);
    expect(sent).toBeLessThan(rest + 5);
    expect(outcomes.slice(sent).every((o) => o === 'refused')).toBe(true);
    for (let i = 0; i < MAX_NEW_STRANGERS + sent; i++) {
      expect((await victim.take()).json?.type).toBe('LEAVE');
    }
    // With the budget spent, a stranger's OFFER is refused…
    await sendInOrder(x.id, [strangerOffer(v.id, 'refused')]);
    expect(await stranger.takeType('EXPIRE')).toEqual({ type: 'EXPIRE', src: v.id, dst: x.id });
    // …but the answer to the victim's own OFFER, and its candidates, still come through.
    await sendInOrder(v.id, [offer(x.id, {}, 'dc_own')]);
    expect((await stranger.takeType('OFFER')).src).toBe(v.id);
    const reply = [
      { type: 'ANSWER', dst: v.id, payload: answerPayload({}, 'dc_own') },
      ...range(MAX_CANDIDATES_PER_SIDE).map((i) => candidate(v.id, i, 'dc_own')),
    ];
    await sendInOrder(x.id, reply);
    expect((await victim.takeType('ANSWER')).src).toBe(x.id);
    for (let i = 0; i < MAX_CANDIDATES_PER_SIDE; i++) {
      expect((await victim.take()).json?.type).toBe('CANDIDATE');
    }
    await nothingElseReached(victim, f.id, v.id);
    expect(stranger.inbox).toEqual([]);
  });

  it('[SIG-REACH-8] open mode: REACH is dropped without a word or a write, and every OFFER passes', async () => {
    const open = withEnv(env, { OPEN_IDS: '1' });
    const [aliceId, bobId] = [`reach-a-${crypto.randomUUID()}`, `reach-b-${crypto.randomUUID()}`];
    const alice = await openSocket({ id: aliceId, token: 't' }, open);
    const bob = await openSocket({ id: bobId, token: 't' }, open);
    await Promise.all([alice.takeType('OPEN'), bob.takeType('OPEN')]);
    await sendInOrder(bobId, [
      reachFrame([await reachHash(FRIEND_TOKEN)]),
      reachFrame('malformed'),
    ]);
    const count = TRICKLE_BURST * 3;
    await sendInOrder(
      aliceId,
      range(count).map((i) => strangerOffer(bobId, i)),
    );
    expect(await nextMarks(bob, count)).toEqual(range(count));
    expect(bob.inbox).toEqual([]);
    expect(alice.inbox).toEqual([]);
    expect((await storageOf(bobId)).kv).toEqual([HELD_KEY]);
    alice.close();
    bob.close();
  });

  it('[SIG-LOG-1] [SIG-REACH-2] no reach token or hash reaches a log line, even when a delivery fails', async () => {
    const spies = (['error', 'warn', 'log', 'info', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => undefined),
    );
    try {
      const [v, f, x] = await three();
      const token = createReachToken();
      const other = createReachToken();
      const hash = await reachHash(token);
      const victim = await connectAs(v, undefined, [hash]);
      await connectAs(f);
      const attacker = await connectAs(x);
      await sendInOrder(f.id, [tokenOffer(v.id, token, 'friend')]);
      expect(await nextMarks(victim, 1)).toEqual(['friend']);
      victim.send(reachFrame([hash, hash, token]));
      await victim.takeType('ERROR');
      await sendInOrder(
        x.id,
        range(TRICKLE_BURST + 1).map((i) => tokenOffer(v.id, other, i)),
      );
      await attacker.takeType('EXPIRE');
      // A fault inside a delivery is logged (so the capture works).
      const outcomes = await env.PEERS.getByName(v.id).deliver(v.id, x.id, [
        null as unknown as OutboxItem,
      ]);
      expect(outcomes).toEqual(['gone']);
      const lines = spies.flatMap((spy) =>
        spy.mock.calls.map((args) => args.map(String).join(' ')),
      );
      expect(lines.some((line) => line.includes('deliver'))).toBe(true);
      for (const line of lines) {
        for (const secret of [token, other, hash]) expect(line).not.toContain(secret);
      }
    } finally {
      vi.restoreAllMocks();
    }
  });
});
