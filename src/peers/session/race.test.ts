import { afterEach, describe, expect, it } from 'vitest';
import type { PeerId } from '../../lib/ids';
import { MemoryHub } from '../memory/MemoryHub';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import { Dialer } from './Dialer';
import { RACE_WINDOW_MS, raceSurvivor } from './race';
import { makeNode, waitFor, type TestNode } from './testing';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function pair(hub: MemoryHub): Promise<[TestNode, TestNode]> {
  const a = await makeNode(hub);
  const b = await makeNode(hub);
  cleanup.push(
    () => a.stop(),
    () => b.stop(),
  );
  return [a, b];
}

const small = 'a'.repeat(32) as PeerId;
const large = 'b'.repeat(32) as PeerId;

describe('[SES-10] one session per peer', () => {
  it('[SES-10] the rule keeps the channel dialled by the smaller id, on both sides', () => {
    // On the smaller side, its own dial is outbound; on the larger side the same channel is inbound.
    const out = (at = 0) => ({ outbound: true, at });
    const inb = (at = 0) => ({ outbound: false, at });
    expect(raceSurvivor(out(), inb(5), small, large)).toBe('existing');
    expect(raceSurvivor(inb(), out(5), small, large)).toBe('incoming');
    expect(raceSurvivor(out(), inb(5), large, small)).toBe('incoming');
    expect(raceSurvivor(inb(), out(5), large, small)).toBe('existing');
    // Same dialler twice: the newer wins.
    expect(raceSurvivor(out(), out(5), small, large)).toBe('incoming');
    expect(raceSurvivor(inb(), inb(5), small, large)).toBe('incoming');
    // Far apart: the old one is a zombie the peer already lost; the newer wins.
    expect(raceSurvivor(out(), inb(RACE_WINDOW_MS + 1), small, large)).toBe('incoming');
  });

  for (const latencyMs of [0, 3]) {
    it(`[SES-10] both dial at once: exactly one session survives on each side (latency ${latencyMs} ms)`, async () => {
      for (let round = 0; round < 3; round++) {
        const hub = new MemoryHub({ latencyMs });
        const [a, b] = await pair(hub);
        a.manager.dial(b.id);
        b.manager.dial(a.id);
        await waitFor(() => a.ups.length > 0 && b.ups.length > 0);
        // The losing channel finishes its handshake and is closed on both sides, and both
        // keep the same one (in between, a side may hold the winner still in its handshake).
        const live = (n: TestNode) => n.transport.channels.filter((c) => c.state !== 'closed');
        const settled = () => {
          const sa = a.manager.session(b.id);
          const sb = b.manager.session(a.id);
          return (
            sa?.authenticated === true &&
            sb?.authenticated === true &&
            sa.channel.id === sb.channel.id &&
            live(a).length === 1 &&
            live(b).length === 1
          );
        };
        await waitFor(settled, 2000, 'one session on one channel');
        const smaller = a.id < b.id ? a : b;
        expect(smaller.manager.session(smaller === a ? b.id : a.id)!.outbound).toBe(true);
        expect(a.downs).toEqual([]);
        expect(b.downs).toEqual([]);
        expect(a.transport.channels.filter((c) => c.state !== 'closed')).toHaveLength(1);
      }
    });
  }

  it('[SES-10] no second dial while a session is live or under way', async () => {
    const hub = new MemoryHub();
    const [a, b] = await pair(hub);
    a.manager.dial(b.id);
    expect(a.manager.dial(b.id)).toBeNull();
    await waitFor(() => a.ups.length === 1);
    expect(a.manager.dial(b.id)).toBeNull();
  });

  it('[SES-10] a peer that restarted replaces our lingering zombie session', async () => {
    const hub = new MemoryHub();
    // A's clock, moved forward by hand instead of waiting out the race window.
    let skew = 0;
    const a = await makeNode(hub, { now: () => Date.now() + skew });
    const b = await makeNode(hub);
    cleanup.push(
      () => a.stop(),
      () => b.stop(),
    );
    a.manager.dial(b.id);
    await waitFor(() => a.ups.length === 1 && b.ups.length === 1);
    const zombie = a.manager.session(b.id)!.channel;
    // B reloads: its new tab takes the id over; A's end of the old channel stays open.
    const b2 = await makeNode(hub, { keys: b.keys });
    cleanup.push(() => b2.stop());
    skew += RACE_WINDOW_MS + 1;
    b2.manager.dial(a.id);
    await waitFor(() => b2.ups.length === 1 && a.ups.length === 2);
    await waitFor(() => zombie.state === 'closed', 2000, 'the zombie closed');
    expect(a.manager.session(b.id)?.channel.id).toBe(b2.manager.session(a.id)?.channel.id);
    expect(a.downs).toEqual([]);
    expect(b2.downs).toEqual([]);
  });
});

describe('[SES-11] dialling and presence', () => {
  it('[SES-11] retries an offline target with backoff until it comes online', async () => {
    const hub = new MemoryHub();
    const [a, b] = await pair(hub);
    hub.setOffline(b.transport, true);
    const dialer = new Dialer({
      manager: a.manager,
      transport: a.transport,
      backoff: { baseMs: 10, capMs: 40, minMs: 5 },
    });
    cleanup.push(() => dialer.stop());
    dialer.start();
    dialer.want(b.id);
    await waitFor(() => a.failures.length >= 2, 4000, 'two failed dials');
    expect(a.ups).toEqual([]);
    hub.setOffline(b.transport, false);
    await waitFor(() => a.ups.length === 1, 4000, 'session once online');
    expect(b.ups).toEqual([a.id]);
  });

  it('[SES-11] redials after a lost session, and dials every target when signaling comes online', async () => {
    const hub = new MemoryHub();
    const [a, b] = await pair(hub);
    const env = new FakeEnvironment();
    const dialer = new Dialer({
      manager: a.manager,
      transport: a.transport,
      env,
      backoff: { baseMs: 10, capMs: 40, minMs: 5 },
    });
    cleanup.push(() => dialer.stop());
    hub.setOffline(a.transport, true);
    dialer.start();
    dialer.want(b.id);
    // Offline: no dial, and no retry timer either; only coming online dials.
    await env.advance(1_000);
    expect(a.transport.channels).toEqual([]);
    expect(env.nextDelay()).toBeNull();
    expect(a.failures).toEqual([]);
    hub.setOffline(a.transport, false);
    await waitFor(() => a.ups.length === 1, 4000, 'dial on online');
    hub.drop(a.id, b.id);
    await waitFor(() => a.downs.length === 1, 4000, 'session lost');
    // The redial waits for its backoff timer.
    expect(env.nextDelay()).not.toBeNull();
    expect(a.ups).toHaveLength(1);
    await env.advance(40);
    await waitFor(() => a.ups.length === 2, 4000, 'redial after loss');
  });

  it('[SES-11] the online event resets the backoff and dials at once', async () => {
    const hub = new MemoryHub();
    const [a, b] = await pair(hub);
    const env = new FakeEnvironment();
    hub.setOffline(b.transport, true);
    const dialer = new Dialer({
      manager: a.manager,
      transport: a.transport,
      env,
      // A first retry long after the test would end.
      backoff: { baseMs: 60_000, capMs: 60_000, minMs: 60_000 },
    });
    cleanup.push(() => dialer.stop());
    dialer.start();
    dialer.want(b.id);
    await waitFor(() => a.failures.length === 1);
    hub.setOffline(b.transport, false);
    // B being back is not news to A: nothing dials until the retry a minute away.
    expect(a.transport.channels).toEqual([]);
    expect(env.nextDelay()).toBe(60_000);
    expect(a.ups).toEqual([]);
    env.fireOnline();
    await waitFor(() => a.ups.length === 1, 4000, 'dial on online event');
  });

  it('[SES-11] unwanted peers are not redialled', async () => {
    const hub = new MemoryHub();
    const [a, b] = await pair(hub);
    hub.setOffline(b.transport, true);
    const env = new FakeEnvironment();
    const dialer = new Dialer({
      manager: a.manager,
      transport: a.transport,
      env,
      backoff: { baseMs: 10, capMs: 20, minMs: 5 },
    });
    cleanup.push(() => dialer.stop());
    dialer.start();
    dialer.want(b.id);
    await waitFor(() => a.failures.length >= 1);
    expect(env.nextDelay()).not.toBeNull();
    dialer.unwant(b.id);
    const count = a.failures.length;
    hub.setOffline(b.transport, false);
    // Its retry timer is gone: however long we wait, nothing dials.
    expect(env.nextDelay()).toBeNull();
    await env.advance(60_000);
    expect(a.transport.channels).toEqual([]);
    expect(a.failures.length).toBe(count);
    expect(a.ups).toEqual([]);
  });
});
