import { describe, expect, it } from 'vitest';
import { SignalingError, TransportError } from '../../lib/errors';
import { closed, collect, nextChannel, untilStatus } from '../contractHelpers';
import { runTransportTests, type TransportFixture } from '../transportContract';
import { waitFor } from '../session/testing';
import { MemoryHub, randomPeerId } from './MemoryHub';

function fixture(hub = new MemoryHub()): Promise<TransportFixture> {
  const a = hub.createTransport(randomPeerId());
  const b = hub.createTransport(randomPeerId());
  // The checks dial each other dozens of times a minute, as friends may; strangers may not.
  a.trust([b.id]);
  b.trust([a.id]);
  return Promise.resolve({
    a,
    b,
    absent: randomPeerId(),
    teardown: () => {
      a.destroy();
      b.destroy();
    },
  });
}

runTransportTests('memory', () => fixture(), { describe, it });
runTransportTests(
  'memory with latency and limited bandwidth',
  () => fixture(new MemoryHub({ latencyMs: 2, bytesPerTick: 100_000 })),
  { describe, it },
);

describe('MemoryHub simulation', () => {
  it('offline: new dials fail with offline, existing channels survive, status comes back', async () => {
    const hub = new MemoryHub();
    const a = hub.createTransport(randomPeerId());
    const b = hub.createTransport(randomPeerId());
    await untilStatus(a, 'online', 1000);
    await untilStatus(b, 'online', 1000);
    const inbound = nextChannel(b, 'x', 1000);
    const out = a.connect(b.id, { label: 'x' });
    const inc = await inbound;
    await out.opened;

    hub.setOffline(a, true);
    expect(a.status).toBe('offline');
    const failed = a.connect(b.id, { label: 'y' });
    await expect(failed.opened).rejects.toMatchObject({ reason: 'offline' });
    // A signaling outage does not tear down WebRTC paths that already exist.
    const got = collect(inc, 1, 1000);
    out.send('still here');
    expect(await got).toEqual(['still here']);

    hub.setOffline(a, false);
    expect(a.status).toBe('connecting');
    await untilStatus(a, 'online', 1000);
  });

  it('a dial to a peer that is offline fails with peerUnavailable', async () => {
    const hub = new MemoryHub();
    const a = hub.createTransport(randomPeerId());
    const b = hub.createTransport(randomPeerId());
    await untilStatus(b, 'online', 1000);
    hub.setOffline(b, true);
    await untilStatus(a, 'online', 1000);
    const ch = a.connect(b.id, { label: 'x' });
    await expect(ch.opened).rejects.toMatchObject({ reason: 'peerUnavailable' });
  });

  it('a second session with the same id takes over: the first goes to error/idTaken', async () => {
    const hub = new MemoryHub();
    const id = randomPeerId();
    const first = hub.createTransport(id);
    await untilStatus(first, 'online', 1000);
    const second = hub.createTransport(id);
    await untilStatus(second, 'online', 1000);
    expect(first.status).toBe('error');
    expect(first.error).toBeInstanceOf(SignalingError);
    expect(first.error?.reason).toBe('idTaken');
    // Explicit take-over flips it back.
    first.reconnect();
    await untilStatus(first, 'online', 1000);
    expect(second.status).toBe('error');
  });

  it('drop severs channels abruptly with an error on both ends', async () => {
    const hub = new MemoryHub({ latencyMs: 1 });
    const a = hub.createTransport(randomPeerId());
    const b = hub.createTransport(randomPeerId());
    await untilStatus(a, 'online', 1000);
    await untilStatus(b, 'online', 1000);
    const inbound = nextChannel(b, 'x', 1000);
    const out = a.connect(b.id, { label: 'x' });
    const inc = await inbound;
    await out.opened;
    const ca = closed(out, 1000);
    const cb = closed(inc, 1000);
    out.send('lost in flight');
    hub.drop(a.id, b.id);
    const [ea, eb] = await Promise.all([ca, cb]);
    expect(ea).toBeInstanceOf(TransportError);
    expect(eb).toBeInstanceOf(TransportError);
  });

  it('crash closes the remote end with an error and removes the session', async () => {
    const hub = new MemoryHub();
    const a = hub.createTransport(randomPeerId());
    const b = hub.createTransport(randomPeerId());
    await untilStatus(a, 'online', 1000);
    await untilStatus(b, 'online', 1000);
    const inbound = nextChannel(b, 'x', 1000);
    a.connect(b.id, { label: 'x' });
    const inc = await inbound;
    await inc.opened;
    const cb = closed(inc, 1000);
    hub.crash(a);
    expect(await cb).toBeInstanceOf(TransportError);
    const again = b.connect(a.id, { label: 'x' });
    await expect(again.opened).rejects.toMatchObject({ reason: 'peerUnavailable' });
  });

  it('refuses inbound channels when nobody listens', async () => {
    const hub = new MemoryHub();
    const a = hub.createTransport(randomPeerId());
    const b = hub.createTransport(randomPeerId());
    await untilStatus(b, 'online', 1000);
    await untilStatus(a, 'online', 1000);
    const ch = a.connect(b.id, { label: 'x' });
    await expect(ch.opened).rejects.toBeInstanceOf(TransportError);
  });

  it('mitm mode gives fingerprints that do not mirror', async () => {
    const hub = new MemoryHub();
    hub.setMitm(true);
    const a = hub.createTransport(randomPeerId());
    const b = hub.createTransport(randomPeerId());
    await untilStatus(a, 'online', 1000);
    await untilStatus(b, 'online', 1000);
    const inbound = nextChannel(b, 'x', 1000);
    const out = a.connect(b.id, { label: 'x' });
    const inc = await inbound;
    await out.opened;
    const [fo, fi] = await Promise.all([out.fingerprints(), inc.fingerprints()]);
    expect(fo?.local).not.toBe(fi?.remote);
    expect(fi?.local).not.toBe(fo?.remote);
  });
});

describe('MemoryHub tamper', () => {
  it('rewrites messages on their way until switched off', async () => {
    const hub = new MemoryHub();
    const a = hub.createTransport(randomPeerId());
    const b = hub.createTransport(randomPeerId());
    await untilStatus(a, 'online', 1000);
    await untilStatus(b, 'online', 1000);
    const inbound = nextChannel(b, 'x', 1000);
    const out = a.connect(b.id, { label: 'x' });
    const inc = await inbound;
    await out.opened;
    const got: (string | ArrayBuffer)[] = [];
    inc.on('message', (data) => got.push(data));
    hub.setTamper((data, sender) => {
      if (typeof data === 'string' || sender.peer !== b.id) return data;
      const bytes = new Uint8Array(data);
      bytes[0] = bytes[0]! ^ 0xff;
      return data;
    });
    out.send(new Uint8Array([1, 2]));
    out.send('text');
    // Applied on delivery, so switched off only once those arrived.
    await waitFor(() => got.length === 2);
    hub.setTamper(null);
    out.send(new Uint8Array([1, 2]));
    await waitFor(() => got.length === 3);
    expect(got.map((d) => (typeof d === 'string' ? d : [...new Uint8Array(d)]))).toEqual([
      [0xfe, 2],
      'text',
      [1, 2],
    ]);
    a.destroy();
    b.destroy();
  });
});
