import { describe, expect, it } from 'vitest';
import { randomPeerId } from '../memory/MemoryHub';
import type { ControlFrame } from '../session/frames';
import {
  acceptFrame,
  parseFriendFrame,
  profileFrame,
  profileHaveFrame,
  reachFrame,
  removedFrame,
  requestFrame,
} from './frames';
import { createReachToken } from '../../lib/reach';
import { clearTransientNotice, newPerson, withNotice, withProfile } from './records';

const profile = { name: 'Ada', statusLine: '', avatar: null, version: 2 };
const proof = 'A'.repeat(43);

function wire(frame: object): ControlFrame {
  return JSON.parse(JSON.stringify(frame)) as ControlFrame;
}

describe('friend frames', () => {
  it('[FR-1][FR-3][FR-4][FR-5][FR-6][FR-7] every frame survives the wire and its guard', () => {
    expect(parseFriendFrame(wire(requestFrame(proof, profile)))).toEqual({
      type: 'FRIEND_REQUEST',
      proof,
      profile,
    });
    expect(parseFriendFrame(wire(acceptFrame(profile)))).toEqual({
      type: 'FRIEND_ACCEPT',
      profile,
    });
    expect(parseFriendFrame(wire({ type: 'FRIEND_DECLINE', v: 1 }))).toEqual({
      type: 'FRIEND_DECLINE',
    });
    expect(parseFriendFrame(wire(removedFrame()))).toEqual({ type: 'FRIEND_REMOVED' });
    expect(parseFriendFrame(wire(profileFrame(profile)))).toEqual({ type: 'PROFILE', profile });
    expect(parseFriendFrame(wire(profileHaveFrame(4)))).toEqual({
      type: 'PROFILE_HAVE',
      version: 4,
    });
  });

  it('[FR-1] rejects malformed frames', () => {
    expect(parseFriendFrame(wire({ ...requestFrame(proof, profile), proof: 'short' }))).toBeNull();
    expect(parseFriendFrame(wire({ ...requestFrame(proof, profile), profile: null }))).toBeNull();
    expect(parseFriendFrame(wire({ ...profileFrame(profile), name: 'x'.repeat(100) }))).toBeNull();
    expect(parseFriendFrame(wire({ ...profileHaveFrame(1), version: '1' }))).toBeNull();
    expect(parseFriendFrame(wire({ ...removedFrame(), v: 2 }))).toBeNull();
    expect(parseFriendFrame(wire({ type: 'HAVE', v: 1 }))).toBeNull();
  });
});

describe('REACH', () => {
  it('[FR-8] a token of 22 base64url characters survives the wire and its guard', () => {
    const token = createReachToken();
    expect(parseFriendFrame(wire(reachFrame(token)))).toEqual({ type: 'REACH', token });
  });

  it('[FR-8] anything but exactly one token of the right shape is malformed', () => {
    const token = createReachToken();
    for (const bad of [
      token.slice(1),
      `${token}A`,
      `${token.slice(1)}=`,
      `${token.slice(1)}+`,
      123,
      null,
      [token],
    ]) {
      expect(parseFriendFrame(wire({ type: 'REACH', v: 1, token: bad }))).toBeNull();
    }
    expect(parseFriendFrame(wire({ type: 'REACH', v: 1 }))).toBeNull();
    expect(parseFriendFrame(wire({ ...reachFrame(token), v: 2 }))).toBeNull();
  });
});

describe('person records', () => {
  const base = newPerson(randomPeerId(), new Uint8Array(32), 'hint', 'friend', 1);

  it('[FR-6] keeps the newest profile; the first one replaces the invite name hint', () => {
    const first = withProfile(base, { ...profile, version: 0 });
    expect(first.name).toBe('Ada');
    const newer = withProfile(first, profile);
    expect(withProfile(newer, { ...profile, name: 'Old', version: 1 }).name).toBe('Ada');
  });

  it('[SES-9] a notice is only replaced by one at least as serious; a good session clears a timeout', () => {
    const changed = withNotice(base, { at: 1, reason: 'key-changed' });
    expect(withNotice(changed, { at: 2, reason: 'timeout' }).notice?.reason).toBe('key-changed');
    expect(clearTransientNotice(changed).notice?.reason).toBe('key-changed');
    const timedOut = withNotice(base, { at: 1, reason: 'timeout' });
    expect(withNotice(timedOut, { at: 2, reason: 'fingerprint' }).notice?.reason).toBe(
      'fingerprint',
    );
    expect(clearTransientNotice(timedOut).notice).toBeNull();
  });
});
