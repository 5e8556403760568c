import type { PeerOptions } from 'peerjs';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../lib/ids';
import { signalingServerFromLocation } from '../config';
import { FakeEnvironment, flush } from '../testing/fakeEnvironment';
import { PeerJsTransport, type PeerLike } from './PeerJsTransport';

type Listener = (...args: unknown[]) => void;

/** Just enough of a peerjs Peer to drive the adapter's signaling logic. */
class FakePeer {
  listeners = new Map<string, Listener[]>();
  disconnected = false;
  destroyed = false;
  reconnects = 0;
  constructor(
    readonly id: string,
    readonly options: PeerOptions,
  ) {}
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  fail(type: string, message = type): void {
    this.emit('error', Object.assign(new Error(message), { type }));
  }
  connect(): undefined {
    return undefined;
  }
  disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.emit('disconnected', this.id);
  }
  reconnect(): void {
    this.disconnected = false;
    this.reconnects++;
  }
  destroy(): void {
    this.disconnect();
    this.destroyed = true;
    this.emit('close');
  }
}

const ID = 'a'.repeat(32) as PeerId;

function setup() {
  const env = new FakeEnvironment();
  const peers: FakePeer[] = [];
  let n = 0;
  const transport = new PeerJsTransport({
    id: ID,
    signToken: () => Promise.resolve(`token${++n}`),
    server: signalingServerFromLocation({
      protocol: 'https:',
      hostname: 'plume.example',
      port: '',
    }),
    env,
    createPeer: (id, options) => {
      const peer = new FakePeer(id, options);
      peers.push(peer);
      return peer as unknown as PeerLike;
    },
  });
  const last = () => peers.at(-1)!;
  return { env, peers, transport, last };
}

describe('PeerJsTransport signaling', () => {
  it('creates the Peer for our id with a signed token and same-origin server', async () => {
    const { transport, last } = setup();
    expect(transport.status).toBe('connecting');
    await flush();
    const peer = last();
    expect(peer.id).toBe(ID);
    expect(peer.options).toMatchObject({
      host: 'plume.example',
      port: 443,
      secure: true,
      path: '/',
      key: 'peerjs',
      token: 'token1',
    });
    expect((peer.options.config as RTCConfiguration).iceServers?.length).toBeGreaterThan(0);
    peer.emit('open', ID);
    expect(transport.status).toBe('online');
  });

  it('socket loss: offline, then the same Peer reconnects with a fresh token', async () => {
    const { env, peers, transport, last } = setup();
    await flush();
    last().emit('open', ID);
    last().fail('network', 'Lost connection to server.');
    last().disconnect();
    expect(transport.status).toBe('offline');
    await env.advance(env.nextDelay()!);
    expect(peers).toHaveLength(1);
    expect(last().options.token).toBe('token2');
    expect(last().reconnects).toBe(1);
    last().emit('open', ID);
    expect(transport.status).toBe('online');
  });

  it('server ERROR: status error with the reason, and a new Peer after backoff', async () => {
    const { env, peers, transport, last } = setup();
    await flush();
    last().fail('server-error', 'signature does not verify');
    last().destroy(); // stock peerjs destroys a Peer that never opened
    expect(transport.status).toBe('error');
    expect(transport.error?.reason).toBe('rejected');
    expect(transport.error?.message).toContain('signature');
    await env.advance(env.nextDelay()!);
    expect(peers).toHaveLength(2);
    expect(peers[0]!.destroyed).toBe(true);
    expect(last().options.token).toBe('token2');
  });

  it('ID-TAKEN: error, Peer destroyed, no automatic reclaim; reconnect() takes over', async () => {
    const { env, peers, transport, last } = setup();
    await flush();
    last().emit('open', ID);
    last().fail('unavailable-id', `ID "${ID}" is taken`);
    expect(transport.status).toBe('error');
    expect(transport.error?.reason).toBe('idTaken');
    expect(last().destroyed).toBe(true);
    env.fireOnline();
    env.fireVisible();
    await env.advance(120_000);
    expect(peers).toHaveLength(1);
    transport.reconnect();
    await flush();
    expect(peers).toHaveLength(2);
    expect(last().options.token).toBe('token2');
    last().emit('open', ID);
    expect(transport.status).toBe('online');
  });

  it('connect while not online fails with offline instead of losing the OFFER', async () => {
    const { transport } = setup();
    await flush();
    const channel = transport.connect('b'.repeat(32) as PeerId, { label: 'x' });
    await expect(channel.opened).rejects.toMatchObject({ reason: 'offline' });
  });

  it('destroy leaves signaling for good', async () => {
    const { env, peers, transport, last } = setup();
    await flush();
    last().emit('open', ID);
    transport.destroy();
    expect(last().destroyed).toBe(true);
    expect(transport.status).toBe('offline');
    await env.advance(120_000);
    expect(peers).toHaveLength(1);
  });
});
