import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import type { CallParticipant, LinkQuality } from '../../../peers/calls/api';
import {
  elapsedSeconds,
  endKey,
  formatDuration,
  outcomeKey,
  present,
  qualityBars,
  qualityFigures,
  qualityKey,
  worstQuality,
} from './callsFormat';

const quality = (level: LinkQuality['level']): LinkQuality => ({ rttMs: 40, loss: 0, level });

function person(peer: string, state: CallParticipant['state'], level: LinkQuality['level']) {
  return {
    peer: peer as PeerId,
    state,
    stream: null,
    muted: false,
    cameraOff: false,
    sharing: false,
    speaking: false,
    quality: quality(level),
  } satisfies CallParticipant;
}

describe('call formatting', () => {
  it('formats durations as m:ss, and h:mm:ss from an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(192)).toBe('3:12');
    expect(formatDuration(59.9)).toBe('0:59');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
  });

  it('counts whole seconds since the call connected, none before', () => {
    expect(elapsedSeconds(null, 10_000)).toBe(0);
    expect(elapsedSeconds(1_000, 4_999)).toBe(3);
    expect(elapsedSeconds(5_000, 1_000)).toBe(0);
  });

  it('tells the caller "no answer" and the callee "missed"', () => {
    expect(endKey('missed', true)).toBe('calls.noAnswer');
    expect(endKey('missed', false)).toBe('calls.missed');
    expect(endKey('cancelled', true)).toBe('calls.cancelled');
    expect(endKey('cancelled', false)).toBe('calls.missed');
    expect(endKey('busy', true)).toBe('calls.busy');
    expect(endKey('remoteHangup', false)).toBe('calls.ended');
    expect(endKey(null, false)).toBe('calls.ended');
  });

  it('words a chat entry by outcome, a completed call by its duration', () => {
    expect(outcomeKey('completed', true)).toBeNull();
    expect(outcomeKey('missed', true)).toBe('calls.noAnswer');
    expect(outcomeKey('missed', false)).toBe('calls.missed');
    expect(outcomeKey('declined', false)).toBe('calls.declined');
    expect(outcomeKey('cancelled', false)).toBe('calls.missed');
    expect(outcomeKey('failed', true)).toBe('calls.callFailed');
  });

  it('shows quality as bars and words, nothing while unknown', () => {
    expect(qualityBars('good')).toBe(3);
    expect(qualityBars('poor')).toBe(1);
    expect(qualityBars('unknown')).toBe(0);
    expect(qualityKey('fair')).toBe('calls.qualityFair');
    expect(qualityKey('unknown')).toBeNull();
    expect(qualityFigures({ rttMs: 41.6, loss: 0.034, level: 'good' })).toEqual({
      rtt: '42',
      loss: '3',
    });
    expect(qualityFigures({ rttMs: null, loss: null, level: 'unknown' })).toEqual({
      rtt: '?',
      loss: '?',
    });
  });

  it('reports the worst connected link and leaves out people who left', () => {
    const people = [
      person('a', 'connected', 'good'),
      person('b', 'connected', 'fair'),
      person('c', 'left', 'poor'),
      person('d', 'ringing', 'poor'),
    ];
    expect(worstQuality(people)?.level).toBe('fair');
    expect(worstQuality([])).toBeNull();
    expect(present(people).map((p) => p.peer)).toEqual(['a', 'b', 'd']);
  });
});
