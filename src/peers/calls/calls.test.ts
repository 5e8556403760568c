import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEventOf } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import { setLogFilter, setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import type { ControlFrame } from '../session/frames';
import { waitFor } from '../session/testing';
import { logOf } from '../sync/testing';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import { RING_TIMEOUT_MS } from './api';
import type { FakeMediaLink } from './fakeMedia';
import { bareFrame, ringFrame } from './frames';
import { callNodes, participant, untilPhase, type CallNode, type CallNodeOptions } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

/** Keep this test's log lines as text, with the calls' info lines on. */
function captureLogs(): string[] {
  const lines: string[] = [];
  setLogFilter('peers:calls');
  cleanup.push(
    () => setLogFilter(''),
    setLogSink((_level, _ns, args) => lines.push(args.map(String).join(' '))),
  );
  return lines;
}

async function nodes(names: string[], options: CallNodeOptions = {}) {
  const made = await callNodes(new MemoryHub(), names, options);
  for (const n of made.nodes) cleanup.push(() => n.stop());
  return made.nodes;
}

async function pair(options: CallNodeOptions = {}): Promise<[CallNode, CallNode]> {
  const [a, b] = await nodes(['Ada', 'Bob'], options);
  return [a!, b!];
}

/** Ada video-calls Bob and Bob accepts; both active. */
async function connected(options: CallNodeOptions = {}): Promise<[CallNode, CallNode]> {
  const [a, b] = await pair(options);
  await a.calls.start([b.id], 'video');
  await untilPhase(b, 'incoming');
  await b.calls.accept('video');
  await untilPhase(a, 'active');
  await untilPhase(b, 'active');
  return [a, b];
}

/** The one open media link of `node`. */
function linkOf(node: CallNode): FakeMediaLink {
  const open = node.media.open;
  expect(open).toHaveLength(1);
  return open[0]!;
}

/** The call entries in `node`'s copy of the chat with `peer`. */
async function entries(node: CallNode, peer: CallNode) {
  const events = await logOf(node, directConversationId(node.id, peer.id));
  return events.filter((e) => isEventOf(e, 'call')).map((e) => e.body);
}

/** Call frames `node` receives from `from` from now on. */
function framesAt(node: CallNode, from: CallNode): ControlFrame[] {
  const got: ControlFrame[] = [];
  node.engine.manager.session(from.id)!.on('frame', (f) => {
    if (f.type.startsWith('CALL_')) got.push(f);
  });
  return got;
}

const byKind = (node: CallNode, label: string) =>
  node.devices.tracks.filter((t) => t.label === label);

describe('1:1 calls', () => {
  it('[CALL-2][CALL-4][CALL-8] ring, accept, active: the verified link carries my tracks', async () => {
    const [a, b] = await pair();
    await a.calls.start([b.id], 'video');
    expect(a.calls.snapshot).toMatchObject({ phase: 'outgoing', caller: a.id, media: 'video' });
    await untilPhase(b, 'incoming');
    expect(b.calls.snapshot).toMatchObject({ caller: a.id, media: 'video', group: false });
    expect(b.devices.tracks).toHaveLength(0); // no device before accepting
    await b.calls.accept('video');
    await untilPhase(a, 'active');
    await untilPhase(b, 'active');
    // One link for the pair, dialled by the smaller PeerId. [CALL-7]
    const dialler = a.id < b.id ? a : b;
    expect(linkOf(dialler).outbound).toBe(true);
    for (const [me, them] of [
      [a, b],
      [b, a],
    ] as const) {
      const link = linkOf(me);
      const [mic] = byKind(me, 'microphone');
      const [camera] = byKind(me, 'camera');
      expect(link.senders.audio).toBe(mic);
      expect(link.senders.video).toBe(camera);
      expect(participant(me, them.id)?.state).toBe('connected');
      await waitFor(() => participant(me, them.id)?.cameraOff === false); // CALL_STATE
      expect(participant(me, them.id)?.stream).toBe(link.remoteStream);
      expect(me.calls.snapshot.local?.getTracks()).toEqual([mic, camera]);
      expect(me.calls.snapshot.startedAt).not.toBeNull();
    }
  });

  it('[CALL-5][CALL-15] decline: both end declined, the caller logs it, no device stays on', async () => {
    const [a, b] = await pair();
    await a.calls.start([b.id], 'audio');
    await untilPhase(b, 'incoming');
    b.calls.decline();
    expect(b.calls.snapshot).toMatchObject({ phase: 'ended', endReason: 'declined' });
    await untilPhase(a, 'ended');
    expect(a.calls.snapshot.endReason).toBe('declined');
    expect(a.devices.tracks.length).toBeGreaterThan(0);
    expect(a.devices.live).toEqual([]);
    await waitFor(() => a.logged.length === 1);
    expect(a.logged).toEqual([{ peer: b.id, outcome: 'declined' }]);
    expect(await entries(a, b)).toMatchObject([
      { outcome: 'declined', media: 'audio', duration: 0 },
    ]);
    // The entry syncs like any event.
    await waitFor(async () => (await entries(b, a)).length === 1);
    a.calls.dismiss();
    expect(a.calls.snapshot.phase).toBe('idle');
  });

  it('[CALL-5] missed: ringing stops after the ring timeout on both sides', async () => {
    const env = new FakeEnvironment();
    const [a, b] = await pair({ env });
    await a.calls.start([b.id], 'video');
    await untilPhase(b, 'incoming');
    await env.advance(RING_TIMEOUT_MS - 1);
    expect(a.calls.snapshot.phase).toBe('outgoing');
    expect(b.calls.snapshot.phase).toBe('incoming');
    await env.advance(1);
    expect(a.calls.snapshot).toMatchObject({ phase: 'ended', endReason: 'missed' });
    expect(b.calls.snapshot).toMatchObject({ phase: 'ended', endReason: 'missed' });
    expect(a.devices.live).toEqual([]);
    await waitFor(() => a.logged.length === 1);
    expect(await entries(a, b)).toMatchObject([{ outcome: 'missed', duration: 0 }]);
  });

  it('[CALL-3] busy: a ring during a call is answered busy; the running call goes on', async () => {
    const [a, b, c] = (await nodes(['Ada', 'Bob', 'Cyd'])) as [CallNode, CallNode, CallNode];
    await a.calls.start([b.id], 'audio');
    await untilPhase(b, 'incoming');
    await b.calls.accept('audio');
    await untilPhase(a, 'active');
    await c.calls.start([b.id], 'video');
    await untilPhase(c, 'ended');
    expect(c.calls.snapshot.endReason).toBe('busy');
    expect(c.devices.live).toEqual([]);
    await waitFor(() => c.logged.length === 1);
    expect(c.logged[0]).toEqual({ peer: b.id, outcome: 'busy' });
    expect(b.calls.snapshot.phase).toBe('active');
    expect(b.calls.snapshot.participants.map((p) => p.peer)).toEqual([a.id]);
  });

  it('[CALL-3] crossed calls: two friends who ring each other at once end up in one call', async () => {
    const [a, b] = await pair();
    // Both rings go out before either arrives; both mute while it rings.
    await Promise.all([a.calls.start([b.id], 'video'), b.calls.start([a.id], 'audio')]);
    a.calls.setMuted(true);
    b.calls.setMuted(true);
    const ids = [a.calls.snapshot.id!, b.calls.snapshot.id!];
    expect(ids[0]).not.toBe(ids[1]);
    await untilPhase(a, 'active');
    await untilPhase(b, 'active');
    // The call with the smaller id went on, on both sides; each kept the media it called with.
    const kept = [...ids].sort()[0];
    expect(a.calls.snapshot.id).toBe(kept);
    expect(b.calls.snapshot.id).toBe(kept);
    const caller = a.calls.snapshot.caller === a.id ? a : b;
    expect(b.calls.snapshot.caller).toBe(caller.id);
    expect(caller.calls.snapshot.id).toBe(ids[caller === a ? 0 : 1]);
    expect(byKind(a, 'camera').filter((t) => t.readyState === 'live')).toHaveLength(1);
    expect(byKind(b, 'camera').filter((t) => t.readyState === 'live')).toHaveLength(0);
    // The side that gave way answered with its devices as they were: opened once, still muted.
    for (const node of [a, b]) {
      expect(byKind(node, 'microphone')).toHaveLength(1);
      expect(node.calls.snapshot.muted).toBe(true);
    }
    // One link for the pair, and the call that gave way left no entry.
    const dialler = a.id < b.id ? a : b;
    expect(linkOf(dialler).outbound).toBe(true);
    a.calls.hangup();
    await untilPhase(b, 'ended');
    // Only the caller of the call that went on writes its entry: one completed call.
    const other = caller === a ? b : a;
    await waitFor(() => caller.logged.length === 1);
    expect(caller.logged[0]).toEqual({ peer: other.id, outcome: 'completed' });
    await waitFor(async () => (await entries(other, caller)).length === 1);
    expect(await entries(caller, other)).toMatchObject([{ outcome: 'completed' }]);
    expect(other.logged).toEqual([]);
  });

  it('[CALL-3] crossed calls: mine gives way while my ring has not gone out yet', async () => {
    const [a, b] = await pair();
    b.calls.stop(); // b speaks in raw frames
    let open!: () => void;
    a.devices.gate = new Promise((resolve) => (open = resolve));
    const placing = a.calls.start([b.id], 'audio'); // the permission prompt stays open
    await waitFor(() => a.calls.snapshot.phase === 'outgoing');
    // b's ring has the larger id, but a's never went out: a takes b's call.
    const heard = framesAt(b, a);
    const theirs = 'z'.repeat(22);
    b.engine.manager.session(a.id)!.send(ringFrame(theirs, 'audio', [b.id], [a.id]));
    await waitFor(() => a.calls.snapshot.id === theirs);
    open();
    await placing;
    await waitFor(() => heard.some((f) => f.type === 'CALL_ACCEPT'));
    expect(heard.map((f) => [f.type, f.call])).toEqual([['CALL_ACCEPT', theirs]]);
    expect(a.devices.live.filter((t) => t.label === 'microphone')).toHaveLength(1);
  });

  it('[CALL-3] crossed calls: calling the friend whose ring is already here answers it', async () => {
    const [a, b] = await pair();
    // Ada's ring overtakes Bob's press: it is ringing at Bob when his call would start.
    await a.calls.start([b.id], 'audio');
    await untilPhase(b, 'incoming');
    const theirs = a.calls.snapshot.id;
    await b.calls.start([a.id], 'video');
    await untilPhase(a, 'active');
    await untilPhase(b, 'active');
    // One call, Ada's, answered with the media Bob called with; nobody was asked anything.
    expect(b.calls.snapshot.id).toBe(theirs);
    expect(byKind(b, 'camera').filter((t) => t.readyState === 'live')).toHaveLength(1);
    expect(a.calls.snapshot.participants.map((p) => p.peer)).toEqual([b.id]);
  });

  it('[CALL-3] crossed calls: a ring let pass is taken after all when my call ends busy', async () => {
    const logs = captureLogs();
    const [a, b] = await pair();
    b.calls.stop(); // b runs a build without the rule: raw frames
    await a.calls.start([b.id], 'audio');
    const mine = a.calls.snapshot.id!;
    // b's ring crosses a's with a larger id: a lets it pass…
    const theirs = 'z'.repeat(22);
    const session = b.engine.manager.session(a.id)!;
    session.send(ringFrame(theirs, 'audio', [b.id], [a.id]));
    await waitFor(() => logs.some((t) => t.includes('ours goes on')), 2000, 'the ring let pass');
    expect(a.calls.snapshot).toMatchObject({ phase: 'outgoing', id: mine });
    // …but b answers a's ring busy: b's call still rings, and a takes it now.
    session.send(bareFrame('CALL_BUSY', mine));
    await waitFor(() => a.calls.snapshot.id === theirs);
    expect(a.calls.snapshot).toMatchObject({ phase: 'incoming', caller: b.id });
  });

  it('[CALL-3] crossed calls: a ring let pass is not taken when I hang up (it is being withdrawn)', async () => {
    const logs = captureLogs();
    const [a, b] = await pair();
    b.calls.stop();
    await a.calls.start([b.id], 'audio');
    const session = b.engine.manager.session(a.id)!;
    session.send(ringFrame('z'.repeat(22), 'audio', [b.id], [a.id]));
    await waitFor(() => logs.some((t) => t.includes('ours goes on')), 2000, 'the ring let pass');
    a.calls.hangup();
    // A's frames from b are handled in order: once a later one is, taking the ring would have been.
    const later = { type: 'CALL_SOMETHING', v: 1, call: 'Q'.repeat(22) };
    session.send(later);
    await waitFor(() => logs.some((t) => t.includes('invalid call frame')), 2000, 'a later frame');
    expect(a.calls.snapshot).toMatchObject({ phase: 'ended', endReason: 'hangup' });
  });

  it('[CALL-3] crossed calls: a group call is never merged, even with one person left', async () => {
    const [a, b, c] = (await nodes(['Ada', 'Bob', 'Cyd'])) as [CallNode, CallNode, CallNode];
    b.calls.stop(); // b speaks in raw frames
    await a.calls.start([b.id, c.id], 'audio');
    await untilPhase(c, 'incoming');
    c.calls.decline();
    await waitFor(
      () => a.calls.snapshot.participants.filter((p) => p.state !== 'left').length === 1,
    );
    const heard = framesAt(b, a);
    const theirs = 'z'.repeat(22);
    b.engine.manager.session(a.id)!.send(ringFrame(theirs, 'audio', [b.id], [a.id]));
    await waitFor(() => heard.length > 0);
    expect(heard.map((f) => [f.type, f.call])).toEqual([['CALL_BUSY', theirs]]);
    expect(a.calls.snapshot).toMatchObject({ phase: 'outgoing', group: true });
  });

  it('[CALL-5] cancel: the caller gives up while ringing', async () => {
    const [a, b] = await pair();
    await a.calls.start([b.id], 'video');
    await untilPhase(b, 'incoming');
    a.calls.hangup();
    expect(a.calls.snapshot).toMatchObject({ phase: 'ended', endReason: 'hangup', local: null });
    await untilPhase(b, 'ended');
    expect(b.calls.snapshot.endReason).toBe('cancelled');
    await waitFor(() => a.logged.length === 1);
    expect(a.logged[0]!.outcome).toBe('cancelled');
  });

  it('[CALL-10][CALL-15] hang-up stops every local track on both sides; the entry has the duration', async () => {
    const [a, b] = await connected();
    await a.calls.startShare();
    expect(byKind(a, 'screen')).toHaveLength(1);
    a.clockOffset += 3_200;
    a.calls.hangup();
    expect(a.calls.snapshot).toMatchObject({ phase: 'ended', endReason: 'hangup' });
    for (const track of a.devices.tracks) expect(track.stops).toBeGreaterThan(0);
    expect(a.media.open).toEqual([]);
    await untilPhase(b, 'ended');
    expect(b.calls.snapshot.endReason).toBe('remoteHangup');
    for (const track of b.devices.tracks) expect(track.stops).toBeGreaterThan(0);
    expect(b.media.open).toEqual([]);
    await waitFor(() => a.logged.length === 1);
    expect(await entries(a, b)).toMatchObject([
      { outcome: 'completed', media: 'video', duration: 3 },
    ]);
    expect(b.logged).toEqual([]); // only the caller writes
  });

  it('[CALL-10] stopping the engine mid-call stops every track and leaves the call', async () => {
    const [a, b] = await connected();
    b.calls.stop();
    for (const track of b.devices.tracks) expect(track.stops).toBeGreaterThan(0);
    await untilPhase(a, 'ended');
    expect(a.calls.snapshot.endReason).toBe('remoteHangup');
    expect(a.devices.live).toEqual([]);
  });

  it('[CALL-9] mute and camera changes reach the other side', async () => {
    const [a, b] = await connected();
    const [mic] = byKind(a, 'microphone');
    a.calls.setMuted(true);
    expect(mic!.enabled).toBe(false);
    expect(a.calls.snapshot.muted).toBe(true);
    await waitFor(() => participant(b, a.id)?.muted === true);
    await a.calls.setCamera(false);
    const [camera] = byKind(a, 'camera');
    expect(camera!.stops).toBe(1); // the camera light goes off
    expect(linkOf(a).senders.video).toBeNull();
    await waitFor(() => participant(b, a.id)?.cameraOff === true);
    await a.calls.setCamera(true);
    const again = byKind(a, 'camera')[1]!;
    expect(linkOf(a).senders.video).toBe(again);
    await waitFor(() => participant(b, a.id)?.cameraOff === false);
    a.calls.setMuted(false);
    expect(mic!.enabled).toBe(true);
    await waitFor(() => participant(b, a.id)?.muted === false);
  });

  it('[CALL-10] screen share replaces the video track on the same link; the browser can end it', async () => {
    const [a, b] = await connected();
    const links = a.media.links.length;
    const link = linkOf(a);
    const [camera] = byKind(a, 'camera');
    await a.calls.startShare();
    const [screen] = byKind(a, 'screen');
    expect(link.senders.video).toBe(screen);
    expect(a.calls.snapshot.sharing).toBe(true);
    expect(a.calls.snapshot.local?.getVideoTracks()).toEqual([screen]);
    await waitFor(() => participant(b, a.id)?.sharing === true);
    await a.calls.stopShare();
    expect(screen!.stops).toBe(1);
    expect(link.senders.video).toBe(camera);
    await waitFor(() => participant(b, a.id)?.sharing === false);
    // Sharing again, then "Stop sharing" in the browser's own bar.
    await a.calls.startShare();
    const second = byKind(a, 'screen')[1]!;
    expect(link.senders.video).toBe(second);
    second.end();
    expect(a.calls.snapshot.sharing).toBe(false);
    expect(link.senders.video).toBe(camera);
    expect(a.media.links.length).toBe(links); // never a new call
  });

  it('[CALL-10] an audio call can share a screen: the video sender exists from the start', async () => {
    const [a, b] = await pair();
    await a.calls.start([b.id], 'audio');
    await untilPhase(b, 'incoming');
    await b.calls.accept('audio');
    await untilPhase(a, 'active');
    expect(a.calls.snapshot.cameraOff).toBe(true);
    expect(linkOf(a).senders.video).toBeNull();
    await a.calls.startShare();
    expect(linkOf(a).senders.video).toBe(byKind(a, 'screen')[0]);
    await waitFor(() => participant(b, a.id)?.sharing === true);
  });

  it('[CALL-10] switching camera replaces the track in place and stops the old camera', async () => {
    const [a] = await connected();
    const [front] = byKind(a, 'camera');
    await a.calls.switchCamera();
    const back = byKind(a, 'camera')[1]!;
    expect(front!.stops).toBe(1);
    expect(linkOf(a).senders.video).toBe(back);
    expect(a.calls.snapshot.facing).toBe('environment');
    const asked = a.devices.requests.at(-1)!.video as MediaTrackConstraints;
    expect(asked.facingMode).toEqual({ ideal: 'environment' });
  });
});

describe('what the call screen sees', () => {
  it('[CALL-12] quality and speaking come from the link stats', async () => {
    const [a, b] = await connected();
    const link = linkOf(a);
    link.stats_ = { ...link.stats_, rttMs: 900, inboundAudioLevel: 0.4, outboundAudioLevel: 0.3 };
    await waitFor(() => participant(a, b.id)?.quality.level === 'poor', 4000);
    expect(participant(a, b.id)?.quality.rttMs).toBe(900);
    await waitFor(() => participant(a, b.id)?.speaking === true && a.calls.snapshot.speaking);
    link.stats_ = { ...link.stats_, rttMs: 30, inboundAudioLevel: 0, outboundAudioLevel: 0.3 };
    a.calls.setMuted(true); // muted: never shown speaking
    await waitFor(() => participant(a, b.id)?.speaking === false && !a.calls.snapshot.speaking);
    await waitFor(() => participant(a, b.id)?.quality.level === 'good', 4000);
  });

  it('snapshots are throttled to about five a second, and the last state always arrives', async () => {
    const env = new FakeEnvironment();
    const [a] = await connected({ env, now: () => env.now });
    await env.advance(250);
    const before = a.snapshots.length;
    const started = env.now;
    for (let i = 0; i < 40; i++) {
      a.calls.setMuted(i % 2 === 0);
      await env.advance(5);
    }
    await env.advance(300);
    const seconds = (env.now - started) / 1000;
    const emitted = a.snapshots.length - before;
    expect(emitted).toBeGreaterThan(0);
    expect(emitted).toBeLessThanOrEqual(Math.ceil(seconds * 5) + 1);
    expect(a.snapshots.at(-1)!.muted).toBe(false); // the 40th toggle: unmuted
  });
});

describe('media errors', () => {
  it('[CALL-11] a denied microphone ends the call before it rings; retryMedia places it again', async () => {
    const [a, b] = await pair();
    a.devices.fail = { audio: 'NotAllowedError' };
    await a.calls.start([b.id], 'audio');
    expect(a.calls.snapshot).toMatchObject({
      phase: 'ended',
      endReason: 'permission',
      mediaError: 'permission',
    });
    a.devices.fail = {};
    await a.calls.retryMedia();
    expect(a.calls.snapshot).toMatchObject({ phase: 'outgoing', mediaError: null });
    await untilPhase(b, 'incoming');
    expect(a.logged).toEqual([]); // the failed attempt rang nobody and logs nothing
  });

  it('[CALL-11] a busy camera: the video call goes on with audio only and says why', async () => {
    const [a, b] = await pair();
    await a.calls.start([b.id], 'video');
    await untilPhase(b, 'incoming');
    b.devices.fail = { video: 'NotReadableError' };
    await b.calls.accept('video');
    expect(b.calls.snapshot).toMatchObject({ mediaError: 'inUse', cameraOff: true });
    await untilPhase(b, 'active');
    await waitFor(() => participant(a, b.id)?.cameraOff === true);
  });

  it('[CALL-11] a denied permission keeps the call ringing; retrying answers it', async () => {
    const [a, b] = await pair();
    await a.calls.start([b.id], 'video');
    await untilPhase(b, 'incoming');
    b.devices.fail = { audio: 'NotAllowedError' };
    await b.calls.accept('video');
    expect(b.calls.snapshot).toMatchObject({ phase: 'incoming', mediaError: 'permission' });
    b.devices.fail = {};
    await b.calls.retryMedia();
    await untilPhase(b, 'active');
    await untilPhase(a, 'active');
  });
});
