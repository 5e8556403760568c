/**
 * Voice messages in the composer: the mic button starts recording;
 * while recording, the bar shows the time with Cancel and Stop-and-send
 * (Esc cancels). A refused or missing microphone says so, with Try again.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ConversationId, EventId } from '../../../lib/ids';
import { CloseIcon } from '../../components/Icons';
import { useNow } from '../../components/useNow';
import { t } from '../../i18n';
import { formatClock } from '../models/filesFormat';
import { cancelVoice, startVoice, stopVoice, voice, type VoiceState } from '../models/filesVoice';
import { MicIcon } from '../../components/FeatureIcons';
import { StopIcon } from './FileIcons';

/** How often the recording time is redrawn. */
const TICK_MS = 250;

/** True while `conv` has a recording starting or running in `v`. */
function recordingIn(v: VoiceState, conv: ConversationId): boolean {
  return (v.kind === 'starting' || v.kind === 'recording') && v.conv === conv;
}

/** True while `conv` has a recording starting or running (a signal read: re-renders on change). */
export function isRecording(conv: ConversationId): boolean {
  return recordingIn(voice.value, conv);
}

/** The mic button: starts a voice message. */
export function MicButton(props: { conv: ConversationId; replyTo: () => EventId | undefined }) {
  return (
    <button
      type="button"
      class="composer__send composer__mic"
      data-testid="voice-record"
      aria-label={t('files.record')}
      title={t('files.record')}
      onClick={() => void startVoice(props.conv, props.replyTo())}
    >
      <MicIcon width="22" height="22" />
    </button>
  );
}

function Elapsed({ since }: { since: number }) {
  const now = useNow(TICK_MS);
  return (
    <span class="recording__time" role="timer" data-testid="voice-elapsed">
      {formatClock(Math.max(0, now - since))}
    </span>
  );
}

/** The recording bar (in place of the text row while recording). */
export function RecordingBar({ conv }: { conv: ConversationId }) {
  const stop = useRef<HTMLButtonElement>(null);
  const v = voice.value;
  const recording = v.kind === 'recording' && v.conv === conv;

  useEffect(() => {
    if (recording) stop.current?.focus();
  }, [recording]);
  // Leaving the chat mid-recording throws the recording away (and frees the microphone).
  useEffect(
    () => () => {
      if (recordingIn(voice.peek(), conv)) cancelVoice();
    },
    [conv],
  );

  return (
    <div
      class="recording"
      data-testid="voice-recording"
      data-state={v.kind}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        cancelVoice();
      }}
    >
      <button
        type="button"
        class="icon-button"
        data-testid="voice-cancel"
        aria-label={t('files.recordCancel')}
        title={t('files.recordCancel')}
        onClick={cancelVoice}
      >
        <CloseIcon width="22" height="22" />
      </button>
      <span class="recording__dot" aria-hidden="true" />
      <span class="recording__label" role="status">
        {recording ? t('files.recording') : t('files.micStarting')}
      </span>
      {v.kind === 'recording' && <Elapsed since={v.startedAt} />}
      <button
        ref={stop}
        type="button"
        class="composer__send"
        data-testid="voice-send"
        aria-label={t('files.recordSend')}
        title={t('files.recordSend')}
        disabled={!recording}
        onClick={stopVoice}
      >
        <StopIcon width="22" height="22" />
      </button>
    </div>
  );
}

/** A refused or missing microphone, with Try again; null otherwise. */
export function MicProblem(props: { conv: ConversationId; replyTo: () => EventId | undefined }) {
  const v = voice.value;
  if ((v.kind !== 'denied' && v.kind !== 'unavailable') || v.conv !== props.conv) return null;
  return (
    <div class="mic-problem" role="alert" data-testid="voice-problem" data-reason={v.kind}>
      <p class="mic-problem__text">
        {v.kind === 'denied' ? t('files.micDenied') : t('files.micMissing')}
      </p>
      <button
        type="button"
        class="transfer__action"
        data-testid="voice-retry"
        onClick={() => void startVoice(props.conv, props.replyTo())}
      >
        {t('files.retry')}
      </button>
      <button
        type="button"
        class="icon-button"
        aria-label={t('files.close')}
        title={t('files.close')}
        onClick={() => {
          voice.value = { kind: 'idle' };
        }}
      >
        <CloseIcon width="18" height="18" />
      </button>
    </div>
  );
}
