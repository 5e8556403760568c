import { describe, expect, it } from 'vitest';
import { MAX_GROUP_MEMBERS } from '../../lib/group/rules';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { ControlFrame } from '../session/frames';
import { MAX_CALL_PEOPLE } from './api';
import { fakeFingerprint } from './fakeMedia';
import {
  bareFrame,
  fingerprintFrame,
  isCallType,
  parseCallFrame,
  ringFrame,
  stateFrame,
} from './frames';

const id = (c: string) => c.repeat(32) as PeerId;
const CALL = 'Abc-_0123456789xyzABC';
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** The `i`th of many distinct PeerIds. */
const peerOf = (i: number) => ('a'.repeat(30) + B32[i >> 5]! + B32[i & 31]!) as PeerId;
const GROUP = 'g:abcdefghijklmnopqrstuvwxyz' as ConversationId;
const frame = (value: object) => JSON.parse(JSON.stringify(value)) as ControlFrame;

describe('call frames', () => {
  it('[CALL-1] builders round-trip through the parser', () => {
    const fps = { local: fakeFingerprint('a'), remote: fakeFingerprint('b') };
    const all = [
      ringFrame(CALL, 'video', [id('a'), id('c')], [id('b')]),
      bareFrame('CALL_ACCEPT', CALL),
      bareFrame('CALL_DECLINE', CALL),
      bareFrame('CALL_BUSY', CALL),
      bareFrame('CALL_CANCEL', CALL),
      bareFrame('CALL_LEAVE', CALL),
      bareFrame('CALL_FULL', CALL),
      ringFrame(CALL, 'audio', [id('a')], [id('b')], GROUP),
      stateFrame(CALL, { muted: true, cameraOff: false, sharing: true }),
      fingerprintFrame(CALL, 'mc_abc123', fps),
    ];
    for (const f of all) {
      expect(isCallType(f.type)).toBe(true);
      expect(parseCallFrame(frame(f))).toEqual(f);
    }
    expect(isCallType('HAVE')).toBe(false);
  });

  it('[CALL-1] the call id must be a CALL_ID_RE string', () => {
    for (const call of ['short', 'x'.repeat(44), 'has space in it 123', 42, null]) {
      expect(parseCallFrame(frame({ type: 'CALL_ACCEPT', v: 1, call }))).toBeNull();
    }
    expect(parseCallFrame(frame({ type: 'CALL_ACCEPT', v: 2, call: CALL }))).toBeNull();
    expect(parseCallFrame(frame({ type: 'CALL_NOPE', v: 1, call: CALL }))).toBeNull();
  });

  it('[CALL-2] a ring names at most MAX_CALL_PEOPLE distinct people, in two non-empty lists', () => {
    const ring = (joined: unknown, ringing: unknown, media: unknown = 'audio') =>
      parseCallFrame(frame({ type: 'CALL_RING', v: 1, call: CALL, media, joined, ringing }));
    expect(ring([id('a')], [id('b')])).not.toBeNull();
    const many = 'bcdefghijk'.split('').map(id);
    expect(ring([id('a')], many.slice(0, MAX_CALL_PEOPLE - 1))).not.toBeNull();
    expect(ring([id('a')], many.slice(0, MAX_CALL_PEOPLE))).toBeNull();
    expect(ring([id('a')], [id('a')])).toBeNull();
    expect(ring([], [id('b')])).toBeNull();
    expect(ring([id('a')], [])).toBeNull();
    expect(ring([id('a')], ['NOT-A-PEER'])).toBeNull();
    expect(ring([id('a')], [id('b')], 'fax')).toBeNull();
    expect(ring(id('a'), [id('b')])).toBeNull();
  });

  it('[GCALL-2] a group ring names a group id and may ring any of its other members', () => {
    const ring = (joined: PeerId[], ringing: PeerId[], group: unknown) =>
      parseCallFrame(
        frame({ type: 'CALL_RING', v: 1, call: CALL, media: 'audio', joined, ringing, group }),
      );
    const many = Array.from({ length: MAX_GROUP_MEMBERS }, (_, i) => peerOf(i));
    expect(ring([many[0]!], many.slice(1), GROUP)).toMatchObject({ group: GROUP });
    expect(ring([many[0]!], many.slice(1, MAX_CALL_PEOPLE + 3), null)).toBeNull();
    expect(ring([many[0]!], many.slice(1, 3), 'd:abcdefghijklmnopqrstuvwxyz')).toBeNull();
    expect(ring(many.slice(0, MAX_CALL_PEOPLE + 1), [many[49]!], GROUP)).toBeNull();
    expect(ring([many[0]!], [...many.slice(1), id('z')], GROUP)).toBeNull();
  });

  it('[CALL-8][CALL-9] state flags are booleans; fingerprints are canonical', () => {
    const state = { type: 'CALL_STATE', v: 1, call: CALL, muted: false, cameraOff: true };
    expect(parseCallFrame(frame({ ...state, sharing: false }))).not.toBeNull();
    expect(parseCallFrame(frame({ ...state, sharing: 'no' }))).toBeNull();
    expect(parseCallFrame(frame(state))).toBeNull();
    const fp = { type: 'CALL_FP', v: 1, call: CALL, link: 'mc_1', remote: fakeFingerprint('b') };
    expect(parseCallFrame(frame({ ...fp, local: fakeFingerprint('a') }))).not.toBeNull();
    expect(parseCallFrame(frame({ ...fp, local: 'sha-1 AB:CD' }))).toBeNull();
    expect(parseCallFrame(frame({ ...fp, local: fakeFingerprint('a').toLowerCase() }))).toBeNull();
    const longLink = { ...fp, local: fakeFingerprint('a'), link: 'x'.repeat(65) };
    expect(parseCallFrame(frame(longLink))).toBeNull();
  });
});
