import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEventOf } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import type { PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import { logOf } from '../sync/testing';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import { MAX_CALL_PEOPLE } from './api';
import { SESSION_LOSS_GRACE_MS } from './constants';
import type { FakeMediaHub } from './fakeMedia';
import { callNodes, participant, untilPhase, type CallNode, type CallNodeOptions } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function setup(names: string[], options: CallNodeOptions = {}) {
  const hub = new MemoryHub();
  const made = await callNodes(hub, names, options);
  for (const n of made.nodes) cleanup.push(() => n.stop());
  return { hub, nodes: made.nodes, media: made.media };
}

/** Connected remote peers in `node`'s snapshot. */
function connectedTo(node: CallNode): PeerId[] {
  return node.calls.snapshot.participants
    .filter((p) => p.state === 'connected' && p.stream)
    .map((p) => p.peer)
    .sort();
}

/** Every open link pair in the hub, as "dialler>answerer". */
function pairs(media: FakeMediaHub): string[] {
  const out: string[] = [];
  for (const t of media.transports.values()) {
    for (const link of t.open) if (link.outbound) out.push(`${t.id}>${link.peer}`);
  }
  return out.sort();
}

async function untilMesh(nodes: CallNode[]): Promise<void> {
  for (const node of nodes) {
    const others = nodes.filter((n) => n !== node).map((n) => n.id);
    await waitFor(
      () => connectedTo(node).join() === others.sort().join(),
      3000,
      `${node.name} connected to everyone`,
    );
  }
}

describe('group calls', () => {
  it('[CALL-13] a call of three: a mesh of three links; one leaves, the other two stay', async () => {
    const { nodes, media } = await setup(['Ada', 'Bob', 'Cyd']);
    const [a, b, c] = nodes as [CallNode, CallNode, CallNode];
    await a.calls.start([b.id, c.id], 'video');
    await untilPhase(b, 'incoming');
    await untilPhase(c, 'incoming');
    expect(b.calls.snapshot.group).toBe(true);
    expect(b.calls.snapshot.participants.map((p) => p.peer).sort()).toEqual([a.id, c.id].sort());
    await b.calls.accept('video');
    await c.calls.accept('audio');
    await untilMesh([a, b, c]);
    // Exactly one link per pair, dialled by the smaller PeerId. [CALL-7]
    const expected = [
      [a, b],
      [a, c],
      [b, c],
    ].map(([x, y]) => (x!.id < y!.id ? `${x!.id}>${y!.id}` : `${y!.id}>${x!.id}`));
    expect(pairs(media)).toEqual(expected.sort());
    await waitFor(() => participant(a, c.id)?.cameraOff === true); // Cyd answered audio only
    c.calls.hangup();
    expect(c.calls.snapshot.endReason).toBe('hangup');
    expect(c.devices.live).toEqual([]);
    await waitFor(
      () => participant(a, c.id)?.state === 'left' && participant(b, c.id)?.state === 'left',
    );
    expect(a.calls.snapshot.phase).toBe('active');
    expect(b.calls.snapshot.phase).toBe('active');
    expect(connectedTo(a)).toEqual([b.id]);
    expect(connectedTo(b)).toEqual([a.id]);
    a.clockOffset += 2_500;
    b.calls.hangup();
    await untilPhase(a, 'ended'); // the last one: the call ends for me
    expect(a.calls.snapshot.endReason).toBe('remoteHangup');
    expect(a.devices.live).toEqual([]);
    await waitFor(() => a.logged.length === 2);
    for (const peer of [b, c]) {
      const events = await logOf(a, directConversationId(a.id, peer.id));
      const bodies = events.filter((e) => isEventOf(e, 'call')).map((e) => e.body);
      expect(bodies).toMatchObject([{ outcome: 'completed', group: true, media: 'video' }]);
    }
    const toBob = await logOf(a, directConversationId(a.id, b.id));
    expect(toBob.at(-1)!.body).toMatchObject({ duration: 2 });
  });

  it('[CALL-13] invite: a friend rung into a running call connects with everyone in it', async () => {
    const { nodes, media } = await setup(['Ada', 'Bob', 'Cyd']);
    const [a, b, c] = nodes as [CallNode, CallNode, CallNode];
    await a.calls.start([b.id], 'audio');
    await untilPhase(b, 'incoming');
    await b.calls.accept('audio');
    await untilPhase(a, 'active');
    await b.calls.invite(c.id); // anyone in the call may invite
    await untilPhase(c, 'incoming');
    expect(c.calls.snapshot.caller).toBe(b.id);
    expect(c.calls.snapshot.participants.map((p) => p.peer).sort()).toEqual([a.id, b.id].sort());
    await c.calls.accept('audio');
    await untilMesh([a, b, c]);
    expect(pairs(media)).toHaveLength(3);
    expect(a.calls.snapshot.group).toBe(true);
    c.calls.hangup();
    await waitFor(() => b.logged.length === 0 && participant(b, c.id)?.state === 'left');
    b.calls.hangup();
    await untilPhase(a, 'ended');
    await waitFor(() => b.logged.length === 1);
    expect(b.logged[0]).toEqual({ peer: c.id, outcome: 'completed' }); // the inviter logs its invitee
  });

  it('[CALL-13] a declining member does not end the call for the others', async () => {
    const { nodes } = await setup(['Ada', 'Bob', 'Cyd']);
    const [a, b, c] = nodes as [CallNode, CallNode, CallNode];
    await a.calls.start([b.id, c.id], 'audio');
    await untilPhase(b, 'incoming');
    await untilPhase(c, 'incoming');
    c.calls.decline();
    await waitFor(() => participant(a, c.id)?.state === 'left');
    await waitFor(() => participant(b, c.id)?.state === 'left');
    expect(a.calls.snapshot.phase).toBe('outgoing');
    await b.calls.accept('audio');
    await untilPhase(a, 'active');
    a.calls.hangup();
    await untilPhase(b, 'ended');
    await waitFor(() => a.logged.length === 2);
    expect(Object.fromEntries(a.logged.map((l) => [l.peer, l.outcome]))).toEqual({
      [b.id]: 'completed',
      [c.id]: 'declined',
    });
  });

  it(`[CALL-13] at most ${MAX_CALL_PEOPLE} people: more are not rung`, async () => {
    const { nodes } = await setup(['Ada', 'Bob']);
    const [a, b] = nodes as [CallNode, CallNode];
    const strangers = Array.from({ length: MAX_CALL_PEOPLE }, (_, i) =>
      String.fromCharCode(97 + i).repeat(32),
    ) as PeerId[];
    await a.calls.start([b.id, ...strangers], 'audio');
    expect(a.calls.snapshot.phase).toBe('idle');
    expect(a.devices.tracks).toEqual([]);
  });
});

describe('session loss', () => {
  it('[CALL-14] a session lost with its media: the person leaves, the call ends offline', async () => {
    const env = new FakeEnvironment();
    const { hub, nodes } = await setup(['Ada', 'Bob'], { env });
    const [a, b] = nodes as [CallNode, CallNode];
    await a.calls.start([b.id], 'video');
    await untilPhase(b, 'incoming');
    await b.calls.accept('video');
    await env.advance(1_000); // fingerprint polls
    await untilPhase(a, 'active');
    await untilPhase(b, 'active');
    hub.setOffline(a.transport, true);
    hub.setOffline(b.transport, true);
    hub.drop(a.id, b.id);
    await waitFor(() => !a.online(b.id) && !b.online(a.id));
    // The media still runs: still in the call during the grace period.
    await env.advance(SESSION_LOSS_GRACE_MS - 1);
    expect(a.calls.snapshot.phase).toBe('active');
    await env.advance(1);
    expect(a.calls.snapshot).toMatchObject({ phase: 'ended', endReason: 'offline' });
    expect(b.calls.snapshot).toMatchObject({ phase: 'ended', endReason: 'offline' });
    expect(a.devices.live).toEqual([]);
    expect(b.devices.live).toEqual([]);
  });

  it('[CALL-14] a session lost and then its media link: the person leaves at once', async () => {
    const { hub, nodes } = await setup(['Ada', 'Bob', 'Cyd']);
    const [a, b, c] = nodes as [CallNode, CallNode, CallNode];
    await a.calls.start([b.id, c.id], 'audio');
    await untilPhase(b, 'incoming');
    await untilPhase(c, 'incoming');
    await b.calls.accept('audio');
    await c.calls.accept('audio');
    await untilMesh([a, b, c]);
    hub.setOffline(c.transport, true);
    hub.drop(a.id, c.id);
    hub.drop(b.id, c.id);
    await waitFor(() => !a.online(c.id));
    expect(participant(a, c.id)?.state).toBe('connected');
    a.media.open.find((l) => l.peer === c.id)!.close(); // the media fails too
    await waitFor(() => participant(a, c.id)?.state === 'left');
    expect(a.calls.snapshot.phase).toBe('active'); // Ada and Bob go on
    expect(connectedTo(a)).toEqual([b.id]);
  });
});
