import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../lib/ids';
import { FakeStream, FakeTrack, asStream } from '../calls/fakeMedia';
import { signalingServerFromLocation } from '../config';
import { isMediaTransport, type MediaLink } from '../media';
import { MemoryHub } from '../memory/MemoryHub';
import { FakeEnvironment, flush } from '../testing/fakeEnvironment';
import { FakeMediaConnection } from './fakeMediaConnection';
import { FakePeer } from './fakePeer';
import type { NegotiationShaper } from './PeerJsMediaLink';
import { PeerJsTransport, type PeerLike } from './PeerJsTransport';

const ID = 'a'.repeat(32) as PeerId;

/** Adds a placeholder video track when the stream has none, counting disposals. */
const shaped = { disposed: 0 };
const shapeNegotiation: NegotiationShaper = (stream) => {
  if (stream.getVideoTracks().length > 0) return { stream, dispose: () => undefined };
  const blank = new FakeTrack('video', 'placeholder');
  const withVideo = asStream(new FakeStream([...stream.getTracks(), blank]));
  return { stream: withVideo, dispose: () => void shaped.disposed++ };
};

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
    shapeNegotiation,
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

  it('[TURN-7] every new connection reads the ICE servers of that moment', async () => {
    let servers: RTCIceServer[] = [{ urls: 'turn:one.example', username: 'u1', credential: 'c1' }];
    const peers: FakePeer[] = [];
    const transport = new PeerJsTransport({
      id: ID,
      signToken: () => Promise.resolve('token'),
      server: signalingServerFromLocation({ protocol: 'https:', hostname: 'x.example', port: '' }),
      env: new FakeEnvironment(),
      iceServers: () => servers,
      createPeer: (id, options) => {
        const peer = new FakePeer(id, options);
        peers.push(peer);
        return peer as unknown as PeerLike;
      },
    });
    await flush();
    // PeerJS hands this very object to each RTCPeerConnection it makes.
    const config = peers[0]!.options.config as RTCConfiguration;
    expect(config.iceServers?.[0]?.username).toBe('u1');
    servers = [{ urls: 'turn:one.example', username: 'u2', credential: 'c2' }];
    expect(config.iceServers?.[0]?.username).toBe('u2');
    transport.destroy();
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

describe('PeerJsTransport media [CALL-7]', () => {
  const B = 'b'.repeat(32) as PeerId;
  const mic = () => asStream(new FakeStream([new FakeTrack('audio')]));

  it('[CALL-7] an inbound call with no listener is refused (closed)', async () => {
    const { last } = setup();
    await flush();
    last().emit('open', ID);
    const conn = new FakeMediaConnection(B, 'mc_in', { call: 'x' });
    last().emit('call', conn);
    expect(conn.closed).toBe(true);
  });

  it('[CALL-7] inbound calls go to onCall listeners as links, unanswered', async () => {
    const { transport, last } = setup();
    await flush();
    last().emit('open', ID);
    const links: MediaLink[] = [];
    const off = transport.onCall((link) => links.push(link));
    const conn = new FakeMediaConnection(B, 'mc_in', { call: 'abc' });
    last().emit('call', conn);
    expect(links.map((l) => [l.id, l.peer, l.outbound, l.metadata])).toEqual([
      ['mc_in', B, false, { call: 'abc' }],
    ]);
    expect(conn.answered).toBeNull();
    expect(conn.closed).toBe(false);
    off();
    const later = new FakeMediaConnection(B, 'mc_in2', {});
    last().emit('call', later);
    expect(later.closed).toBe(true);
  });

  it('[CALL-7][CALL-10] call() dials with the metadata and a video section, held', async () => {
    const { transport, last } = setup();
    await flush();
    last().emit('open', ID);
    const before = shaped.disposed;
    const link = transport.call(B, mic(), { call: 'abc' });
    const conn = last().calls[0]!;
    expect(conn.metadata).toEqual({ call: 'abc' });
    expect(conn.peerConnection!.transceivers.map((t) => t.kind)).toEqual(['audio', 'video']);
    expect(link.outbound).toBe(true);
    await flush();
    expect(conn.peerConnection!.getSenders().map((s) => s.track)).toEqual([null, null]);
    expect(shaped.disposed).toBe(before + 1);
    transport.destroy();
    expect(link.closed).toBe(true);
    expect(conn.closed).toBe(true);
  });

  it('is a MediaTransport; the memory transport is not', () => {
    const { transport } = setup();
    expect(isMediaTransport(transport)).toBe(true);
    const memory = new MemoryHub().createTransport(B);
    expect(isMediaTransport(memory)).toBe(false);
    memory.destroy();
  });

  it('[CALL-7] a dial to a peer that is not online fails at once', async () => {
    const { transport, last } = setup();
    await flush();
    last().emit('open', ID);
    const link = transport.call(B, mic(), { call: 'abc' });
    const errors: string[] = [];
    link.on('error', (e) => errors.push(e.reason));
    last().fail('peer-unavailable', `Could not connect to peer ${B}`);
    expect(link.closed).toBe(true);
    expect(errors).toEqual(['peerUnavailable']);
  });

  it('[CALL-7] call() while offline fails by closing', async () => {
    const { transport } = setup();
    await flush();
    const link = transport.call(B, mic(), {});
    const errors: string[] = [];
    link.on('error', (e) => errors.push(e.reason));
    await flush();
    expect(link.closed).toBe(true);
    expect(errors).toEqual(['offline']);
  });
});
