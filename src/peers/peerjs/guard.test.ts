/**
 * The PeerJS adapter against a hostile stranger: server messages screened before PeerJS reads
 * them, OFFERs admitted before any RTCPeerConnection exists, teardown that cannot stop a
 * reconnect, and the dead-socket probe. Spec: docs/protocol.md [ADM-*], [SIG-LIFE-*].
 */
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../lib/ids';
import { HEARTBEAT_TEXT } from '../../lib/signalingProtocol';
import {
  InboundAdmission,
  MAX_PEER_CONNECTIONS,
  STRANGER_CONNECTIONS_PER_SOURCE_PER_MINUTE,
} from '../admission';
import { FakeStream, FakeTrack, asStream } from '../calls/fakeMedia';
import { signalingServerFromLocation } from '../config';
import { LIVENESS_PROBE_MS } from '../signalingLifecycle';
import { FakeEnvironment, flush } from '../testing/fakeEnvironment';
import { FakePeer } from './fakePeer';
import { PeerJsTransport, type PeerLike } from './PeerJsTransport';

const ME = 'a'.repeat(32) as PeerId;
const FRIEND = 'f'.repeat(32) as PeerId;
const stranger = (n: number) => `s${String(n).padStart(31, '2')}` as PeerId;
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

function offer(src: string, extra: Record<string, unknown> = {}, id = 'dc_1') {
  return {
    type: 'OFFER',
    src,
    dst: ME,
    payload: {
      type: 'data',
      connectionId: id,
      sdp: { type: 'offer', sdp: SDP },
      label: 'plume/1',
      serialization: 'raw',
      reliable: true,
      metadata: {},
      ...extra,
    },
  };
}

async function online() {
  const env = new FakeEnvironment();
  const peers: FakePeer[] = [];
  let clock = 0;
  const admission = new InboundAdmission(() => clock);
  const transport = new PeerJsTransport({
    id: ME,
    signToken: () => Promise.resolve('token'),
    server: signalingServerFromLocation({ protocol: 'https:', hostname: 'x.example', port: '' }),
    env,
    admission,
    createPeer: (id, options) => {
      const peer = new FakePeer(id, options);
      peers.push(peer);
      return peer as unknown as PeerLike;
    },
  });
  await flush();
  const peer = peers[0]!;
  peer.emit('open', ME);
  expect(transport.status).toBe('online');
  return {
    env,
    peers,
    peer,
    transport,
    last: () => peers.at(-1)!,
    tick: (ms: number) => void (clock += ms),
  };
}

describe('server messages are screened before PeerJS reads them', () => {
  it('[SIG-PAY-1] malformed OFFERs never reach PeerJS, and nothing throws', async () => {
    const { peer, transport } = await online();
    transport.onChannel('plume/1', () => undefined);
    const bad: unknown[] = [
      null,
      'OFFER',
      { type: 'OFFER', src: FRIEND },
      { type: 'OFFER', src: FRIEND, payload: null },
      offer(FRIEND, { sdp: 'v=0 bare string' }),
      offer(FRIEND, { serialization: 'nope!' }),
      offer(FRIEND, { serialization: 'constructor' }),
      offer(FRIEND, { serialization: '__proto__' }),
      offer(FRIEND, { type: 'evil' }),
      offer(FRIEND, { connectionId: { toString: 1 } }),
      { ...offer(FRIEND), src: undefined },
    ];
    for (const message of bad) expect(() => peer.serverSends(message)).not.toThrow();
    expect(peer.handled).toEqual([]);
    peer.serverSends(offer(FRIEND));
    expect(peer.handled).toHaveLength(1);
  });

  it('[ADM-5] an OFFER for a serializer PeerJS lacks is dropped before admission counts it', async () => {
    const { peer, transport } = await online();
    transport.onChannel('plume/1', () => undefined);
    const per = STRANGER_CONNECTIONS_PER_SOURCE_PER_MINUTE;
    for (let i = 0; i < per * 2; i++) {
      peer.serverSends(offer(stranger(2), { serialization: 'nope' }, `dc_n${i}`));
    }
    expect(peer.handled).toEqual([]);
    // The stranger's budget is untouched.
    for (let i = 0; i < per; i++) peer.serverSends(offer(stranger(2), {}, `dc_ok${i}`));
    expect(peer.handled).toHaveLength(per);
  });

  it('[SIG-PAY-1] whatever PeerJS throws on a message stays in the adapter', async () => {
    const { peer, transport } = await online();
    transport.onChannel('plume/1', () => undefined);
    peer.throwOnMessage = true;
    expect(() => peer.serverSends(offer(FRIEND))).not.toThrow();
    expect(transport.status).toBe('online');
  });

  it('[ADM-5] an ANSWER or CANDIDATE for a connection PeerJS does not hold is dropped', async () => {
    const { peer } = await online();
    const answer = {
      type: 'ANSWER',
      src: FRIEND,
      payload: { type: 'data', connectionId: 'dc_mine', sdp: { type: 'answer', sdp: SDP } },
    };
    const candidate = {
      type: 'CANDIDATE',
      src: FRIEND,
      payload: { type: 'data', connectionId: 'dc_mine', candidate: { candidate: 'candidate:1' } },
    };
    peer.serverSends(answer);
    peer.serverSends(candidate);
    expect(peer.handled).toEqual([]);
    peer.held.set(FRIEND, new Set(['dc_mine']));
    peer.serverSends(answer);
    peer.serverSends(candidate);
    expect(peer.handled).toEqual([answer, candidate]);
    // Same connection id, another sender: not ours.
    peer.serverSends({ ...answer, src: stranger(1) });
    expect(peer.handled).toHaveLength(2);
  });

  it('LEAVE, EXPIRE and OPEN pass through unchanged', async () => {
    const { peer } = await online();
    const frames = [
      { type: 'LEAVE', src: FRIEND },
      { type: 'EXPIRE', src: FRIEND },
      { type: 'OPEN' },
    ];
    for (const frame of frames) peer.serverSends(frame);
    expect(peer.handled).toEqual(frames);
  });
});

describe('admission of inbound OFFERs [ADM]', () => {
  it('[ADM-1] an OFFER with a label nobody listens for is refused before PeerJS sees it', async () => {
    const { peer, transport } = await online();
    peer.serverSends(offer(FRIEND));
    expect(peer.handled).toEqual([]);
    const off = transport.onChannel('plume/1', () => undefined);
    peer.serverSends(offer(FRIEND, { label: 'evil' }));
    peer.serverSends(offer(FRIEND, { label: undefined }));
    expect(peer.handled).toEqual([]);
    peer.serverSends(offer(FRIEND));
    expect(peer.handled).toHaveLength(1);
    off();
    peer.serverSends(offer(FRIEND, {}, 'dc_2'));
    expect(peer.handled).toHaveLength(1);
  });

  it('[ADM-1] a call is refused before PeerJS sees it unless someone takes calls', async () => {
    const { peer, transport } = await online();
    const call = offer(FRIEND, { type: 'media', label: undefined, serialization: undefined });
    peer.serverSends(call);
    expect(peer.handled).toEqual([]);
    transport.onCall(() => undefined);
    peer.serverSends(call);
    expect(peer.handled).toHaveLength(1);
  });

  it('[ADM-4] a stranger gets a few connections a minute; a friend is not counted', async () => {
    const { peer, transport, tick } = await online();
    transport.onChannel('plume/1', () => undefined);
    transport.trust([FRIEND]);
    const per = STRANGER_CONNECTIONS_PER_SOURCE_PER_MINUTE;
    for (let i = 0; i < per + 3; i++) peer.serverSends(offer(stranger(1), {}, `dc_s${i}`));
    expect(peer.handled).toHaveLength(per);
    for (let i = 0; i < per + 3; i++) peer.serverSends(offer(FRIEND, {}, `dc_f${i}`));
    expect(peer.handled).toHaveLength(per + per + 3);
    tick(60_000);
    peer.serverSends(offer(stranger(1), {}, 'dc_later'));
    expect(peer.handled).toHaveLength(per + per + 4);
  });
});

describe('teardown that throws [SIG-LIFE-1]', () => {
  it('[SIG-LIFE-1] a network drop still reconnects when PeerJS throws while destroying', async () => {
    const { env, peers, peer, transport, last } = await online();
    peer.throwOnDestroy = true;
    env.fireOffline();
    expect(transport.status).toBe('offline');
    env.fireOnline();
    await flush();
    expect(peers).toHaveLength(2);
    last().emit('open', ME);
    expect(transport.status).toBe('online');
  });
});

describe('dead-socket probe [SIG-LIFE-2]', () => {
  it('[SIG-LIFE-2] an answered heartbeat keeps Online; an unanswered one reconnects', async () => {
    const { env, peer, transport } = await online();
    const socket = peer.socket._socket;
    await env.advance(LIVENESS_PROBE_MS);
    expect(socket.sent).toEqual([HEARTBEAT_TEXT]);
    socket.receive();
    await env.advance(LIVENESS_PROBE_MS);
    expect(transport.status).toBe('online');
    expect(socket.sent).toHaveLength(2);
    // No answer to the second probe: the socket is dead although nothing closed it.
    await env.advance(LIVENESS_PROBE_MS);
    expect(transport.status).toBe('offline');
    expect(peer.disconnected).toBe(true);
    await env.advance(env.nextDelay()!);
    expect(peer.reconnects).toBe(1);
    peer.emit('open', ME);
    expect(transport.status).toBe('online');
  });

  it('[SIG-LIFE-2] a socket that is no longer open is dead at the next probe', async () => {
    const { env, peer, transport } = await online();
    peer.socket._socket.readyState = 3;
    await env.advance(LIVENESS_PROBE_MS);
    expect(transport.status).toBe('offline');
  });
});

describe('dials that PeerJS cannot make [SIG-LIFE-1]', () => {
  it('[SIG-LIFE-1] a connect or call that throws fails that dial only', async () => {
    const { peer, transport } = await online();
    const refuse = () => {
      throw new DOMException('Cannot create so many PeerConnections', 'UnknownError');
    };
    Object.assign(peer, { connect: refuse, call: refuse });
    const channel = transport.connect(FRIEND, { label: 'plume/1' });
    await expect(channel.opened).rejects.toMatchObject({ reason: 'failed' });
    const link = transport.call(FRIEND, asStream(new FakeStream([new FakeTrack('audio')])), {});
    const errors: string[] = [];
    link.on('error', (e) => errors.push(e.reason));
    await flush();
    expect(link.closed).toBe(true);
    expect(errors).toEqual(['failed']);
    expect(transport.status).toBe('online');
  });
});

describe('the connection cap [ADM-3]', () => {
  it('[ADM-3] past the cap, dials fail with tooMany and OFFERs are refused', async () => {
    const { peer, transport } = await online();
    transport.onChannel('plume/1', () => undefined);
    transport.trust([FRIEND]);
    // Real connects return a DataConnection-like object; count them through the public API.
    (peer as unknown as { connect: () => unknown }).connect = () => fakeConnection();
    for (let i = 0; i < MAX_PEER_CONNECTIONS; i++) transport.connect(FRIEND, { label: 'plume/1' });
    const refused = transport.connect(FRIEND, { label: 'plume/1' });
    await expect(refused.opened).rejects.toMatchObject({ reason: 'tooMany' });
    peer.serverSends(offer(FRIEND));
    expect(peer.handled).toEqual([]);
    transport.destroy();
  });
});

/** The little of a peerjs DataConnection a PeerJsChannel touches before it opens. */
function fakeConnection() {
  let n = 0;
  return {
    connectionId: `dc_out${++n}_${Math.random()}`,
    peer: FRIEND,
    label: 'plume/1',
    metadata: {},
    on: () => undefined,
    close: () => undefined,
  };
}
