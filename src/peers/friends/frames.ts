/**
 * Friend frames: what travels over an authenticated session to make, keep and
 * end a friendship. Parsing never throws; a frame that fails its guard is
 * logged and dropped by the engine. Spec: docs/protocol.md [FR-*].
 */
import { isGroupId } from '../../lib/groupId';
import type { ConversationId } from '../../lib/ids';
import { isVersion, parseProfileData, profileFields, type ProfileData } from '../../lib/profile';
import { isReachText, type ReachToken } from '../../lib/reach';
import { SESSION_PROTOCOL_VERSION } from '../session/constants';
import type { ControlFrame } from '../session/frames';

type V = typeof SESSION_PROTOCOL_VERSION;

/** Profile fields on the wire (`avatar` absent when there is none). */
export type WireProfile = ReturnType<typeof profileFields>;

/** [FR-1] From the scanner: the invite proof and its profile. */
export interface FriendRequestFrame {
  type: 'FRIEND_REQUEST';
  v: V;
  proof: string;
  profile: WireProfile;
  /** [GRP-61] Sent by a member over a group session: the group both are in. */
  group?: ConversationId;
}
/** [FR-3] The request is granted; carries the accepter's profile. */
export interface FriendAcceptFrame {
  type: 'FRIEND_ACCEPT';
  v: V;
  profile: WireProfile;
}
/** [FR-4] The request is declined. */
export interface FriendDeclineFrame {
  type: 'FRIEND_DECLINE';
  v: V;
}
/** [FR-5] The sender deleted the friendship (answered with the same frame). */
export interface FriendRemovedFrame {
  type: 'FRIEND_REMOVED';
  v: V;
}
/** [FR-6] The sender's current profile. */
export type ProfileFrame = { type: 'PROFILE'; v: V } & WireProfile;
/** [FR-7] Which version of the receiver's profile the sender holds. */
export interface ProfileHaveFrame {
  type: 'PROFILE_HAVE';
  v: V;
  version: number;
}

/** [FR-8] The reach token the sender gave the receiver: present it when dialling the sender. */
export interface ReachFrame {
  type: 'REACH';
  v: V;
  token: ReachToken;
}

/** Every friend frame. */
export type FriendFrame =
  | FriendRequestFrame
  | FriendAcceptFrame
  | FriendDeclineFrame
  | FriendRemovedFrame
  | ProfileFrame
  | ProfileHaveFrame
  | ReachFrame;

/** The types of friend frames: a frame of one of them that fails its guard is malformed. */
export const FRIEND_FRAME_TYPES: ReadonlySet<string> = new Set<FriendFrame['type']>([
  'FRIEND_REQUEST',
  'FRIEND_ACCEPT',
  'FRIEND_DECLINE',
  'FRIEND_REMOVED',
  'PROFILE',
  'PROFILE_HAVE',
  'REACH',
]);

/** A friend frame after validation: profiles already cleaned. */
export type ParsedFriendFrame =
  | { type: 'FRIEND_REQUEST'; proof: string; profile: ProfileData; group?: ConversationId }
  | { type: 'FRIEND_ACCEPT'; profile: ProfileData }
  | { type: 'FRIEND_DECLINE' }
  | { type: 'FRIEND_REMOVED' }
  | { type: 'PROFILE'; profile: ProfileData }
  | { type: 'PROFILE_HAVE'; version: number }
  | { type: 'REACH'; token: ReachToken };

/** A proof is base64url of 32 bytes: 43 characters. [INV-9] */
const PROOF_RE = /^[A-Za-z0-9_-]{43}$/;

/** Validate a control frame as a friend frame; null when it is not one or is malformed. */
export function parseFriendFrame(frame: ControlFrame): ParsedFriendFrame | null {
  if (frame.v !== SESSION_PROTOCOL_VERSION) return null;
  switch (frame.type) {
    case 'FRIEND_REQUEST': {
      const profile = parseProfileData(frame.profile);
      const proof = frame.proof;
      if (!profile || typeof proof !== 'string' || !PROOF_RE.test(proof)) return null;
      if (frame.group === undefined) return { type: 'FRIEND_REQUEST', proof, profile };
      if (!isGroupId(frame.group)) return null;
      return { type: 'FRIEND_REQUEST', proof, profile, group: frame.group };
    }
    case 'FRIEND_ACCEPT': {
      const profile = parseProfileData(frame.profile);
      return profile ? { type: 'FRIEND_ACCEPT', profile } : null;
    }
    case 'FRIEND_DECLINE':
    case 'FRIEND_REMOVED':
      return { type: frame.type };
    case 'PROFILE': {
      const profile = parseProfileData(frame);
      return profile ? { type: 'PROFILE', profile } : null;
    }
    case 'PROFILE_HAVE':
      return isVersion(frame.version) ? { type: 'PROFILE_HAVE', version: frame.version } : null;
    case 'REACH':
      return isReachText(frame.token) ? { type: 'REACH', token: frame.token } : null;
    default:
      return null;
  }
}

const v = SESSION_PROTOCOL_VERSION;

/** Build FRIEND_REQUEST. */
export function requestFrame(
  proof: string,
  profile: ProfileData,
  group?: ConversationId,
): FriendRequestFrame {
  const frame: FriendRequestFrame = {
    type: 'FRIEND_REQUEST',
    v,
    proof,
    profile: profileFields(profile),
  };
  return group ? { ...frame, group } : frame;
}
/** Build FRIEND_ACCEPT. */
export function acceptFrame(profile: ProfileData): FriendAcceptFrame {
  return { type: 'FRIEND_ACCEPT', v, profile: profileFields(profile) };
}
/** Build FRIEND_DECLINE. */
export function declineFrame(): FriendDeclineFrame {
  return { type: 'FRIEND_DECLINE', v };
}
/** Build FRIEND_REMOVED. */
export function removedFrame(): FriendRemovedFrame {
  return { type: 'FRIEND_REMOVED', v };
}
/** Build PROFILE. */
export function profileFrame(profile: ProfileData): ProfileFrame {
  return { type: 'PROFILE', v, ...profileFields(profile) };
}
/** Build PROFILE_HAVE. */
export function profileHaveFrame(version: number): ProfileHaveFrame {
  return { type: 'PROFILE_HAVE', v, version };
}
/** Build REACH. */
export function reachFrame(token: ReachToken): ReachFrame {
  return { type: 'REACH', v, token };
}
