/**
 * The in-call controls ([CALL-9], [CALL-10]): mute, camera, switch camera and
 * screen share. Each changes my local media (LocalMedia), then puts the new
 * tracks on every verified link with replaceTrack (never a new link) and
 * announces the new state in CALL_STATE.
 */
import type { MediaError } from './api';
import type { Call } from './Call';
import type { LocalMedia } from './LocalMedia';

/** The engine as the controls see it. */
export interface ControlsHost {
  local: LocalMedia;
  /** The running call, or null. */
  live(): Call | null;
  /** Record a media problem and what retryMedia() does about it. */
  failed(error: MediaError | null, retry: (() => Promise<void>) | null): void;
  changed(): void;
}

/** Mute, camera and share for the running call. */
export class MediaControls {
  readonly #host: ControlsHost;

  constructor(host: ControlsHost) {
    this.#host = host;
  }

  /** Mute is `enabled = false` on the microphone, announced to the others. */
  setMuted(muted: boolean): void {
    const call = this.#call();
    if (!call) return;
    this.#host.local.setMuted(muted);
    call.pushState();
    this.#host.changed();
  }

  /** Camera on (a new camera track) or off (the track stopped, the sender emptied). */
  async setCamera(on: boolean): Promise<void> {
    const call = this.#call();
    if (!call) return;
    if (on) {
      const error = await this.#host.local.cameraOn();
      if (this.#host.live() !== call) return;
      this.#host.failed(error, error ? () => this.setCamera(true) : null);
    } else {
      this.#host.local.cameraOffNow();
    }
    this.#changed(call);
  }

  /** Front ↔ back camera, replaced in place. */
  async switchCamera(): Promise<void> {
    const call = this.#call();
    if (!call) return;
    const error = await this.#host.local.flip();
    if (this.#host.live() !== call) return;
    if (error) this.#host.failed(error, null);
    this.#changed(call);
  }

  /** Screen share on the video sender; closing the picker is no error. */
  async startShare(): Promise<void> {
    const call = this.#call();
    if (!call?.joined) return;
    const result = await this.#host.local.share();
    if (this.#host.live() !== call || result === 'cancelled') return;
    this.#host.failed(result, null);
    this.#changed(call);
  }

  /** Back to the camera (or nothing); the screen track is stopped. */
  stopShare(): void {
    const call = this.#call();
    if (!call || !this.#host.local.sharing) return;
    this.#host.local.unshare();
    this.#changed(call);
  }

  /** The browser ended a track: the screen ("Stop sharing") or the camera (unplugged). */
  trackEnded(what: 'screen' | 'camera'): void {
    const call = this.#host.live();
    if (!call) return;
    if (what === 'screen') this.#host.local.unshare();
    this.#changed(call);
  }

  /** The running call, when my devices are on (accepted or calling). */
  #call(): Call | null {
    const call = this.#host.live();
    return call && this.#host.local.audio ? call : null;
  }

  #changed(call: Call): void {
    call.pushTracks();
    call.pushState();
    this.#host.changed();
  }
}
