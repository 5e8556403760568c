/**
 * Ringing: someone calls me (answer with voice or video, or decline), or I
 * call someone ("Calling…", cancel). A ring or ringback tone plays meanwhile.
 */
import { useEffect } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { PeerId } from '../../../lib/ids';
import type { CallSnapshot } from '../../../peers/calls/api';
import { Avatar } from '../../components/Avatar';
import { t } from '../../i18n';
import { present } from '../models/callsFormat';
import { act } from '../models/callsModel';
import { personOf } from '../../chat/screens/person';
import { HangupIcon, PhoneIcon, VideoIcon } from './CallIcons';
import { MediaVideo } from './MediaVideo';
import { playTone } from './tones';

/** A big round button with its words underneath (easy to hit on a phone). */
export function RoundButton(props: {
  label: string;
  testId: string;
  kind: 'accept' | 'decline';
  onClick: () => void;
  children: ComponentChildren;
}) {
  return (
    <button
      type="button"
      class={`call-round call-round--${props.kind}`}
      data-testid={props.testId}
      onClick={props.onClick}
    >
      <span class="call-round__icon">{props.children}</span>
      <span class="call-round__label">{props.label}</span>
    </button>
  );
}

/** Faces and names of the people on a ring screen. */
function Who({ peers, line }: { peers: readonly PeerId[]; line: string }) {
  const shown = peers.map(personOf);
  return (
    <div class="call-who">
      <div class="call-who__faces">
        {shown.map((person) => (
          <Avatar
            key={person.id}
            name={person.title}
            src={person.avatar}
            seed={person.id}
            size="l"
          />
        ))}
      </div>
      <h2 id="call-title" class="call-who__name" tabIndex={-1}>
        {shown.map((p) => p.title).join(', ')}
      </h2>
      <p class="call-who__line" aria-live="polite">
        {line}
      </p>
    </div>
  );
}

export function Incoming({ snapshot: s }: { snapshot: CallSnapshot }) {
  useEffect(() => playTone('ring'), []);
  const video = s.media === 'video';
  const caller = s.caller ?? present(s.participants)[0]?.peer ?? null;
  const others = present(s.participants)
    .filter((p) => p.peer !== caller)
    .map((p) => personOf(p.peer).title);
  const what = t(video ? 'calls.incomingVideo' : 'calls.incomingVoice');
  return (
    <div class="call-ring" data-testid="call-incoming" data-media={s.media}>
      <Who
        peers={caller ? [caller] : []}
        line={
          others.length > 0
            ? `${what} · ${t('calls.andOthers', { names: others.join(', ') })}`
            : what
        }
      />
      <div class="call-ring__actions">
        <RoundButton
          kind="decline"
          label={t('calls.decline')}
          testId="call-decline"
          onClick={() => act('decline', (e) => e.decline())}
        >
          <HangupIcon />
        </RoundButton>
        <RoundButton
          kind="accept"
          label={t('calls.acceptVoice')}
          testId="call-accept-voice"
          onClick={() => act('accept', (e) => e.accept('audio'))}
        >
          <PhoneIcon />
        </RoundButton>
        {video && (
          <RoundButton
            kind="accept"
            label={t('calls.acceptVideo')}
            testId="call-accept-video"
            onClick={() => act('accept', (e) => e.accept('video'))}
          >
            <VideoIcon />
          </RoundButton>
        )}
      </div>
    </div>
  );
}

export function Outgoing({ snapshot: s }: { snapshot: CallSnapshot }) {
  useEffect(() => playTone('ringback'), []);
  const callees = present(s.participants).map((p) => p.peer);
  return (
    <div class="call-ring" data-testid="call-outgoing" data-media={s.media}>
      {s.media === 'video' && s.local && !s.cameraOff && (
        <MediaVideo
          stream={s.local}
          local
          mirrored={s.facing === 'user'}
          testId="call-preview"
          class="call-ring__preview"
        />
      )}
      <Who peers={callees} line={t('calls.calling')} />
      <div class="call-ring__actions">
        <RoundButton
          kind="decline"
          label={t('calls.cancel')}
          testId="call-cancel"
          onClick={() => act('cancel', (e) => e.hangup())}
        >
          <HangupIcon />
        </RoundButton>
      </div>
    </div>
  );
}
