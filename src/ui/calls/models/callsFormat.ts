/**
 * Pure helpers of the call screen and the call entries: what a
 * call's end, outcome, duration, media error and link quality read as. No
 * signals and no DOM, so they are tested on their own.
 */
import type { CallOutcome } from '../../../lib/chatEvent';
import type {
  CallEndReason,
  CallParticipant,
  LinkQuality,
  MediaError,
} from '../../../peers/calls/api';
import type { MessageKey } from '../../i18n';

export { formatDuration } from '../../i18n/time';

/** Whole seconds a call has run at `now`, 0 before it connected. */
export function elapsedSeconds(startedAt: number | null, now: number): number {
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** What the ended screen says, from this device's side (`caller`: I rang). */
export function endKey(reason: CallEndReason | null, caller: boolean): MessageKey {
  switch (reason) {
    case 'declined':
      return 'calls.declined';
    case 'missed':
      return caller ? 'calls.noAnswer' : 'calls.missed';
    case 'busy':
      return 'calls.busy';
    case 'cancelled':
      return caller ? 'calls.cancelled' : 'calls.missed';
    case 'failed':
      return 'calls.callFailed';
    case 'permission':
      return 'calls.noMedia';
    case 'offline':
      return 'calls.unreachable';
    case 'full':
      return 'calls.full';
    default:
      return 'calls.ended';
  }
}

/**
 * The outcome word of a call entry in the chat; null for a completed call
 * (which shows its duration). `mine`: I wrote the entry, i.e. I rang.
 */
export function outcomeKey(outcome: CallOutcome, mine: boolean): MessageKey | null {
  switch (outcome) {
    case 'completed':
      return null;
    case 'missed':
      return mine ? 'calls.noAnswer' : 'calls.missed';
    case 'declined':
      return 'calls.declined';
    case 'busy':
      return 'calls.busy';
    case 'cancelled':
      return mine ? 'calls.cancelled' : 'calls.missed';
    case 'failed':
      return 'calls.callFailed';
  }
}

/** The sentence for a media problem. */
export function mediaErrorKey(error: MediaError): MessageKey {
  switch (error) {
    case 'permission':
      return 'calls.errPermission';
    case 'noDevice':
      return 'calls.errNoDevice';
    case 'inUse':
      return 'calls.errInUse';
    case 'unsupported':
      return 'calls.errUnsupported';
  }
}

/** The word for a known quality level; null while it is unknown. */
export function qualityKey(level: LinkQuality['level']): MessageKey | null {
  switch (level) {
    case 'good':
      return 'calls.qualityGood';
    case 'fair':
      return 'calls.qualityFair';
    case 'poor':
      return 'calls.qualityPoor';
    default:
      return null;
  }
}

/** Bars lit for a level (of 3). */
export function qualityBars(level: LinkQuality['level']): number {
  return level === 'good' ? 3 : level === 'fair' ? 2 : level === 'poor' ? 1 : 0;
}

/** Round trip in whole ms and loss in whole percent, for the spoken quality text. */
export function qualityFigures(q: LinkQuality): { rtt: string; loss: string } {
  return {
    rtt: q.rttMs === null ? '?' : String(Math.round(q.rttMs)),
    loss: q.loss === null ? '?' : String(Math.round(q.loss * 100)),
  };
}

const LEVEL_ORDER: Readonly<Record<LinkQuality['level'], number>> = {
  unknown: 0,
  good: 1,
  fair: 2,
  poor: 3,
};

/** The worst known link of the connected people (what the call header shows). */
export function worstQuality(participants: readonly CallParticipant[]): LinkQuality | null {
  let worst: LinkQuality | null = null;
  for (const p of participants) {
    if (p.state !== 'connected') continue;
    if (!worst || LEVEL_ORDER[p.quality.level] > LEVEL_ORDER[worst.level]) worst = p.quality;
  }
  return worst;
}

/** People still in the call or on their way in (not those who left). */
export function present(participants: readonly CallParticipant[]): CallParticipant[] {
  return participants.filter((p) => p.state !== 'left');
}

/** True when the stream has a live video track worth showing. */
export function hasVideo(stream: MediaStream | null): boolean {
  return stream?.getVideoTracks().some((track) => track.readyState === 'live') ?? false;
}
