import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../lib/ids';
import { createReachToken, reachHash, type ReachHash } from '../../lib/reach';
import { FakeStream, FakeTrack, asStream } from '../calls/fakeMedia';
import { signalingServerFromLocation } from '../config';
import { FakeEnvironment, flush } from '../testing/fakeEnvironment';
import type { ReachState } from '../transport';
import { FakePeer } from './fakePeer';
import { PeerJsTransport, type PeerLike } from './PeerJsTransport';

const ID = 'a'.repeat(32) as PeerId;
const FRIEND = 'b'.repeat(32) as PeerId;
const OTHER = 'c'.repeat(32) as PeerId;

function setup() {
  const env = new FakeEnvironment();
  const peers: FakePeer[] = [];
  let n = 0;
  const transport = new PeerJsTransport({
    id: ID,
    signToken: () => Promise.resolve(`token${++n}`),
    server: signalingServerFromLocation({ protocol: 'https:', hostname: 'x.example', port: '' }),
    env,
    shapeNegotiation: (stream) => ({ stream, dispose: () => undefined }),
    createPeer: (id, options) => {
      const peer = new FakePeer(id, options);
      peers.push(peer);
      return peer as unknown as PeerLike;
    },
  });
  return { env, peers, transport, last: () => peers.at(-1)! };
}

/** The hash sets registered on `peer`'s current socket, in order. */
function registrations(peer: FakePeer): ReachHash[][] {
  return peer.socket._socket.sent
    .map((text) => JSON.parse(text) as { type: string; payload?: { hashes: ReachHash[] } })
    .filter((frame) => frame.type === 'REACH')
    .map((frame) => frame.payload!.hashes);
}

async function reachState(): Promise<ReachState> {
  const hashes = [await reachHash(createReachToken()), await reachHash(createReachToken())];
  return { present: new Map([[FRIEND, createReachToken()]]), hashes };
}

describe('PeerJsTransport reach registration [SIG-REACH-2]', () => {
  it('[SIG-REACH-2] registers nothing until the app gives a set, then on OPEN and on each change', async () => {
    const { transport, last } = setup();
    await flush();
    last().emit('open', ID);
    // An empty set sent now would wipe what the worker stores for us.
    expect(registrations(last())).toEqual([]);
    const state = await reachState();
    transport.setReach(state);
    expect(registrations(last())).toEqual([state.hashes]);
    transport.setReach({ ...state, hashes: [...state.hashes].reverse() });
    expect(registrations(last())).toHaveLength(1); // the same set: nothing to say
    const fewer = { ...state, hashes: state.hashes.slice(1) };
    transport.setReach(fewer);
    expect(registrations(last())).toEqual([state.hashes, fewer.hashes]);
    transport.setReach({ ...state, hashes: [] });
    expect(registrations(last())).toEqual([state.hashes, fewer.hashes, []]);
  });

  it('[SIG-REACH-2] a set given before OPEN waits for it', async () => {
    const { transport, last } = setup();
    await flush();
    const state = await reachState();
    transport.setReach(state);
    expect(registrations(last())).toEqual([]);
    last().emit('open', ID);
    expect(registrations(last())).toEqual([state.hashes]);
  });

  it('[SIG-REACH-2] registers again after a reconnect, and on a new Peer after a failed start', async () => {
    const { env, peers, transport, last } = setup();
    await flush();
    const state = await reachState();
    transport.setReach(state);
    last().emit('open', ID);
    last().fail('network', 'Lost connection to server.');
    last().disconnect();
    await env.advance(env.nextDelay()!);
    expect(last().reconnects).toBe(1);
    expect(registrations(last())).toEqual([]); // a new socket: nothing sent on it yet
    last().emit('open', ID);
    expect(registrations(last())).toEqual([state.hashes]);

    last().fail('server-error', 'token refused: stale');
    last().destroy();
    await env.advance(env.nextDelay()!);
    expect(peers).toHaveLength(2);
    last().emit('open', ID);
    expect(registrations(last())).toEqual([state.hashes]);
  });
});

describe('PeerJsTransport presents reach tokens [SIG-REACH-3]', () => {
  it('[SIG-REACH-3] data connections and calls carry their recipient’s token; others carry none', async () => {
    const { transport, last } = setup();
    await flush();
    last().emit('open', ID);
    const state = await reachState();
    transport.setReach(state);
    const token = state.present.get(FRIEND);
    transport.connect(FRIEND, { label: 'plume-file/1', metadata: { ch: 'tag' } });
    transport.connect(OTHER, { label: 'plume/1' });
    expect(last().dials).toEqual([
      { peer: FRIEND, metadata: { ch: 'tag', reach: token } },
      { peer: OTHER, metadata: {} },
    ]);
    const mic = asStream(new FakeStream([new FakeTrack('audio')]));
    transport.call(FRIEND, mic, { call: 'c1' });
    transport.call(OTHER, mic, { call: 'c2' });
    expect(last().calls.map((c) => c.metadata)).toEqual([
      { call: 'c1', reach: token },
      { call: 'c2' },
    ]);
    transport.destroy();
  });
});
