/**
 * A voice message in the bubble: play / pause, a progress slider that also
 * seeks, and the time. The length comes from the event (a recording's WebM
 * often has none in its header), the position from the audio element.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { FileBody } from '../../../lib/chatEvent';
import { t } from '../../i18n';
import { formatClock } from '../models/filesFormat';
import { PauseIcon, PlayIcon } from './FileIcons';

interface Props {
  file: FileBody;
  /** Object URL of the recording; null until it is here. */
  url: string | null;
}

/** The length in milliseconds: from the event, else from the element once it knows. */
function lengthMs(file: FileBody, audio: HTMLAudioElement | null): number {
  if (file.duration) return file.duration;
  const d = audio?.duration;
  return d !== undefined && Number.isFinite(d) ? d * 1000 : 0;
}

export function VoicePlayer({ file, url }: Props) {
  const audio = useRef<HTMLAudioElement>(null);
  const playing = useSignal(false);
  const position = useSignal(0);
  const total = lengthMs(file, audio.current);

  // A new URL (another engine, or the file arrived) starts from the beginning.
  useEffect(() => {
    playing.value = false;
    position.value = 0;
  }, [url]);

  const toggle = () => {
    const el = audio.current;
    if (!el) return;
    if (el.paused) void el.play().catch(() => (playing.value = false));
    else el.pause();
  };

  const seek = (ms: number) => {
    const el = audio.current;
    if (!el) return;
    el.currentTime = ms / 1000;
    position.value = ms;
  };

  const label = playing.value ? t('files.pause') : t('files.play');
  return (
    <div class="voice" data-testid="voice-player" data-playing={String(playing.value)}>
      <button
        type="button"
        class="voice__play"
        data-testid="voice-play"
        aria-label={label}
        title={label}
        disabled={!url}
        onClick={(event) => {
          event.stopPropagation();
          toggle();
        }}
      >
        {playing.value ? <PauseIcon width="20" height="20" /> : <PlayIcon width="20" height="20" />}
      </button>
      <input
        type="range"
        class="voice__seek"
        data-testid="voice-progress"
        data-position={String(Math.round(position.value))}
        min={0}
        max={Math.max(1, Math.round(total))}
        step={100}
        value={Math.round(position.value)}
        disabled={!url}
        aria-label={t('files.voicePosition')}
        aria-valuetext={`${formatClock(position.value)} / ${formatClock(total)}`}
        onInput={(event) => seek(Number(event.currentTarget.value))}
      />
      <span class="voice__time" data-testid="voice-time">
        {formatClock(playing.value || position.value > 0 ? position.value : total)}
      </span>
      {url && (
        <audio
          ref={audio}
          src={url}
          preload="metadata"
          onPlay={() => (playing.value = true)}
          onPause={() => (playing.value = false)}
          onTimeUpdate={(event) => (position.value = event.currentTarget.currentTime * 1000)}
          onEnded={() => {
            playing.value = false;
            position.value = 0;
          }}
        />
      )}
    </div>
  );
}
