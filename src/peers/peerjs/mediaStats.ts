/**
 * The call figures a media link reports, read from an `RTCStatsReport`:
 * round-trip time, packet counters and audio levels ([CALL-12]; loss over a
 * window is computed from the counters, calls/quality.ts). Pure, so
 * it is tested with plain maps; the field names are those of the WebRTC
 * statistics spec (`candidate-pair`, `inbound-rtp`, `media-source`, …).
 */
import type { MediaLinkStats } from '../media';

type Stats = Record<string, unknown>;

function isStats(value: unknown): value is Stats {
  return typeof value === 'object' && value !== null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function entries(report: ReadonlyMap<string, unknown>, type: string): Stats[] {
  return [...report.values()].filter((s): s is Stats => isStats(s) && s.type === type);
}

/** RTT of the pair ICE selected (via `transport.selectedCandidatePairId`), else a nominated one. */
function roundTripMs(report: ReadonlyMap<string, unknown>): number | null {
  const pairs = entries(report, 'candidate-pair');
  const selectedIds = new Set(entries(report, 'transport').map((t) => t.selectedCandidatePairId));
  const selected =
    pairs.find((p) => selectedIds.has(p.id)) ??
    pairs.find((p) => p.nominated === true && p.state === 'succeeded');
  const rtt = num(selected?.currentRoundTripTime);
  if (rtt !== null) return Math.round(rtt * 1000);
  // Some browsers only report it per stream, from RTCP.
  const remote = entries(report, 'remote-inbound-rtp')
    .map((s) => num(s.roundTripTime))
    .find((v) => v !== null);
  return remote === undefined || remote === null ? null : Math.round(remote * 1000);
}

function maxLevel(stats: Stats[]): number | null {
  let level: number | null = null;
  for (const s of stats) {
    const value = num(s.audioLevel);
    if (value !== null) level = Math.max(level ?? 0, Math.min(1, Math.max(0, value)));
  }
  return level;
}

/** The figures of one report. */
export function readMediaStats(report: ReadonlyMap<string, unknown>): MediaLinkStats {
  const inbound = entries(report, 'inbound-rtp');
  let packetsLost = 0;
  let packetsReceived = 0;
  let framesDecoded = 0;
  for (const s of inbound) {
    // packetsLost may go negative with duplicates (RFC 3550); never count that as gain.
    packetsLost += Math.max(0, num(s.packetsLost) ?? 0);
    packetsReceived += num(s.packetsReceived) ?? 0;
    framesDecoded += num(s.framesDecoded) ?? 0;
  }
  const kind = (s: Stats) => s.kind ?? s.mediaType;
  return {
    rttMs: roundTripMs(report),
    inboundAudioLevel: maxLevel(inbound.filter((s) => kind(s) === 'audio')),
    outboundAudioLevel: maxLevel(
      entries(report, 'media-source').filter((s) => kind(s) === 'audio'),
    ),
    packetsLost,
    packetsReceived,
    framesDecoded,
  };
}
