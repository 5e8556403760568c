/**
 * The call engine as the UI sees it. This is the contract between
 * src/peers/calls (the engine) and src/ui (the call screen and its model).
 *
 * Calls ride PeerJS MediaConnections, only with friends whose session is
 * authenticated; ring, accept, decline, hang-up, busy and state changes are
 * control frames on that session (docs/protocol.md [CALL-*]). A group call is
 * a mesh of up to MAX_CALL_PEOPLE people. There is at most one call at a time.
 */
import type { CallOutcome } from '../../lib/chatEvent';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { Unsubscribe } from '../transport';

/** Largest group call, me included. */
export const MAX_CALL_PEOPLE = 6;
/** Ringing stops after this long and the call is missed. */
export const RING_TIMEOUT_MS = 45_000;

export type CallMedia = 'audio' | 'video';

/**
 * - `outgoing`: I rang, nobody accepted yet.
 * - `incoming`: someone rings me; accept or decline.
 * - `connecting`: accepted, media not flowing yet.
 * - `active`: at least one remote person is connected.
 * - `ended`: over (`endReason` says why); the next call starts from `idle`.
 */
export type CallPhase = 'idle' | 'outgoing' | 'incoming' | 'connecting' | 'active' | 'ended';

/** Why a call ended, from this device's point of view. */
export type CallEndReason =
  | 'hangup'
  | 'remoteHangup'
  | 'declined'
  | 'missed'
  | 'busy'
  | 'cancelled'
  | 'failed'
  | 'permission'
  | 'offline'
  /** [CALL-3] We called each other at once: this call gave way to theirs. */
  | 'crossed'
  /** [GCALL-4] I accepted a group's call that already had MAX_CALL_PEOPLE people in it. */
  | 'full';

/** A media problem the UI explains, with a retry. */
export type MediaError = 'permission' | 'noDevice' | 'inUse' | 'unsupported';

/** Network quality of one link, from getStats. */
export interface LinkQuality {
  rttMs: number | null;
  /** Fraction of packets lost recently, 0..1. */
  loss: number | null;
  level: 'good' | 'fair' | 'poor' | 'unknown';
}

/** One remote person in the call. */
export interface CallParticipant {
  peer: PeerId;
  state: 'ringing' | 'connecting' | 'connected' | 'left';
  /** Their media, once it arrives. */
  stream: MediaStream | null;
  /** What they announced (CALL_STATE). */
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
  /** From the audio level of their stream. */
  speaking: boolean;
  quality: LinkQuality;
}

/** Everything the call screen shows. A new object on every change. */
export interface CallSnapshot {
  phase: CallPhase;
  /** Null while idle. */
  id: string | null;
  media: CallMedia;
  /** Who rang (me for outgoing calls). */
  caller: PeerId | null;
  group: boolean;
  /** [GCALL-1] The group whose call this is; null for a call between friends. */
  conv: ConversationId | null;
  participants: readonly CallParticipant[];
  /** My camera and microphone (or screen) as sent. */
  local: MediaStream | null;
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
  facing: 'user' | 'environment';
  /** When the first remote person connected (ms since epoch). */
  startedAt: number | null;
  endReason: CallEndReason | null;
  /** The last media problem (a failed getUserMedia / getDisplayMedia). */
  mediaError: MediaError | null;
  /** My local speaking state. */
  speaking: boolean;
}

/** Events of the call engine. */
export interface CallEngineEvents {
  /** The snapshot changed. */
  changed: (snapshot: CallSnapshot) => void;
  /** A call entry was written to a chat (the chat reloads by itself; for toasts). */
  logged: (peer: PeerId, outcome: CallOutcome) => void;
}

/** The call engine. Every method is safe to call in any phase (it ignores what does not apply). */
export interface CallEngineApi {
  readonly snapshot: CallSnapshot;
  /** Ring one friend, or several for a group call (at most MAX_CALL_PEOPLE - 1). */
  start(peers: readonly PeerId[], media: CallMedia): Promise<void>;
  /**
   * [GCALL-1] Ring the online members of group `conv` (those with a live session), whether or
   * not they are my friends; the first MAX_CALL_PEOPLE - 1 who accept are in. False when nobody
   * was there to ring (no member online, or a call is under way).
   */
  startGroup(conv: ConversationId, media: CallMedia): Promise<boolean>;
  /** Answer the ringing call, with or without my camera. */
  accept(media: CallMedia): Promise<void>;
  decline(): void;
  /** Leave the call (a group call goes on for the others). Stops every local track. */
  hangup(): void;
  setMuted(muted: boolean): void;
  setCamera(on: boolean): Promise<void>;
  /** Front ↔ back camera (facingMode), replacing the track in place. */
  switchCamera(): Promise<void>;
  /** Screen share through getDisplayMedia and replaceTrack: no new call. */
  startShare(): Promise<void>;
  stopShare(): Promise<void>;
  /** Ring one more friend (in a group's call: member) into the running call. */
  invite(peer: PeerId): Promise<void>;
  /** Try getUserMedia again after a media error. */
  retryMedia(): Promise<void>;
  /** Back to `idle` after `ended` (the screen closes). */
  dismiss(): void;
  on<E extends keyof CallEngineEvents>(event: E, listener: CallEngineEvents[E]): Unsubscribe;
}
