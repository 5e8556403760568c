import { describe, expect, it } from 'vitest';
import { readMediaStats } from './mediaStats';

const report = (stats: Record<string, unknown>[]) =>
  new Map(stats.map((s, i) => [String((s as { id?: string }).id ?? `S${i}`), s]));

describe('media stats [CALL-12]', () => {
  it('[CALL-12] RTT from the selected candidate pair, levels from inbound-rtp and media-source', () => {
    const stats = readMediaStats(
      report([
        { type: 'transport', id: 'T', selectedCandidatePairId: 'CP2' },
        {
          type: 'candidate-pair',
          id: 'CP1',
          nominated: true,
          state: 'succeeded',
          currentRoundTripTime: 0.5,
        },
        { type: 'candidate-pair', id: 'CP2', state: 'succeeded', currentRoundTripTime: 0.042 },
        {
          type: 'inbound-rtp',
          kind: 'audio',
          audioLevel: 0.3,
          packetsLost: 2,
          packetsReceived: 98,
        },
        {
          type: 'inbound-rtp',
          kind: 'video',
          packetsLost: 1,
          packetsReceived: 99,
          framesDecoded: 30,
        },
        { type: 'media-source', kind: 'audio', audioLevel: 0.12 },
        { type: 'media-source', kind: 'video' },
      ]),
    );
    expect(stats).toEqual({
      rttMs: 42,
      inboundAudioLevel: 0.3,
      outboundAudioLevel: 0.12,
      packetsLost: 3,
      packetsReceived: 197,
      framesDecoded: 30,
    });
  });

  it('[CALL-12] packet counters add up over streams; duplicates never count as gain', () => {
    const stats = readMediaStats(
      report([
        { type: 'inbound-rtp', kind: 'audio', packetsLost: 12, packetsReceived: 190 },
        { type: 'inbound-rtp', kind: 'video', packetsLost: -3, packetsReceived: 10 },
      ]),
    );
    expect(stats).toMatchObject({ packetsLost: 12, packetsReceived: 200 });
  });

  it('[CALL-12] unknown figures are null, RTT falls back to remote-inbound-rtp', () => {
    expect(readMediaStats(new Map())).toMatchObject({
      rttMs: null,
      inboundAudioLevel: null,
      outboundAudioLevel: null,
    });
    const rtcp = readMediaStats(report([{ type: 'remote-inbound-rtp', roundTripTime: 0.1 }]));
    expect(rtcp.rttMs).toBe(100);
  });
});
