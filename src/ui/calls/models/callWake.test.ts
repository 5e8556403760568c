import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import { pendingCallStep, type PendingCall } from './callWake';

const bob = 'b'.repeat(32) as PeerId;
const call: PendingCall = { peer: bob, media: 'audio', until: 45_000 };

describe('a call to a friend being woken', () => {
  it('[WAKE-14] rings when they come online within the ring time, and not after', () => {
    expect(pendingCallStep(call, () => false, 1_000)).toBe('wait');
    expect(pendingCallStep(call, (p) => p === bob, 44_999)).toBe('ring');
    expect(pendingCallStep(call, (p) => p === bob, 45_000)).toBe('ring');
    expect(pendingCallStep(call, (p) => p === bob, 45_001)).toBe('drop');
    expect(pendingCallStep(call, (p) => p !== bob, 2_000)).toBe('wait');
  });
});
