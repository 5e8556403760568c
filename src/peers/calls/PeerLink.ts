/**
 * One media link with one participant, bound to their authenticated session
 * ([CALL-8]): both sides read the link's DTLS fingerprints and send them as
 * CALL_FP over the session; the link counts as verified only when the two
 * mirror each other (their local is my remote and the other way round). Until
 * then the link's senders stay held and its remote stream is not shown.
 */
import { log } from '../../lib/log';
import type { MediaKind, MediaLink } from '../media';
import type { ChannelFingerprints } from '../transport';
import { FINGERPRINT_POLL_MS } from './constants';
import { fingerprintFrame, type FingerprintFrame } from './frames';
import type { Clock, TimerHandle } from '../../lib/clock';

const logger = log('peers:calls:link');

/** What a PeerLink needs from its call. */
export interface PeerLinkDeps {
  call: string;
  timers: Clock;
  /** Send on the participant's live session; false when there is none. */
  send(frame: FingerprintFrame): boolean;
  /** The tracks to put on the senders once verified. */
  tracks(): Record<MediaKind, MediaStreamTrack | null>;
  verified(): void;
  /** The remote stream arrived after verification (or verification came after it). */
  stream(): void;
  /** The fingerprints do not mirror: someone is in the middle. */
  mismatch(): void;
  closed(): void;
}

/** Verification and track release for one media link. */
export class PeerLink {
  readonly link: MediaLink;
  readonly #deps: PeerLinkDeps;
  #mine: ChannelFingerprints | null = null;
  #theirs: { local: string; remote: string } | null = null;
  #sent = false;
  #verified = false;
  #reading = false;
  #done = false;
  #timer: TimerHandle | null = null;
  /** What each sender carries now (undefined: still held by the adapter). */
  readonly #onSender: Partial<Record<MediaKind, MediaStreamTrack | null>> = {};

  constructor(link: MediaLink, deps: PeerLinkDeps) {
    this.link = link;
    this.#deps = deps;
    link.on('connected', () => this.#read());
    link.on('stream', () => {
      if (this.#verified) deps.stream();
    });
    link.on('closed', () => {
      this.#stop();
      deps.closed();
    });
    this.#read();
  }

  get verified(): boolean {
    return this.#verified;
  }

  /** The remote stream, only once verified: unverified media never reaches the UI. */
  get remote(): MediaStream | null {
    return this.#verified ? this.link.remoteStream : null;
  }

  /** The peer's CALL_FP for this link. */
  receive(frame: FingerprintFrame): void {
    if (this.#done) return;
    this.#theirs = { local: frame.local, remote: frame.remote };
    this.#check();
  }

  /** Put the current local tracks on the senders (only once verified). */
  pushTracks(): void {
    if (!this.#verified || this.link.closed) return;
    const tracks = this.#deps.tracks();
    for (const kind of ['audio', 'video'] as const) {
      if (this.#onSender[kind] === tracks[kind]) continue;
      this.#onSender[kind] = tracks[kind];
      void this.link.replaceTrack(kind, tracks[kind]);
    }
  }

  /** Close the link without reporting it back (the call already knows). */
  close(): void {
    this.#stop();
    this.link.close();
  }

  #read(): void {
    if (this.#done || this.#mine || this.#reading) return;
    this.#reading = true;
    this.link.fingerprints().then(
      (fps) => {
        this.#reading = false;
        if (this.#done) return;
        if (!fps) return this.#retry();
        this.#mine = fps;
        this.#send();
        this.#check();
      },
      () => {
        this.#reading = false;
        this.#retry();
      },
    );
  }

  #send(): void {
    if (this.#sent || !this.#mine || this.#done) return;
    this.#sent = this.#deps.send(fingerprintFrame(this.#deps.call, this.link.id, this.#mine));
    if (!this.#sent) this.#retry();
  }

  #retry(): void {
    if (this.#done || this.#timer !== null) return;
    this.#timer = this.#deps.timers.setTimeout(() => {
      this.#timer = null;
      if (!this.#mine) this.#read();
      else this.#send();
    }, FINGERPRINT_POLL_MS);
  }

  #check(): void {
    const mine = this.#mine;
    const theirs = this.#theirs;
    if (!mine || !theirs || this.#verified || this.#done) return;
    if (theirs.local === mine.remote && theirs.remote === mine.local) {
      this.#verified = true;
      // Verified on their word; they still need mine (a failed send retries on the timer).
      if (this.#sent) this.#clearTimer();
      logger.debug('media link verified with', this.link.peer);
      this.pushTracks();
      this.#deps.verified();
      if (this.link.remoteStream) this.#deps.stream();
      return;
    }
    logger.warn('SECURITY: media link fingerprints do not match the session with', this.link.peer, {
      mine,
      theirs,
    });
    this.#stop();
    this.#deps.mismatch();
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#deps.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #stop(): void {
    this.#done = true;
    this.#clearTimer();
  }
}
