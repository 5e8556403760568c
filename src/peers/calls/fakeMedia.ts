/**
 * Test doubles for calls without a browser: media tracks and streams that
 * record `stop()`, devices that hand them out (and fail on request), and a
 * MediaTransport whose links connect in-process, report fingerprints, and
 * record what each sender carries. No test-framework imports.
 */
import { Emitter } from '../../lib/emitter';
import type { PeerId } from '../../lib/ids';
import type {
  MediaKind,
  MediaLink,
  MediaLinkEvents,
  MediaLinkStats,
  MediaTransport,
  MediaTransportEvents,
} from '../media';
import type { ChannelFingerprints, ChannelMetadata, Unsubscribe } from '../transport';
import type { MediaDevicesLike } from './LocalMedia';

let seq = 0;

/** A MediaStreamTrack stand-in: records stop(), can be ended by "the browser". */
export class FakeTrack {
  readonly id = `track-${++seq}`;
  enabled = true;
  readyState: MediaStreamTrackState = 'live';
  stops = 0;
  readonly #ended = new Set<() => void>();

  constructor(
    readonly kind: MediaKind,
    readonly label: string = kind,
  ) {}

  stop(): void {
    this.stops++;
    this.readyState = 'ended';
  }
  addEventListener(type: string, listener: () => void): void {
    if (type === 'ended') this.#ended.add(listener);
  }
  removeEventListener(type: string, listener: () => void): void {
    if (type === 'ended') this.#ended.delete(listener);
  }
  /** The browser ended it (the person pressed "Stop sharing", a camera was unplugged). */
  end(): void {
    this.readyState = 'ended';
    for (const listener of [...this.#ended]) listener();
  }
}

/** A MediaStream stand-in. */
export class FakeStream {
  readonly id = `stream-${++seq}`;
  readonly #tracks: MediaStreamTrack[];
  constructor(tracks: readonly (MediaStreamTrack | FakeTrack)[] = []) {
    this.#tracks = tracks.map(asTrack);
  }
  getTracks(): MediaStreamTrack[] {
    return [...this.#tracks];
  }
  getAudioTracks(): MediaStreamTrack[] {
    return this.#tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): MediaStreamTrack[] {
    return this.#tracks.filter((t) => t.kind === 'video');
  }
}

/** A fake track as the DOM type. */
export function asTrack(track: MediaStreamTrack | FakeTrack): MediaStreamTrack {
  return track as unknown as MediaStreamTrack;
}
/** A fake stream as the DOM type. */
export function asStream(stream: FakeStream): MediaStream {
  return stream as unknown as MediaStream;
}
/** The engine's `createStream` for tests. */
export const fakeStreamOf = (tracks: MediaStreamTrack[]): MediaStream =>
  asStream(new FakeStream(tracks));

function domError(name: string): Error {
  return Object.assign(new Error(name), { name });
}

/** Devices that hand out FakeTracks and remember every one. */
export class FakeDevices implements MediaDevicesLike {
  readonly tracks: FakeTrack[] = [];
  readonly requests: MediaStreamConstraints[] = [];
  /** Error names to throw: for the microphone, the camera, the screen picker. */
  fail: { audio?: string; video?: string; display?: string } = {};
  /** While set, getUserMedia answers only once it resolves (a permission prompt left open). */
  gate: Promise<void> | null = null;

  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    if (this.gate) await this.gate;
    if (constraints.audio && this.fail.audio) throw domError(this.fail.audio);
    if (constraints.video && this.fail.video) throw domError(this.fail.video);
    const made: FakeTrack[] = [];
    if (constraints.audio) made.push(new FakeTrack('audio', 'microphone'));
    if (constraints.video) made.push(new FakeTrack('video', 'camera'));
    this.tracks.push(...made);
    return Promise.resolve(asStream(new FakeStream(made)));
  }

  getDisplayMedia(): Promise<MediaStream> {
    if (this.fail.display) return Promise.reject(domError(this.fail.display));
    const screen = new FakeTrack('video', 'screen');
    this.tracks.push(screen);
    return Promise.resolve(asStream(new FakeStream([screen])));
  }

  /** Tracks handed out and never stopped. */
  get live(): FakeTrack[] {
    return this.tracks.filter((t) => t.stops === 0);
  }
}

/** A fingerprint in [SES-4] form made from a label. */
export function fakeFingerprint(label: string): string {
  let h = 0;
  for (const ch of label) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const bytes = Array.from({ length: 32 }, (_, i) => ((h >>> (i % 24)) + i * 7) & 0xff);
  return `sha-256 ${bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')}`;
}

const DEFAULT_STATS: MediaLinkStats = {
  rttMs: 40,
  inboundAudioLevel: 0,
  outboundAudioLevel: 0,
  packetsLost: 0,
  packetsReceived: 0,
  framesDecoded: 0,
};

/** One end of an in-process media link. Senders start held, as the contract says. */
export class FakeMediaLink implements MediaLink {
  readonly events = new Emitter<MediaLinkEvents>();
  readonly senders: Record<MediaKind, MediaStreamTrack | null> = { audio: null, video: null };
  readonly replaced: { kind: MediaKind; track: MediaStreamTrack | null }[] = [];
  twin: FakeMediaLink | null = null;
  negotiated: MediaStream | null = null;
  answered = false;
  connected = false;
  fps: ChannelFingerprints | null = null;
  stats_: MediaLinkStats = { ...DEFAULT_STATS };
  #remote: MediaStream | null = null;
  #closed = false;

  constructor(
    readonly id: string,
    readonly peer: PeerId,
    readonly metadata: ChannelMetadata,
    readonly outbound: boolean,
    readonly owner: FakeMediaTransport,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }
  get remoteStream(): MediaStream | null {
    return this.#remote;
  }
  answer(stream: MediaStream): void {
    if (this.#closed || this.answered || this.outbound) return;
    this.answered = true;
    this.negotiated = stream;
    setTimeout(() => this.owner.hub.connect(this), 0);
  }
  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    this.senders[kind] = track;
    this.replaced.push({ kind, track });
    return Promise.resolve(true);
  }
  fingerprints(): Promise<ChannelFingerprints | null> {
    return Promise.resolve(this.connected && !this.#closed ? this.fps : null);
  }
  stats(): Promise<MediaLinkStats | null> {
    return Promise.resolve(this.connected && !this.#closed ? { ...this.stats_ } : null);
  }
  on<E extends keyof MediaLinkEvents>(event: E, listener: MediaLinkEvents[E]): Unsubscribe {
    return this.events.on(event, listener);
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.events.emit('closed');
    this.events.clear();
    this.twin?.close();
  }
  /** Called by the hub once both ends are negotiated. */
  arrive(fps: ChannelFingerprints, remote: MediaStream): void {
    if (this.#closed) return;
    this.connected = true;
    this.fps = fps;
    this.#remote = remote;
    this.events.emit('connected');
    this.events.emit('stream', remote);
  }
}

/** In-process media transports by PeerId. */
export class FakeMediaHub {
  readonly transports = new Map<PeerId, FakeMediaTransport>();
  /** Someone in the middle: each side sees the attacker's certificate as the remote one. */
  mitm = false;

  transport(id: PeerId): FakeMediaTransport {
    let t = this.transports.get(id);
    if (!t) this.transports.set(id, (t = new FakeMediaTransport(id, this)));
    return t;
  }

  /** An answered inbound link and its dialler get fingerprints and each other's media. */
  connect(inbound: FakeMediaLink): void {
    const outbound = inbound.twin;
    if (!outbound || inbound.closed || outbound.closed) return;
    const a = outbound.owner.cert;
    const b = inbound.owner.cert;
    const remoteOf = (link: FakeMediaLink) =>
      asStream(
        new FakeStream(
          (link.negotiated?.getTracks() ?? []).map((t) => new FakeTrack(t.kind as MediaKind)),
        ),
      );
    outbound.arrive(
      { local: a, remote: this.mitm ? fakeFingerprint('mallory-1') : b },
      remoteOf(inbound),
    );
    inbound.arrive(
      { local: b, remote: this.mitm ? fakeFingerprint('mallory-2') : a },
      remoteOf(outbound),
    );
  }
}

/** A MediaTransport over a FakeMediaHub. */
export class FakeMediaTransport implements MediaTransport {
  readonly links: FakeMediaLink[] = [];
  readonly cert: string;
  readonly #events = new Emitter<MediaTransportEvents>();

  constructor(
    readonly id: PeerId,
    readonly hub: FakeMediaHub,
  ) {
    this.cert = fakeFingerprint(id);
  }

  call(peer: PeerId, stream: MediaStream, metadata: ChannelMetadata): FakeMediaLink {
    const id = `mc_${++seq}`;
    const out = new FakeMediaLink(id, peer, metadata, true, this);
    out.negotiated = stream;
    this.links.push(out);
    setTimeout(() => {
      if (out.closed) return;
      const target = this.hub.transports.get(peer);
      const inbound = new FakeMediaLink(id, this.id, metadata, false, target ?? this);
      out.twin = inbound;
      inbound.twin = out;
      if (!target || target.#events.count('call') === 0) return out.close();
      target.links.push(inbound);
      target.#events.emit('call', inbound);
    }, 0);
    return out;
  }

  onCall(listener: MediaTransportEvents['call']): Unsubscribe {
    return this.#events.on('call', listener);
  }

  /** Links that are still open. */
  get open(): FakeMediaLink[] {
    return this.links.filter((l) => !l.closed);
  }
}
