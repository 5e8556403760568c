import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../../lib/log';
import { FakeStream, FakeTrack, asStream, asTrack, fakeFingerprint } from '../calls/fakeMedia';
import { flush } from '../testing/fakeEnvironment';
import { FakeMediaConnection, asConnection, type FakePeerConnection } from './fakeMediaConnection';
import { PeerJsMediaLink, type NegotiationShaper } from './PeerJsMediaLink';

const PEER = 'b'.repeat(32);

let restoreLogs: () => void = () => undefined;
beforeEach(() => {
  restoreLogs = setLogSink(() => undefined);
});
afterEach(() => restoreLogs());

/** A shaper that adds a placeholder video track, recording its disposal. */
function shaper() {
  const placeholders: FakeTrack[] = [];
  const shape: NegotiationShaper = (stream) => {
    if (stream.getVideoTracks().length > 0) return { stream, dispose: () => undefined };
    const blank = new FakeTrack('video', 'placeholder');
    placeholders.push(blank);
    const shaped = asStream(new FakeStream([...stream.getTracks(), blank]));
    return { stream: shaped, dispose: () => blank.stop() };
  };
  return { shape, placeholders };
}

function audioStream() {
  const mic = new FakeTrack('audio');
  return { mic, stream: asStream(new FakeStream([mic])) };
}

function outbound() {
  const { shape, placeholders } = shaper();
  const { mic, stream } = audioStream();
  const negotiation = shape(stream);
  const conn = new FakeMediaConnection(PEER, 'mc_1', { call: 'x' }, negotiation.stream);
  const link = new PeerJsMediaLink(asConnection(conn), true, shape, negotiation);
  const pc = conn.peerConnection!;
  return { conn, link, pc, mic, placeholders };
}

const sdp = (fp: string) => `v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:${fp}\r\n`;

describe('PeerJS media link', () => {
  it('[CALL-8][CALL-10] a dialled link is held at once, with a video section from a placeholder', async () => {
    const { link, pc, placeholders } = outbound();
    expect(pc.transceivers.map((t) => t.kind)).toEqual(['audio', 'video']);
    await flush();
    for (const sender of pc.getSenders()) expect(sender.calls).toEqual([null]);
    expect(placeholders[0]!.stops).toBe(1); // released once the hold landed
    const camera = asTrack(new FakeTrack('video'));
    expect(await link.replaceTrack('video', camera)).toBe(true);
    expect(pc.getSenders()[1]!.track).toBe(camera);
    expect(pc.getSenders()[0]!.track).toBeNull();
  });

  it('[CALL-8] answering shapes the stream and holds the senders', async () => {
    const { shape } = shaper();
    const conn = new FakeMediaConnection(PEER, 'mc_2', { call: 'x' });
    const link = new PeerJsMediaLink(asConnection(conn), false, shape);
    expect(link.metadata).toEqual({ call: 'x' });
    const { mic, stream } = audioStream();
    link.answer(stream);
    expect(conn.answered?.getTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
    await flush();
    const pc: FakePeerConnection = conn.peerConnection!;
    expect(pc.getSenders().map((s) => s.track)).toEqual([null, null]);
    await link.replaceTrack('audio', asTrack(mic));
    expect(pc.getSenders()[0]!.track).toBe(mic);
  });

  it('[CALL-8] fingerprints: none until connected, then the strict SDP ones', async () => {
    const { link, pc } = outbound();
    const [mine, theirs] = [fakeFingerprint('me'), fakeFingerprint('them')];
    pc.localDescription = { sdp: sdp(mine) };
    pc.remoteDescription = { sdp: sdp(theirs) };
    expect(await link.fingerprints()).toBeNull();
    let connected = 0;
    link.on('connected', () => connected++);
    pc.setState('connected');
    expect(connected).toBe(1);
    expect(await link.fingerprints()).toEqual({ local: mine, remote: theirs });
  });

  it('[CALL-8] a sender that cannot be held closes the link', async () => {
    const { shape } = shaper();
    const { stream } = audioStream();
    const conn = new FakeMediaConnection(PEER, 'mc_3', {}, stream);
    conn.peerConnection!.getSenders()[0]!.fail = true;
    const link = new PeerJsMediaLink(asConnection(conn), true, shape, shape(stream));
    await flush();
    expect(link.closed).toBe(true);
    expect(conn.closed).toBe(true);
  });

  it('[CALL-12] one stream event per stream, one close whoever closes, errors close', async () => {
    const { conn, link, pc } = outbound();
    const seen: string[] = [];
    link.on('stream', () => seen.push('stream'));
    link.on('error', (e) => seen.push(`error:${e.reason}`));
    link.on('closed', () => seen.push('close'));
    const remote = asStream(new FakeStream([new FakeTrack('audio')]));
    conn.emit('stream', remote);
    conn.emit('stream', remote); // peerjs: once per track
    expect(link.remoteStream).toBe(remote);
    pc.stats = new Map([['I', { type: 'inbound-rtp', kind: 'audio', audioLevel: 0.5 }]]);
    expect((await link.stats())?.inboundAudioLevel).toBe(0.5);
    pc.setState('failed');
    link.close();
    conn.emit('close');
    expect(seen).toEqual(['stream', 'error:negotiation', 'close']);
    expect(await link.stats()).toBeNull();
    expect(await link.replaceTrack('audio', null)).toBe(false);
  });

  it('closes even when peerjs stays silent (a never-answered dial)', () => {
    const { conn, link } = outbound();
    let closes = 0;
    link.on('closed', () => closes++);
    link.close();
    expect(conn.closed).toBe(true);
    expect(closes).toBe(1);
  });
});
