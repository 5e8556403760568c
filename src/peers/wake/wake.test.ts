// The wake engine's pacing, the HTTP client's requests, and the directory the service worker
// reads ([WAKE-5], [WAKE-10], [WAKE-14], [WAKE-15]).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureConv } from '../../db/convsRepo';
import { PlumeDatabase } from '../../db/db';
import { changePerson } from '../../db/peopleRepo';
import { listWakeEntries, readWakeEntry } from '../../db/wakeDirectory';
import { updateWakePreference } from '../../db/wakeRepo';
import { directConversationId } from '../../lib/convId';
import type { PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import type { PersonRecord } from '../../lib/people';
import { createReachToken, reachHash, type ReachToken } from '../../lib/reach';
import type { WakeKind } from '../../lib/wakeProtocol';
import { newPerson } from '../friends/records';
import { randomPeerId } from '../memory/MemoryHub';
import { FakeEnvironment, flush } from '../testing/fakeEnvironment';
import { WakeDirectoryKeeper, wakeEntries } from './directory';
import { HttpWakeService, type WakeOutcome, type WakeResult, type WakeService } from './service';
import { WAKE_GRACE_MS, WAKE_MIN_INTERVAL_MS, WAKE_QUIET_MS, WakeEngine } from './WakeEngine';

let db: PlumeDatabase;
let cleanup: (() => void)[] = [];
beforeEach(() => {
  db = new PlumeDatabase(`test-wake-${crypto.randomUUID()}`);
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  db.close();
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

const ME = randomPeerId();

async function friend(name: string, extra: Partial<PersonRecord> = {}): Promise<PersonRecord> {
  const person: PersonRecord = {
    ...newPerson(randomPeerId(), new Uint8Array(32), name, 'friend', 1),
    reachGiven: createReachToken(),
    reachHeld: createReachToken(),
    ...extra,
  };
  await changePerson(db, person.id, () => ({ person }), 1);
  return person;
}

/** A service answering from a script, recording what it was asked. */
class ScriptedWake implements WakeService {
  readonly asked: { peer: PeerId; token: ReachToken; kind: WakeKind }[] = [];
  next: WakeResult = { outcome: 'sent', retryAfterMs: null };
  wake(peer: PeerId, token: ReachToken, kind: WakeKind): Promise<WakeResult> {
    this.asked.push({ peer, token, kind });
    return Promise.resolve(this.next);
  }
}

function engine(online: Set<PeerId> = new Set()) {
  const env = new FakeEnvironment();
  env.now = 1_800_000_000_000;
  const service = new ScriptedWake();
  const woke: [PeerId, WakeKind, WakeOutcome][] = [];
  const wake = new WakeEngine({
    db,
    service,
    me: ME,
    clock: env,
    now: () => env.now,
    isOnline: (peer) => online.has(peer),
  });
  cleanup.push(wake.on('woke', (...args) => woke.push(args)));
  cleanup.push(() => wake.stop());
  return { env, service, wake, woke, online };
}

/** Let the engine's reads of fake-indexeddb (macrotasks) finish; time itself is fake. */
async function settled(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('the wake engine', () => {
  it('[WAKE-14] wakes an offline friend after the grace, once per 2 minutes, with their token', async () => {
    const bob = await friend('Bob');
    const { env, service, wake } = engine();
    wake.want(bob.id);
    wake.want(bob.id);
    await env.advance(WAKE_GRACE_MS);
    await settled();
    expect(service.asked).toEqual([{ peer: bob.id, token: bob.reachHeld, kind: 'message' }]);
    wake.want(bob.id);
    await env.advance(WAKE_GRACE_MS);
    await settled();
    expect(service.asked).toHaveLength(1);
    await env.advance(WAKE_MIN_INTERVAL_MS);
    wake.want(bob.id);
    await env.advance(WAKE_GRACE_MS);
    await settled();
    expect(service.asked).toHaveLength(2);
  });

  it('[WAKE-14] a call waiting in line makes the wake a call’s; wakeNow asks at once', async () => {
    const [bob, carol] = await Promise.all([friend('Bob'), friend('Carol')]);
    const { env, service, wake } = engine();
    wake.want(bob.id, 'message');
    wake.want(bob.id, 'call');
    await env.advance(WAKE_GRACE_MS);
    await settled();
    expect(service.asked.map((a) => a.kind)).toEqual(['call']);
    expect(await wake.wakeNow(carol.id, 'call')).toBe('sent');
    expect(service.asked.at(-1)).toMatchObject({ peer: carol.id, kind: 'call' });
  });

  it('[WAKE-14] nobody online, blocked, removed or without a token is woken', async () => {
    const online = await friend('Online');
    const blocked = await friend('Blocked', { blocked: true });
    const removed = await friend('Removed', { state: 'removed' });
    const tokenless = await friend('Tokenless', { reachHeld: undefined });
    const { env, service, wake } = engine(new Set([online.id]));
    for (const p of [online, blocked, removed, tokenless]) wake.want(p.id);
    await env.advance(WAKE_GRACE_MS);
    await settled();
    expect(await wake.wakeNow(blocked.id, 'call')).toBeNull();
    expect(service.asked).toEqual([]);
  });

  it('[WAKE-14] honours a longer Retry-After; leaves a friend who cannot be woken alone for an hour', async () => {
    const [bob, carol] = await Promise.all([friend('Bob'), friend('Carol')]);
    const { env, service, wake } = engine();
    service.next = { outcome: 'rateLimited', retryAfterMs: 10 * 60_000 };
    await wake.wakeNow(bob.id, 'message');
    env.now += WAKE_MIN_INTERVAL_MS;
    expect(await wake.wakeNow(bob.id, 'message')).toBeNull();
    env.now += 10 * 60_000;
    service.next = { outcome: 'noSubscription', retryAfterMs: null };
    expect(await wake.wakeNow(bob.id, 'message')).toBe('noSubscription');
    env.now += WAKE_QUIET_MS - 1;
    expect(await wake.wakeNow(bob.id, 'message')).toBeNull();
    env.now += 1;
    expect(await wake.wakeNow(bob.id, 'message')).toBe('noSubscription');
    // A server without wake quiets everyone.
    service.next = { outcome: 'notConfigured', retryAfterMs: null };
    expect(await wake.wakeNow(carol.id, 'message')).toBe('notConfigured');
    env.now += WAKE_QUIET_MS + 1;
    expect(service.asked).toHaveLength(4);
  });

  it('[WAKE-14] considers a chat with our events its peer lacks, and only that', async () => {
    const bob = await friend('Bob');
    const { env, service, wake } = engine();
    const conv = directConversationId(ME, bob.id);
    await ensureConv(db, { conv, peer: bob.id, members: [ME, bob.id] }, 1);
    await wake.consider(conv);
    await env.advance(WAKE_GRACE_MS);
    await settled();
    expect(service.asked).toEqual([]);
    await db.convs.update(conv, { vv: { [ME]: 2 }, deliveredSeq: 1 });
    await wake.sweep();
    await env.advance(WAKE_GRACE_MS);
    await settled();
    expect(service.asked).toHaveLength(1);
  });
});

describe('the HTTP client', () => {
  function client(answer: (url: string, init: RequestInit) => Response) {
    const seen: { url: string; init: RequestInit }[] = [];
    const service = new HttpWakeService({
      origin: 'https://plume.test',
      id: ME,
      signToken: () => Promise.resolve('1.signed.token'),
      fetch: (input, init) => {
        const url = input instanceof Request ? input.url : input.toString();
        seen.push({ url, init: init ?? {} });
        return Promise.resolve(answer(url, init ?? {}));
      },
    });
    return { service, seen };
  }
  const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers });

  it('[WAKE-5] POST /wake carries exactly {id, token, kind} and no signed token', async () => {
    const { service, seen } = client(() => json({ status: 'sent' }, 202));
    const token = createReachToken();
    expect(await service.wake(ME, token, 'call')).toEqual({ outcome: 'sent', retryAfterMs: null });
    expect(seen[0]!.url).toBe('https://plume.test/wake');
    expect(seen[0]!.init.method).toBe('POST');
    expect(JSON.parse(seen[0]!.init.body as string)).toEqual({ id: ME, token, kind: 'call' });
    expect(new Headers(seen[0]!.init.headers).has('Authorization')).toBe(false);
    expect(seen[0]!.init.cache).toBe('no-store');
  });

  it('[WAKE-5] error bodies become outcomes; Retry-After is read; a network failure is failed', async () => {
    const cases: [Response, WakeOutcome, number | null][] = [
      [json({ error: 'unknownToken' }, 403), 'unknownToken', null],
      [json({ error: 'noSubscription' }, 404), 'noSubscription', null],
      [json({ error: 'rateLimited' }, 429, { 'Retry-After': '90' }), 'rateLimited', 90_000],
      [json({ error: 'notConfigured' }, 503), 'notConfigured', null],
      [json({ error: 'pushFailed' }, 502), 'failed', null],
      [new Response('<html>', { status: 500 }), 'failed', null],
    ];
    for (const [response, outcome, retry] of cases) {
      const { service } = client(() => response);
      expect(await service.wake(ME, createReachToken(), 'message')).toEqual({
        outcome,
        retryAfterMs: retry,
      });
    }
    const broken = new HttpWakeService({
      origin: 'https://plume.test',
      id: ME,
      signToken: () => Promise.resolve('t'),
      fetch: () => Promise.reject(new TypeError('offline')),
    });
    expect((await broken.wake(ME, createReachToken(), 'message')).outcome).toBe('failed');
  });

  it('[WAKE-3][WAKE-4] registering and removing sign a fresh token and name our id', async () => {
    const { service, seen } = client((url, init) =>
      init.method === 'PUT'
        ? new Response(null, { status: 204 })
        : new Response(null, { status: 204 }),
    );
    expect(await service.register({ endpoint: 'https://fcm.googleapis.com/x' })).toBe('ok');
    expect(await service.unregister()).toBe(true);
    for (const { url, init } of seen) {
      expect(url).toBe(`https://plume.test/wake/subscription?id=${ME}`);
      expect(new Headers(init.headers).get('Authorization')).toBe('Bearer 1.signed.token');
    }
    expect(seen.map((s) => s.init.method)).toEqual(['PUT', 'DELETE']);
    const { service: early } = client(() => json({ error: 'noSocket' }, 409));
    expect(await early.register({})).toBe('noSocket');
  });

  it('[WAKE-2] the public key, or null when wake is not offered', async () => {
    const key = `B${'A'.repeat(86)}`;
    expect(await client(() => json({ publicKey: key }, 200)).service.publicKey()).toBe(key);
    expect(
      await client(() => json({ error: 'notConfigured' }, 503)).service.publicKey(),
    ).toBeNull();
    expect(await client(() => json({ publicKey: 'short' }, 200)).service.publicKey()).toBeNull();
  });
});

describe('the wake directory', () => {
  it('[WAKE-10] one entry per friend who may wake us: the slot of our token, their name, our chat', async () => {
    const bob = await friend('Bob');
    const carol = await friend('Carol', { remark: 'Aunt Carol' });
    const blocked = await friend('Mallory', { blocked: true });
    const entries = await wakeEntries([bob, carol, blocked], ME);
    expect(entries).toHaveLength(2);
    expect(entries).toContainEqual({
      slot: await reachHash(bob.reachGiven!),
      name: 'Bob',
      conv: directConversationId(ME, bob.id),
    });
    expect(entries.find((e) => e.conv === directConversationId(ME, carol.id))?.name).toBe(
      'Aunt Carol',
    );
  });

  it('[WAKE-15] written while wake is on, cleared when it is turned off', async () => {
    const name = `test-wake-dir-${crypto.randomUUID()}`;
    const bob = await friend('Bob');
    const keeper = new WakeDirectoryKeeper({ db, me: ME, directory: name });
    await keeper.refresh();
    expect(await listWakeEntries(name)).toEqual([]);
    await updateWakePreference(db, { choice: 'on' });
    await keeper.refresh();
    const slot = await reachHash(bob.reachGiven!);
    expect((await readWakeEntry(slot, name))?.name).toBe('Bob');
    // Unfriended: their slot leaves the directory.
    await changePerson(
      db,
      bob.id,
      (p) => (p ? { person: { ...p, state: 'removed' } } : undefined),
      2,
    );
    await keeper.refresh();
    expect(await readWakeEntry(slot, name)).toBeNull();
    await friend('Carol');
    await keeper.refresh();
    expect(await listWakeEntries(name)).toHaveLength(1);
    await updateWakePreference(db, { choice: 'off' });
    await keeper.refresh();
    expect(await listWakeEntries(name)).toEqual([]);
  });
});
