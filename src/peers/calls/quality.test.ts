import { describe, expect, it } from 'vitest';
import { SPEAKING_HOLD_MS, SPEAKING_LEVEL } from './constants';
import { mediaErrorOf } from './mediaErrors';
import { SpeakingDetector, qualityLevel, windowLoss } from './quality';

describe('link quality', () => {
  it('[CALL-12] levels from RTT and loss', () => {
    expect(qualityLevel(null, null)).toBe('unknown');
    expect(qualityLevel(40, 0)).toBe('good');
    expect(qualityLevel(40, null)).toBe('good');
    expect(qualityLevel(400, 0)).toBe('fair');
    expect(qualityLevel(40, 0.05)).toBe('fair');
    expect(qualityLevel(900, 0)).toBe('poor');
    expect(qualityLevel(null, 0.2)).toBe('poor');
  });

  it('[CALL-12] loss over a window from cumulative counters', () => {
    expect(windowLoss(null, { packetsLost: 5, packetsReceived: 95 })).toBeNull();
    const before = { packetsLost: 5, packetsReceived: 95 };
    expect(windowLoss(before, { packetsLost: 15, packetsReceived: 185 })).toBeCloseTo(0.1);
    expect(windowLoss(before, before)).toBeNull();
  });

  it('[CALL-12] speaking turns on above the threshold and holds briefly', () => {
    const d = new SpeakingDetector();
    expect(d.sample(null, 0)).toBe(false);
    expect(d.sample(SPEAKING_LEVEL / 2, 0)).toBe(false);
    expect(d.sample(SPEAKING_LEVEL * 3, 100)).toBe(true);
    expect(d.sample(0, 100 + SPEAKING_HOLD_MS)).toBe(true);
    expect(d.sample(0, 101 + SPEAKING_HOLD_MS)).toBe(false);
  });
});

describe('media errors', () => {
  it('[CALL-11] getUserMedia errors map to what the UI explains', () => {
    const named = (name: string) => Object.assign(new Error(name), { name });
    expect(mediaErrorOf(named('NotAllowedError'))).toBe('permission');
    expect(mediaErrorOf(named('SecurityError'))).toBe('permission');
    expect(mediaErrorOf(named('NotFoundError'))).toBe('noDevice');
    expect(mediaErrorOf(named('OverconstrainedError'))).toBe('noDevice');
    expect(mediaErrorOf(named('NotReadableError'))).toBe('inUse');
    expect(mediaErrorOf(new TypeError('no constraints'))).toBe('unsupported');
    expect(mediaErrorOf('weird')).toBe('unsupported');
    expect(mediaErrorOf(null)).toBe('unsupported');
  });
});
