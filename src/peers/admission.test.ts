import { describe, expect, it } from 'vitest';
import type { PeerId } from '../lib/ids';
import {
  ADMISSION_WINDOW_MS,
  InboundAdmission,
  MAX_PEER_CONNECTIONS,
  MAX_STRANGER_CONNECTIONS,
  STRANGER_CONNECTIONS_PER_MINUTE,
  STRANGER_CONNECTIONS_PER_SOURCE_PER_MINUTE,
} from './admission';

const FRIEND = 'f'.repeat(32) as PeerId;
const peer = (n: number) => `p${String(n).padStart(31, 'x')}` as PeerId;
const idle = { total: 0, strangers: 0 };

function setup() {
  let now = 1_000_000;
  const admission = new InboundAdmission(() => now);
  admission.trust([FRIEND]);
  return { admission, advance: (ms: number) => void (now += ms) };
}

describe('InboundAdmission', () => {
  it('[ADM-1] refuses what nobody listens for, friend or not', () => {
    const { admission } = setup();
    expect(admission.decide({ peer: FRIEND, wanted: false, held: idle })).toBe('unwanted');
    expect(admission.decide({ peer: peer(1), wanted: false, held: idle })).toBe('unwanted');
  });

  it('[ADM-2] trust replaces the set of peers that are not strangers', () => {
    const { admission } = setup();
    expect(admission.isTrusted(FRIEND)).toBe(true);
    admission.trust([peer(1)]);
    expect(admission.isTrusted(FRIEND)).toBe(false);
    expect(admission.isTrusted(peer(1))).toBe(true);
  });

  it('[ADM-3] the cap holds for everyone; strangers keep to their share', () => {
    const { admission } = setup();
    const full = { total: MAX_PEER_CONNECTIONS, strangers: 0 };
    expect(admission.decide({ peer: FRIEND, wanted: true, held: full })).toBe('full');
    const strangersFull = { total: MAX_STRANGER_CONNECTIONS, strangers: MAX_STRANGER_CONNECTIONS };
    expect(admission.decide({ peer: peer(1), wanted: true, held: strangersFull })).toBe(
      'strangersFull',
    );
    // The rest stays free for friends.
    expect(admission.decide({ peer: FRIEND, wanted: true, held: strangersFull })).toBe('admit');
  });

  it('[ADM-4] per source and in total, per minute; refusals do not use the budget', () => {
    const { admission, advance } = setup();
    const decide = (p: PeerId) => admission.decide({ peer: p, wanted: true, held: idle });
    const per = STRANGER_CONNECTIONS_PER_SOURCE_PER_MINUTE;
    for (let i = 0; i < per; i++) expect(decide(peer(0))).toBe('admit');
    for (let i = 0; i < 50; i++) expect(decide(peer(0))).toBe('sourceRate');
    let admitted = per;
    for (let n = 1; admitted < STRANGER_CONNECTIONS_PER_MINUTE; n++) {
      expect(decide(peer(n))).toBe('admit');
      admitted++;
    }
    expect(decide(peer(999))).toBe('strangerRate');
    // Friends are never counted against strangers.
    for (let i = 0; i < 100; i++) expect(decide(FRIEND)).toBe('admit');
    advance(ADMISSION_WINDOW_MS - 1);
    expect(decide(peer(999))).toBe('strangerRate');
    advance(1);
    expect(decide(peer(999))).toBe('admit');
    expect(decide(peer(0))).toBe('admit');
  });

  it('[ADM-4] a long flood is forgotten a minute after it stops', () => {
    const { admission, advance } = setup();
    let admitted = 0;
    for (let i = 0; i < 10_000; i++) {
      if (admission.decide({ peer: peer(i), wanted: true, held: idle }) === 'admit') admitted++;
      advance(100);
    }
    // 1,000 s of flood at 10 OFFERs a second: the budget, minute after minute, and no more.
    expect(admitted).toBeLessThanOrEqual(17 * STRANGER_CONNECTIONS_PER_MINUTE);
    advance(ADMISSION_WINDOW_MS);
    expect(admission.decide({ peer: peer(-1), wanted: true, held: idle })).toBe('admit');
  });
});
