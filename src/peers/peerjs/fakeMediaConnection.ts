/**
 * Test doubles for the PeerJS media adapter: a peerjs-like MediaConnection
 * over a fake RTCPeerConnection whose senders record replaceTrack. It mimics
 * the peerjs quirks the adapter works around ('close' only once open,
 * 'stream' once per track). No test-framework imports.
 */
import type { MediaConnectionLike, MediaPeerConnection } from './PeerJsMediaLink';

type Listener = (...args: unknown[]) => void;

/** An RTCRtpSender stand-in. */
export class FakeSender {
  readonly calls: (MediaStreamTrack | null)[] = [];
  fail = false;
  constructor(public track: MediaStreamTrack | null) {}
  replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    if (this.fail) return Promise.reject(new Error('InvalidStateError'));
    this.calls.push(track);
    this.track = track;
    return Promise.resolve();
  }
}

/** An RTCPeerConnection stand-in with one transceiver per added track. */
export class FakePeerConnection {
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: { sdp: string } | null = null;
  remoteDescription: { sdp: string } | null = null;
  stats = new Map<string, unknown>();
  readonly transceivers: { kind: string; sender: FakeSender }[] = [];
  readonly #listeners = new Set<() => void>();

  addTrack(track: MediaStreamTrack): void {
    this.transceivers.push({ kind: track.kind, sender: new FakeSender(track) });
  }
  getTransceivers() {
    return this.transceivers.map((t) => ({
      receiver: { track: { kind: t.kind } },
      sender: t.sender,
      currentDirection: 'sendrecv',
    }));
  }
  getSenders(): FakeSender[] {
    return this.transceivers.map((t) => t.sender);
  }
  getStats(): Promise<ReadonlyMap<string, unknown>> {
    return Promise.resolve(this.stats);
  }
  addEventListener(type: string, listener: () => void): void {
    if (type === 'connectionstatechange') this.#listeners.add(listener);
  }
  /** Move to `state` and tell the listeners, as the browser does. */
  setState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    for (const l of this.#listeners) l();
  }
}

/** A peerjs MediaConnection stand-in. */
export class FakeMediaConnection {
  peerConnection: FakePeerConnection | null = null;
  answered: MediaStream | null = null;
  closed = false;
  open = false;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(
    readonly peer: string,
    readonly connectionId: string,
    readonly metadata: unknown,
    stream?: MediaStream,
  ) {
    // Like peerjs: a dialled connection builds its peer connection at once.
    if (stream) this.#start(stream);
  }

  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.#listeners.get(event) ?? []) l(...args);
  }
  answer(stream?: MediaStream): void {
    this.answered = stream ?? null;
    if (stream) this.#start(stream);
    this.open = true;
  }
  close(): void {
    this.closed = true;
    this.peerConnection = null;
    // peerjs emits 'close' only for a connection that was open.
    if (!this.open) return;
    this.open = false;
    this.emit('close');
  }
  #start(stream: MediaStream): void {
    const pc = new FakePeerConnection();
    for (const track of stream.getTracks()) pc.addTrack(track);
    this.peerConnection = pc;
  }
}

/** The fake as the adapter's type. */
export function asConnection(conn: FakeMediaConnection): MediaConnectionLike {
  return conn as unknown as MediaConnectionLike & { peerConnection: MediaPeerConnection | null };
}
