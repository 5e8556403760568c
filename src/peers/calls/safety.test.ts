import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentityKeys } from '../../lib/identity';
import { setLogSink, type LogLevel } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import type { OutgoingFrame } from '../session/frames';
import { makeRawPeer, rawHandshake, waitFor } from '../session/testing';
import { FakeStream, asStream, type FakeMediaLink } from './fakeMedia';
import { bareFrame } from './frames';
import { callNodes, participant, untilPhase, type CallNode } from './testing';

let cleanup: (() => void)[] = [];
let logs: { level: LogLevel; text: string }[] = [];
function captureLogs(): void {
  logs = [];
  cleanup.push(
    setLogSink((level, _ns, args) => logs.push({ level, text: args.map(String).join(' ') })),
  );
}
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function setup(names = ['Ada', 'Bob']) {
  captureLogs();
  const hub = new MemoryHub();
  const made = await callNodes(hub, names);
  for (const n of made.nodes) cleanup.push(() => n.stop());
  return { hub, nodes: made.nodes, media: made.media };
}

async function connected(a: CallNode, b: CallNode, media: 'audio' | 'video' = 'video') {
  await a.calls.start([b.id], media);
  await untilPhase(b, 'incoming');
  await b.calls.accept(media);
  await untilPhase(a, 'active');
  await untilPhase(b, 'active');
}

const someStream = () => asStream(new FakeStream([]));
const warned = (text: string) => logs.some((l) => l.level === 'warn' && l.text.includes(text));

/** Drop the CALL_FP frames `from` sends to `to` while `blocked()` holds; counts the drops. */
function blockFingerprints(
  from: CallNode,
  to: CallNode,
  blocked: () => boolean,
): { dropped: number } {
  const counter = { dropped: 0 };
  const session = from.engine.manager.session(to.id)!;
  const send = session.send.bind(session);
  session.send = (frame: OutgoingFrame) => {
    if (!blocked() || frame.type !== 'CALL_FP') return send(frame);
    counter.dropped++;
    return false;
  };
  return counter;
}

describe('media link safety', () => {
  it('[CALL-8] senders stay held and remote media hidden until the fingerprints mirror', async () => {
    const { nodes } = await setup();
    const [a, b] = nodes as [CallNode, CallNode];
    let blocked = true;
    const fromA = blockFingerprints(a, b, () => blocked);
    const fromB = blockFingerprints(b, a, () => blocked);
    await a.calls.start([b.id], 'video');
    await untilPhase(b, 'incoming');
    await b.calls.accept('video');
    await waitFor(
      () => a.media.open.some((l) => l.connected) && b.media.open.some((l) => l.connected),
    );
    // A few fingerprint polls go by: each side retried its CALL_FP, and it was dropped.
    await waitFor(() => fromA.dropped >= 3 && fromB.dropped >= 3, 3000, 'three polls each');
    for (const [me, them] of [
      [a, b],
      [b, a],
    ] as const) {
      const link = me.media.open[0]!;
      expect(link.senders).toEqual({ audio: null, video: null });
      expect(link.replaced).toEqual([]);
      expect(me.calls.snapshot.phase).toBe('connecting');
      expect(participant(me, them.id)?.stream).toBeNull();
    }
    blocked = false;
    await untilPhase(a, 'active');
    await untilPhase(b, 'active');
    expect(a.media.open[0]!.senders.audio).not.toBeNull();
    expect(participant(b, a.id)?.stream).not.toBeNull();
  });

  it('[CALL-8] mismatched fingerprints: hang up with a security note; nothing sent or shown', async () => {
    const { nodes, media } = await setup();
    const [a, b] = nodes as [CallNode, CallNode];
    media.mitm = true;
    await a.calls.start([b.id], 'video');
    await untilPhase(b, 'incoming');
    await b.calls.accept('video');
    await untilPhase(a, 'ended');
    await untilPhase(b, 'ended');
    // Whoever checks first hangs up; the other may hear the CALL_LEAVE before its own check.
    const reasons = [a.calls.snapshot.endReason, b.calls.snapshot.endReason];
    expect(reasons).toContain('failed');
    for (const reason of reasons) expect(['failed', 'remoteHangup']).toContain(reason);
    expect(warned('SECURITY')).toBe(true);
    for (const node of [a, b]) {
      for (const link of node.media.links) {
        expect(link.closed).toBe(true);
        expect(link.replaced.filter((r) => r.track !== null)).toEqual([]);
      }
      const shown = node.snapshots.flatMap((s) => s.participants).filter((p) => p.stream);
      expect(shown).toEqual([]);
      expect(node.devices.live).toEqual([]);
    }
    await waitFor(() => a.logged.length === 1);
    expect(a.logged[0]!.outcome).toBe('failed');
  });

  it('[CALL-7] a media link from a stranger is refused, the call goes on', async () => {
    const { nodes, media } = await setup();
    const [a, b] = nodes as [CallNode, CallNode];
    await connected(a, b);
    const stranger = media.transport((await generateIdentityKeys()).id);
    const dial = stranger.call(b.id, someStream(), { call: b.calls.snapshot.id! });
    await waitFor(() => dial.closed);
    const inbound = b.media.links.find((l) => l.peer === stranger.id)!;
    expect(inbound.answered).toBe(false);
    expect(inbound.closed).toBe(true);
    expect(warned('no authenticated session')).toBe(true);
    expect(b.calls.snapshot.phase).toBe('active');
    expect(b.calls.snapshot.participants.map((p) => p.peer)).toEqual([a.id]);
  });

  it('[CALL-7] a media link from a friend without a call, or for another call, is refused', async () => {
    const { nodes } = await setup(['Ada', 'Bob', 'Cyd']);
    const [a, b, c] = nodes as [CallNode, CallNode, CallNode];
    const idle = a.media.call(b.id, someStream(), { call: 'A'.repeat(22) });
    await waitFor(() => idle.closed);
    expect(warned('(no call)')).toBe(true);
    await connected(a, b);
    // Cyd is a friend with a session, but not in the call, even with the right id.
    const wrong = c.media.call(b.id, someStream(), { call: 'B'.repeat(22) });
    await waitFor(() => wrong.closed);
    expect(warned('not the current call')).toBe(true);
    // With the right id it waits, unanswered, for a CALL_ACCEPT that never comes.
    const sneaky = c.media.call(b.id, someStream(), { call: b.calls.snapshot.id! });
    // The link is held the moment it arrives; the checks below and at the end show that
    // it stays unanswered throughout.
    await waitFor(() => b.media.links.some((l) => l.peer === c.id && l.id === sneaky.id));
    const held = b.media.links.find((l) => l.id === sneaky.id)!;
    expect(held.answered).toBe(false);
    expect(held.closed).toBe(false);
    expect(b.calls.snapshot.participants.map((p) => p.peer)).toEqual([a.id]);
    // A second link inside the pair is refused too.
    const [lower, higher] = a.id < b.id ? [a, b] : [b, a];
    const extra = lower.media.call(higher.id, someStream(), { call: a.calls.snapshot.id! });
    await waitFor(() => extra.closed);
    const reverse = higher.media.call(lower.id, someStream(), { call: a.calls.snapshot.id! });
    await waitFor(() => reverse.closed);
    expect(warned('the other side dials this pair')).toBe(true);
    expect(held.answered).toBe(false);
    expect(b.calls.snapshot.participants.map((p) => p.peer)).toEqual([a.id]);
    const answered = (n: CallNode) => n.media.links.filter((l: FakeMediaLink) => l.answered);
    expect(answered(b)).toHaveLength(a.id < b.id ? 1 : 0);
    expect(b.calls.snapshot.phase).toBe('active');
    b.calls.hangup();
    await waitFor(() => sneaky.closed); // refused for good when the call ends
    expect(held.answered).toBe(false);
  });
});

describe('links before their CALL_ACCEPT', () => {
  it('[CALL-7] a link that beats its CALL_ACCEPT waits unanswered, then is answered', async () => {
    const { nodes } = await setup(['Ada', 'Bob', 'Cyd']);
    // The joiner must be the smaller id of its pair, so that it is the one to dial.
    const [joiner, mid, high] = [...nodes].sort((x, y) => (x.id < y.id ? -1 : 1)) as [
      CallNode,
      CallNode,
      CallNode,
    ];
    await connected(mid, high, 'audio');
    const call = high.calls.snapshot.id!;
    const early = joiner.media.call(high.id, someStream(), { call });
    // Held the moment it arrives: unanswered, and still open when its CALL_ACCEPT comes.
    await waitFor(() => high.media.links.some((l) => l.id === early.id));
    const inbound = high.media.links.find((l) => l.id === early.id)!;
    expect(inbound.answered).toBe(false);
    expect(inbound.closed).toBe(false);
    // Its CALL_ACCEPT arrives (as if Mid had invited it): now it is answered.
    joiner.engine.manager.session(high.id)!.send(bareFrame('CALL_ACCEPT', call));
    await waitFor(() => inbound.answered);
    expect(inbound.closed).toBe(false);
    expect(participant(high, joiner.id)?.state).toBe('connecting');
  });
});

describe('call frames', () => {
  it('[CALL-1] malformed call frames are dropped; the session and the next call still work', async () => {
    const { nodes } = await setup();
    const [a, b] = nodes as [CallNode, CallNode];
    const session = a.engine.manager.session(b.id)!;
    const id = 'C'.repeat(22);
    const ring = {
      type: 'CALL_RING',
      v: 1,
      call: id,
      media: 'video',
      joined: [a.id],
      ringing: [b.id],
    };
    const bad = [
      { ...ring, call: 'short' },
      { ...ring, media: 'fax' },
      { ...ring, v: 2 },
      { ...ring, joined: [b.id], ringing: [b.id] },
      { ...ring, ringing: [b.id, ...Array.from({ length: 5 }, () => a.id)] },
      { ...ring, joined: [] },
      { ...ring, joined: ['a'.repeat(32)] }, // well-formed, but the sender is not in it
      { type: 'CALL_STATE', v: 1, call: id, muted: 'yes', cameraOff: false, sharing: false },
      { type: 'CALL_FP', v: 1, call: id, link: 'mc_1', local: 'sha-1 AA:BB', remote: 'x' },
      { type: 'CALL_SOMETHING', v: 1, call: id },
    ];
    for (const frame of bad) session.send(frame);
    await waitFor(() => logs.filter((l) => l.text.includes('invalid call frame')).length >= 7);
    expect(warned('malformed ring')).toBe(true);
    expect(b.calls.snapshot.phase).toBe('idle');
    expect(a.online(b.id)).toBe(true);
    await connected(a, b, 'audio');
  });

  it('[CALL-1] a ring from a stranger rings nothing', async () => {
    const { hub, nodes } = await setup();
    const [, b] = nodes as [CallNode, CallNode];
    const raw = await makeRawPeer(hub);
    const log = await raw.dial(b.id);
    await rawHandshake(raw, log);
    await log.next('AUTH');
    log.send({
      type: 'CALL_RING',
      v: 1,
      call: 'D'.repeat(22),
      media: 'video',
      joined: [raw.keys.id],
      ringing: [b.id],
    });
    await waitFor(() => warned('ignoring a ring from a non-friend'));
    expect(b.calls.snapshot.phase).toBe('idle');
    expect(b.devices.tracks).toEqual([]);
  });
});
