/**
 * A <video> showing a MediaStream. Remote streams play with sound; when the
 * browser refuses to autoplay with sound (no user gesture on this page yet),
 * the video plays muted and a "Play sound" button brings the sound back.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { t } from '../../i18n';

const logger = log('ui:call-video');

interface MediaVideoProps {
  stream: MediaStream | null;
  /** My own stream: never play it back (echo). */
  local?: boolean;
  /** Mirror (my front camera, as in a mirror). */
  mirrored?: boolean;
  testId: string;
  class?: string;
}

export function MediaVideo({
  stream,
  local = false,
  mirrored,
  testId,
  class: cls,
}: MediaVideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const [silenced, setSilenced] = useState(false);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) return;
    video.muted = local;
    video.play().catch((err: unknown) => {
      if (local || !video.isConnected) return;
      // Autoplay with sound refused: play muted and offer the sound on a tap.
      logger.debug('autoplay with sound refused', describeError(err));
      video.muted = true;
      setSilenced(true);
      video
        .play()
        .catch((again: unknown) => logger.warn('video will not play', describeError(again)));
    });
  }, [stream, local]);

  // Let go of the stream when the element goes, so nothing keeps a track referenced.
  useEffect(
    () => () => {
      if (ref.current) ref.current.srcObject = null;
    },
    [],
  );

  const unsilence = () => {
    const video = ref.current;
    if (!video) return;
    video.muted = false;
    video.play().then(
      () => setSilenced(false),
      (err: unknown) => logger.warn('sound still refused', describeError(err)),
    );
  };

  return (
    <>
      <video
        ref={ref}
        class={`call-video${mirrored ? ' call-video--mirrored' : ''}${cls ? ` ${cls}` : ''}`}
        data-testid={testId}
        autoplay
        playsInline
        muted={local}
        aria-hidden="true"
      />
      {silenced && (
        <button type="button" class="button button--primary call-video__sound" onClick={unsilence}>
          {t('calls.playSound')}
        </button>
      )}
    </>
  );
}
