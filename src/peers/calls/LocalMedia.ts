/**
 * My microphone, camera and shared screen during a call ([CALL-10], [CALL-11]).
 * It owns every local track and is the one place that stops them: `stopAll`
 * ends them all, and a device that answers after the call ended (a slow
 * permission prompt) is stopped on arrival, so no device stays on.
 */
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import type { CallMedia, MediaError } from './api';
import { MediaUnsupportedError, mediaErrorOf } from './mediaErrors';

const logger = log('peers:calls:media');

/** The parts of `navigator.mediaDevices` the engine uses (tests pass a fake). */
export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia?(options?: DisplayMediaStreamOptions): Promise<MediaStream>;
}

/** Builds a MediaStream of some tracks (default `new MediaStream(tracks)`). */
export type StreamFactory = (tracks: MediaStreamTrack[]) => MediaStream;

/** Microphone processing for calls. */
export const AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};
/** Camera size asked for: modest, since a mesh sends one copy per person. */
export const VIDEO_SIZE = { width: { ideal: 960 }, height: { ideal: 540 } } as const;

export type Facing = 'user' | 'environment';

/** Result of acquiring devices: `error` may be set even when ok (camera missing, audio only). */
export interface OpenResult {
  ok: boolean;
  error: MediaError | null;
}

/** Why a device call gave nothing usable. */
type Acquired = { tracks: MediaStreamTrack[] } | { error: MediaError; raw: unknown } | 'stale';

function cameraConstraints(facing: Facing): MediaTrackConstraints {
  return { ...VIDEO_SIZE, facingMode: { ideal: facing } };
}

/** The local side of one call at a time. */
export class LocalMedia {
  readonly #devices: () => MediaDevicesLike | null;
  readonly #createStream: StreamFactory;
  readonly #onTrackEnded: (what: 'screen' | 'camera') => void;
  audio: MediaStreamTrack | null = null;
  camera: MediaStreamTrack | null = null;
  screen: MediaStreamTrack | null = null;
  facing: Facing = 'user';
  #muted = false;
  /** Bumped by stopAll: an acquisition that finishes in an older epoch is stale. */
  #epoch = 0;
  #stream: MediaStream | null = null;

  constructor(
    devices: () => MediaDevicesLike | null,
    createStream: StreamFactory,
    onTrackEnded: (what: 'screen' | 'camera') => void,
  ) {
    this.#devices = devices;
    this.#createStream = createStream;
    this.#onTrackEnded = onTrackEnded;
  }

  get muted(): boolean {
    return this.#muted;
  }
  get cameraOff(): boolean {
    return this.camera === null;
  }
  get sharing(): boolean {
    return this.screen !== null;
  }
  /** What the video sender carries: the screen while sharing, else the camera. */
  get video(): MediaStreamTrack | null {
    return this.screen ?? this.camera;
  }
  /** My tracks as sent (a new stream whenever they change), or null with none. */
  get stream(): MediaStream | null {
    const tracks = [this.audio, this.video].filter((t): t is MediaStreamTrack => t !== null);
    if (tracks.length === 0) return (this.#stream = null);
    const current = this.#stream?.getTracks() ?? [];
    if (current.length !== tracks.length || tracks.some((t, i) => current[i] !== t)) {
      this.#stream = this.#createStream(tracks);
    }
    return this.#stream;
  }

  /**
   * Microphone, plus the camera for video. A video call whose camera fails
   * (missing, busy) goes on with audio only and reports the error.
   */
  async open(media: CallMedia): Promise<OpenResult> {
    this.stopAll();
    const epoch = this.#epoch;
    const video = media === 'video' ? cameraConstraints(this.facing) : false;
    let got = await this.#userMedia({ audio: AUDIO_CONSTRAINTS, video }, epoch);
    let cameraError: MediaError | null = null;
    if (video && typeof got === 'object' && 'error' in got && got.error !== 'permission') {
      cameraError = got.error;
      got = await this.#userMedia({ audio: AUDIO_CONSTRAINTS, video: false }, epoch);
    }
    if (got === 'stale') return { ok: false, error: null };
    if ('error' in got) return { ok: false, error: got.error };
    this.audio = got.tracks.find((t) => t.kind === 'audio') ?? null;
    const camera = got.tracks.find((t) => t.kind === 'video') ?? null;
    if (camera) this.#adoptCamera(camera);
    if (this.audio) this.audio.enabled = !this.#muted;
    if (!this.audio) {
      this.stopAll();
      return { ok: false, error: 'noDevice' };
    }
    return { ok: true, error: cameraError };
  }

  /** Mute is `enabled = false` on the microphone track: the device stays open. */
  setMuted(muted: boolean): void {
    this.#muted = muted;
    if (this.audio) this.audio.enabled = !muted;
  }

  /** Turn the camera on (facing as set); null on success. */
  async cameraOn(): Promise<MediaError | null> {
    if (this.camera) return null;
    const epoch = this.#epoch;
    const got = await this.#userMedia({ video: cameraConstraints(this.facing) }, epoch);
    if (got === 'stale') return null;
    if ('error' in got) return got.error;
    const track = got.tracks.find((t) => t.kind === 'video');
    for (const t of got.tracks) if (t !== track) t.stop();
    if (!track) return 'noDevice';
    if (this.camera)
      track.stop(); // a concurrent call won the race
    else this.#adoptCamera(track);
    return null;
  }

  /** Turn the camera off: the track is stopped, so the camera light goes off. */
  cameraOffNow(): void {
    const camera = this.camera;
    this.camera = null;
    camera?.stop();
  }

  /**
   * Front ↔ back. The old camera is stopped first: many phones cannot open
   * both at once. If the other one fails, the first is tried again.
   */
  async flip(): Promise<MediaError | null> {
    if (!this.camera) {
      this.facing = this.facing === 'user' ? 'environment' : 'user';
      return null;
    }
    const before = this.facing;
    this.cameraOffNow();
    this.facing = before === 'user' ? 'environment' : 'user';
    const error = await this.cameraOn();
    if (!error) return null;
    this.facing = before;
    await this.cameraOn();
    return error;
  }

  /** Share a screen; 'cancelled' when the person closed the picker. */
  async share(): Promise<MediaError | 'cancelled' | null> {
    if (this.screen) return null;
    const epoch = this.#epoch;
    const devices = this.#devices();
    if (!devices?.getDisplayMedia) return 'unsupported';
    let stream: MediaStream;
    try {
      stream = await devices.getDisplayMedia({ video: true, audio: false });
    } catch (err) {
      logger.info('getDisplayMedia failed', describeError(err));
      // Closing the picker and a policy refusal look alike; neither is a fault to explain.
      const error = mediaErrorOf(err);
      return error === 'permission' ? 'cancelled' : error;
    }
    const track = stream.getVideoTracks()[0] ?? null;
    for (const t of stream.getTracks()) if (t !== track) t.stop();
    if (!track) return 'noDevice';
    if (epoch !== this.#epoch || this.screen) {
      track.stop();
      return null;
    }
    this.screen = track;
    track.addEventListener('ended', () => {
      if (this.screen === track) this.#onTrackEnded('screen');
    });
    return null;
  }

  /** Stop sharing: the screen track is stopped. */
  unshare(): void {
    const screen = this.screen;
    this.screen = null;
    screen?.stop();
  }

  /** Stop every local track ([CALL-10]); late acquisitions stop on arrival. */
  stopAll(): void {
    this.#epoch++;
    for (const track of [this.audio, this.camera, this.screen]) track?.stop();
    this.audio = null;
    this.camera = null;
    this.screen = null;
    this.#stream = null;
    this.#muted = false;
    this.facing = 'user';
  }

  #adoptCamera(track: MediaStreamTrack): void {
    this.camera = track;
    track.addEventListener('ended', () => {
      // Unplugged or taken by the system: the camera is off now.
      if (this.camera === track) {
        this.camera = null;
        this.#onTrackEnded('camera');
      }
    });
  }

  async #userMedia(constraints: MediaStreamConstraints, epoch: number): Promise<Acquired> {
    const devices = this.#devices();
    let stream: MediaStream;
    try {
      if (!devices) throw new MediaUnsupportedError('no mediaDevices');
      stream = await devices.getUserMedia(constraints);
    } catch (err) {
      logger.info('getUserMedia failed', describeError(err));
      return { error: mediaErrorOf(err), raw: err };
    }
    const tracks = stream.getTracks();
    if (epoch !== this.#epoch) {
      // The call ended while the prompt was open: this device must not stay on.
      for (const t of tracks) t.stop();
      return 'stale';
    }
    return { tracks };
  }
}
