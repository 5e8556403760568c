/**
 * One remote person in the call: their video (or their picture while the
 * camera is off or the call is voice only), their name, and what they
 * announced (muted, camera off, sharing) plus a speaking ring from their
 * audio level.
 */
import type { CallParticipant } from '../../../peers/calls/api';
import { Avatar } from '../../components/Avatar';
import { t } from '../../i18n';
import { personOf } from '../../chat/screens/person';
import { MicOffIcon, VideoOffIcon } from './CallIcons';
import { MediaVideo } from './MediaVideo';
import { QualityBars } from './QualityBars';
import { useVideoFlowing } from './useVideoFlowing';

export function Tile({
  participant: p,
  showQuality,
}: {
  participant: CallParticipant;
  showQuality: boolean;
}) {
  const person = personOf(p.peer);
  const video = useVideoFlowing(p.stream) && !p.cameraOff;
  const states = [
    p.muted && t('calls.isMuted'),
    p.cameraOff && t('calls.isCameraOff'),
    p.sharing && t('calls.isSharing'),
    p.speaking && t('calls.isSpeaking'),
  ].filter(Boolean);
  const waiting =
    p.state === 'ringing'
      ? t('calls.ringing')
      : p.state === 'connecting'
        ? t('calls.connecting')
        : '';

  return (
    <li
      class="call-tile"
      data-testid="call-tile"
      data-peer={p.peer}
      data-state={p.state}
      data-muted={String(p.muted)}
      data-camera-off={String(p.cameraOff)}
      data-sharing={String(p.sharing)}
      data-speaking={String(p.speaking)}
      data-video={String(video)}
    >
      <MediaVideo stream={p.stream} testId="call-remote-video" class="call-tile__video" />
      {!video && (
        <span class="call-tile__avatar">
          <Avatar name={person.title} src={person.avatar} seed={person.id} size="l" />
        </span>
      )}
      <span class="call-tile__label">
        <span class="call-tile__name">{person.title}</span>
        {waiting && <span class="call-tile__wait">{waiting}</span>}
        {p.muted && <MicOffIcon width="16" height="16" data-testid="call-tile-muted" />}
        {p.cameraOff && <VideoOffIcon width="16" height="16" />}
        {states.length > 0 && <span class="visually-hidden">, {states.join(', ')}</span>}
        {showQuality && p.state === 'connected' && <QualityBars quality={p.quality} />}
      </span>
    </li>
  );
}
