/**
 * Whether a chat's Call buttons may start a call: a ring from that very friend does not block
 * them, since pressing Call answers it ([CALL-3]); any other call under way does.
 */
import { afterEach, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import type { CallEngineApi, CallSnapshot } from '../../../peers/calls/api';
import { callEngine, callSnapshot } from './callState';
import { callBlock } from './callsModel';

const ada = 'a'.repeat(32) as PeerId;
const bob = 'b'.repeat(32) as PeerId;

function ringing(from: PeerId, group = false): CallSnapshot {
  return { phase: 'incoming', caller: from, group } as CallSnapshot;
}

afterEach(() => {
  callEngine.value = null;
  callSnapshot.value = null;
});

it('[CALL-3] a ring from the friend whose chat is open does not block calling them', () => {
  callEngine.value = {} as CallEngineApi;
  callSnapshot.value = ringing(ada);
  expect(callBlock(true, ada)).toBeNull();
  // Anyone else's ring, or a group call's, is a call under way.
  expect(callBlock(true, bob)).toBe('inCall');
  callSnapshot.value = ringing(ada, true);
  expect(callBlock(true, ada)).toBe('inCall');
  callSnapshot.value = { phase: 'active', caller: ada, group: false } as CallSnapshot;
  expect(callBlock(true, ada)).toBe('inCall');
  expect(callBlock(false, ada)).toBe('offline');
});
