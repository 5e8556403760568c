/**
 * The call engine: one call at a time over the authenticated
 * sessions of a SessionManager, media over a MediaTransport. It routes CALL_*
 * frames and inbound media links to the current {@link Call}, owns my devices
 * (LocalMedia) and the stats monitor, writes the call entries when a call
 * ends, and publishes a throttled snapshot for the UI.
 * Spec: docs/protocol.md [CALL-1..15]; contract: ./api.ts.
 */
import { base64urlEncode } from '../../lib/base64url';
import { Emitter } from '../../lib/emitter';
import { describeError } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import { isPeerId, type ConversationId, type PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { browserEnvironment } from '../browserEnvironment';
import type { GroupDirectory } from '../groups/contract';
import type { MediaTransport } from '../media';
import type { SessionManager } from '../session/SessionManager';
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { SyncEngine } from '../sync/SyncEngine';
import type { Unsubscribe } from '../transport';
import {
  MAX_CALL_PEOPLE,
  RING_TIMEOUT_MS,
  type CallEngineApi,
  type CallEngineEvents,
  type CallMedia,
  type CallSnapshot,
  type MediaError,
} from './api';
import { Call, type CallContext } from './Call';
import { buildSnapshot } from './callModel';
import { CallMonitor } from './CallMonitor';
import { CALL_ID_BYTES, SNAPSHOT_MIN_INTERVAL_MS } from './constants';
import { writeCallEntries } from './entries';
import type { RingFrame } from './frames';
import { LocalMedia, type MediaDevicesLike, type StreamFactory } from './LocalMedia';
import { CallInbox } from './CallInbox';
import { MediaControls } from './MediaControls';
import { Throttle } from './Throttle';

export type { MediaDevicesLike, StreamFactory } from './LocalMedia';

const logger = log('peers:calls');

/** Construction parameters; the optional ones default to the browser's. */
export interface CallEngineOptions {
  /** Authenticated sessions; call control frames go only over these. */
  manager: SessionManager;
  media: MediaTransport;
  keys: IdentityKeys;
  /** Appends each call's `call` event to the chat when it ends (and tells friends apart). */
  sync: SyncEngine;
  /** [GCALL-3] The folded rosters: who a group's call may ring and take in. None: no group calls. */
  groups?: Pick<GroupDirectory, 'shares' | 'members'>;
  /** getUserMedia / getDisplayMedia; default `navigator.mediaDevices`. */
  devices?: MediaDevicesLike;
  /** Default RING_TIMEOUT_MS (tests shorten it). */
  ringTimeoutMs?: number;
  env?: SignalingEnvironment;
  now?: () => number;
  /** Builds local streams; default `new MediaStream(tracks)` (tests pass a fake). */
  createStream?: StreamFactory;
}

function browserDevices(): MediaDevicesLike | null {
  return typeof navigator === 'undefined' ? null : (navigator.mediaDevices ?? null);
}

/** A fresh random call id ([CHAT-14] CALL_ID_RE). */
function newCallId(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(CALL_ID_BYTES)));
}

/** The engine. `start()` with no arguments starts listening; with arguments it places a call. */
export class CallEngine implements CallEngineApi {
  readonly #o: CallEngineOptions;
  readonly #me: PeerId;
  readonly #env: SignalingEnvironment;
  readonly #now: () => number;
  readonly #events = new Emitter<CallEngineEvents>();
  readonly #local: LocalMedia;
  readonly #monitor: CallMonitor;
  readonly #ctx: CallContext;
  readonly #inbox: CallInbox;
  readonly #controls: MediaControls;
  readonly #feed: Throttle;
  #offs: Unsubscribe[] = [];
  #call: Call | null = null;
  #mediaError: MediaError | null = null;
  /** What retryMedia() does after the last media failure. */
  #retry: (() => Promise<void>) | null = null;
  #snapshot: CallSnapshot | null = null;
  #stopped = false;

  constructor(o: CallEngineOptions) {
    this.#o = o;
    this.#me = o.keys.id;
    this.#env = o.env ?? browserEnvironment();
    this.#now = o.now ?? Date.now;
    const devices = o.devices;
    this.#local = new LocalMedia(
      () => devices ?? browserDevices(),
      o.createStream ?? ((tracks) => new MediaStream(tracks)),
      (what) => this.#controls.trackEnded(what),
    );
    this.#monitor = new CallMonitor({
      timers: this.#env,
      now: this.#now,
      people: () => (this.#call && !this.#call.ended ? this.#call.people.values() : null),
      muted: () => this.#local.muted,
      changed: () => this.#changed(),
    });
    this.#controls = new MediaControls({
      local: this.#local,
      live: () => this.#live(),
      failed: (error, retry) => {
        this.#mediaError = error;
        this.#retry = retry;
      },
      changed: () => this.#changed(),
    });
    this.#inbox = new CallInbox({
      me: this.#me,
      manager: o.manager,
      media: o.media,
      timers: this.#env,
      now: () => this.#now(),
      ringTimeoutMs: o.ringTimeoutMs ?? RING_TIMEOUT_MS,
      live: () => this.#live(),
      stopped: () => this.#stopped,
      mayJoin: (peer, conv) => this.#mayJoin(peer, conv),
      incoming: (ring, from, friends) => this.#incoming(ring, from, friends),
      crossed: (ring, from) => this.#crossed(ring, from),
      changed: () => this.#changed(),
    });
    this.#feed = new Throttle(this.#env, this.#now, SNAPSHOT_MIN_INTERVAL_MS, () => {
      if (!this.#stopped) this.#events.emit('changed', this.snapshot);
    });
    this.#ctx = {
      me: this.#me,
      timers: this.#env,
      now: this.#now,
      ringTimeoutMs: o.ringTimeoutMs ?? RING_TIMEOUT_MS,
      local: this.#local,
      media: o.media,
      send: (peer, frame) => o.manager.session(peer)?.send(frame) ?? false,
      hasSession: (peer) => o.manager.session(peer) !== null,
      changed: () => this.#changed(),
      ended: (call) => this.#ended(call),
    };
  }

  get snapshot(): CallSnapshot {
    this.#snapshot ??= buildSnapshot(this.#call, {
      stream: this.#local.stream,
      muted: this.#local.muted,
      cameraOff: this.#local.cameraOff,
      sharing: this.#local.sharing,
      facing: this.#local.facing,
      speaking: this.#monitor.speaking,
      mediaError: this.#mediaError,
    });
    return this.#snapshot;
  }

  on<E extends keyof CallEngineEvents>(event: E, listener: CallEngineEvents[E]): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** Listen for calls (no arguments), or place one ({@link CallEngineApi.start}). */
  start(): void;
  start(peers: readonly PeerId[], media: CallMedia): Promise<void>;
  start(peers?: readonly PeerId[], media: CallMedia = 'audio'): void | Promise<void> {
    if (peers === undefined) return this.#listen();
    return this.#place(peers, media);
  }

  /** Leave any call (every track stopped), stop listening; no events afterwards. */
  stop(): void {
    if (this.#stopped) return;
    this.#call?.hangup();
    this.#stopped = true;
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#local.stopAll();
    this.#monitor.stop();
    this.#feed.stop();
    this.#events.clear();
  }

  async accept(media: CallMedia): Promise<void> {
    const call = this.#call;
    if (!call || call.ended || call.joined || call.accepting || this.#stopped) return;
    call.accepting = true;
    this.#clearMediaError();
    this.#changed();
    const result = await this.#local.open(media);
    if (this.#call !== call || call.ended) return; // declined or cancelled meanwhile
    call.accepting = false;
    this.#mediaError = result.error;
    if (!result.ok) {
      this.#retry = () => this.accept(media);
      return this.#changed();
    }
    call.acceptNow();
    if (!call.ended) this.#monitor.run(); // [GCALL-4] full: it ended at once
    this.#changed();
  }

  async startGroup(conv: ConversationId, media: CallMedia): Promise<boolean> {
    const groups = this.#o.groups;
    if (!groups || this.#stopped || this.#live()) return false;
    let members: readonly PeerId[];
    try {
      members = await groups.members(conv);
    } catch (err) {
      logger.warn('could not read the members of', conv, describeError(err));
      return false;
    }
    // [GCALL-1] Online: a live session now. Those without one cannot hear a ring anyway.
    const online = members.filter((p) => p !== this.#me && this.#o.manager.session(p) !== null);
    if (online.length === 0 || this.#live()) return false;
    await this.#ring(online, media, conv);
    return true;
  }

  decline(): void {
    this.#call?.decline();
  }

  hangup(): void {
    this.#call?.hangup();
  }

  setMuted(muted: boolean): void {
    this.#controls.setMuted(muted);
  }

  setCamera(on: boolean): Promise<void> {
    return this.#controls.setCamera(on);
  }

  switchCamera(): Promise<void> {
    return this.#controls.switchCamera();
  }

  startShare(): Promise<void> {
    return this.#controls.startShare();
  }

  stopShare(): Promise<void> {
    this.#controls.stopShare();
    return Promise.resolve();
  }

  async invite(peer: PeerId): Promise<void> {
    const call = this.#live();
    if (!call || !call.joined || !isPeerId(peer) || !(await this.#mayJoin(peer, call.conv))) return;
    if (this.#call !== call || call.ended) return;
    call.invite(peer);
  }

  async retryMedia(): Promise<void> {
    const retry = this.#retry;
    this.#retry = null;
    if (retry) await retry();
  }

  dismiss(): void {
    if (!this.#call?.ended) return;
    this.#call = null;
    this.#clearMediaError();
    this.#changed();
  }

  /**
   * [CALL-3] The call of two that `peers` (one friend) rings me with, still ringing here: calling
   * them now means answering it. Their ring can overtake my press (crossed calls whose ring
   * arrives before mine leaves), and I did ask to talk to them.
   */
  #ringFrom(peers: readonly PeerId[]): Call | null {
    const call = this.#live();
    if (!call || call.joined || call.accepting || call.group || peers.length !== 1) return null;
    return call.caller === peers[0] ? call : null;
  }

  #live(): Call | null {
    const call = this.#call;
    return call && !call.ended && !this.#stopped ? call : null;
  }

  #listen(): void {
    if (this.#offs.length > 0 || this.#stopped) return;
    this.#offs = this.#inbox.listen();
  }

  /** A media error shown, and its retry, no longer apply. */
  #clearMediaError(): void {
    this.#mediaError = null;
    this.#retry = null;
  }

  /** [CALL-2] Take a ring: it is the current call now. */
  #incoming(ring: RingFrame, from: PeerId, friends: PeerId[]): void {
    this.#clearMediaError();
    this.#call = Call.incoming(this.#ctx, ring, from, friends);
    logger.info('incoming call', ring.call, 'from', from);
    this.#changed();
  }

  /**
   * [CALL-3] We rang each other at once and theirs goes on: mine gives way
   * (no entry: the engine has moved on before it ends) and theirs is answered
   * at once with the media I called with. I did ask to talk to them.
   */
  #crossed(ring: RingFrame, from: PeerId): void {
    const mine = this.#call;
    const mediaError = this.#mediaError;
    this.#incoming(ring, from, [from]);
    mine?.withdraw();
    const call = this.#call;
    if (call && this.#local.audio?.readyState === 'live') {
      // My devices are on, muted or not, camera and share as I left them while it rang
      // (and a camera that had failed for my video call is still reported).
      this.#mediaError = mediaError;
      call.acceptNow();
      this.#monitor.run();
      return this.#changed();
    }
    void this.accept(mine?.media ?? ring.media);
  }

  async #place(peers: readonly PeerId[], media: CallMedia): Promise<void> {
    if (this.#ringFrom(peers)) return this.accept(media);
    if (this.#stopped || this.#live()) return;
    const unique = [...new Set(peers)].filter((p) => isPeerId(p) && p !== this.#me);
    if (unique.length === 0 || unique.length > MAX_CALL_PEOPLE - 1) {
      return logger.warn('cannot call', unique.length, 'people');
    }
    const targets: PeerId[] = [];
    for (const peer of unique) if (await this.#isFriend(peer)) targets.push(peer);
    // Their ring may have come while I checked: then my press answers it.
    if (this.#ringFrom(targets)) return this.accept(media);
    if (targets.length === 0) return;
    return this.#ring(targets, media, null);
  }

  /** Open my devices, then ring `targets` (a group's members when `conv` is set). */
  async #ring(targets: PeerId[], media: CallMedia, conv: ConversationId | null): Promise<void> {
    if (this.#live() || this.#stopped) return;
    const call = Call.outgoing(this.#ctx, newCallId(), media, targets, conv);
    this.#call = call;
    this.#clearMediaError();
    this.#changed();
    const result = await this.#local.open(media);
    if (this.#call !== call || call.ended) return; // hung up while the prompt was open
    this.#mediaError = result.error;
    if (!result.ok) {
      this.#retry = async () => {
        if (conv) await this.startGroup(conv, media);
        else await this.#place(targets, media);
      };
      return call.end(result.error === 'permission' ? 'permission' : 'failed');
    }
    call.ringAll();
    this.#monitor.run();
    this.#changed();
  }

  /** [CALL-10], [CALL-15] Every local track stops; the entries are written. */
  #ended(call: Call): void {
    if (this.#call !== call) return;
    this.#local.stopAll();
    this.#monitor.stop();
    this.#inbox.callEnded(call.endReason);
    this.#changed();
    const logged = (peer: PeerId, outcome: Parameters<CallEngineEvents['logged']>[1]) =>
      this.#events.emit('logged', peer, outcome);
    void writeCallEntries(this.#o.sync, this.#me, call, logged);
  }

  /** [CALL-1], [GCALL-3] A friend for a friend's call; a member now for a group's call. */
  async #mayJoin(peer: PeerId, conv: ConversationId | null): Promise<boolean> {
    if (conv === null) return this.#isFriend(peer);
    try {
      return (await this.#o.groups?.shares(peer, conv)) ?? false;
    } catch (err) {
      logger.warn('could not read whether', peer, 'is in', conv, describeError(err));
      return false;
    }
  }

  async #isFriend(peer: PeerId): Promise<boolean> {
    try {
      return await this.#o.sync.isFriend(peer);
    } catch (err) {
      logger.warn('could not read whether', peer, 'is a friend', describeError(err));
      return false;
    }
  }

  /** The snapshot changed: rebuilt on demand, emitted at most every SNAPSHOT_MIN_INTERVAL_MS. */
  #changed(): void {
    this.#snapshot = null;
    this.#feed.poke();
  }
}
