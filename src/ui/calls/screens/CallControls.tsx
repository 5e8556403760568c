/**
 * The in-call control bar: mute, camera on/off, switch camera, screen share,
 * add a person, hang up. Each button's label says what it will do, so it
 * changes with the state (no aria-pressed on top, which would say it twice).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CallSnapshot } from '../../../peers/calls/api';
import { t } from '../../i18n';
import { act, MAX_CALLEES } from '../models/callsModel';
import { present } from '../models/callsFormat';
import { MicIcon } from '../../components/FeatureIcons';
import {
  AddPersonIcon,
  HangupIcon,
  MicOffIcon,
  ScreenIcon,
  SwitchCameraIcon,
  VideoIcon,
  VideoOffIcon,
} from './CallIcons';

function Control(props: {
  label: string;
  testId: string;
  danger?: boolean;
  onClick: () => void;
  children: ComponentChildren;
}) {
  return (
    <button
      type="button"
      class={`call-control${props.danger ? ' call-control--danger' : ''}`}
      data-testid={props.testId}
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

/** getDisplayMedia is missing on phones; the share button is then left out. */
function canShare(): boolean {
  return typeof navigator !== 'undefined' && 'getDisplayMedia' in (navigator.mediaDevices ?? {});
}

/** How many cameras the device has (switching needs two: front and back). */
function useCameraCount(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    navigator.mediaDevices?.enumerateDevices().then(
      (devices) => live && setCount(devices.filter((d) => d.kind === 'videoinput').length),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return count;
}

export function CallControls(props: { snapshot: CallSnapshot; onAdd: () => void }) {
  const { snapshot: s, onAdd } = props;
  const cameras = useCameraCount();
  const room = present(s.participants).length < MAX_CALLEES;
  return (
    <div class="call-controls" role="toolbar" aria-label={t('calls.controls')}>
      <Control
        label={s.muted ? t('calls.unmute') : t('calls.mute')}
        testId="call-mute"
        onClick={() => act('mute', (e) => e.setMuted(!s.muted))}
      >
        {s.muted ? <MicOffIcon /> : <MicIcon />}
      </Control>
      <Control
        label={s.cameraOff ? t('calls.cameraOn') : t('calls.cameraOff')}
        testId="call-camera"
        onClick={() => act('camera', (e) => e.setCamera(s.cameraOff))}
      >
        {s.cameraOff ? <VideoOffIcon /> : <VideoIcon />}
      </Control>
      {cameras > 1 && !s.cameraOff && !s.sharing && (
        <Control
          label={t('calls.switchCamera')}
          testId="call-switch"
          onClick={() => act('switch', (e) => e.switchCamera())}
        >
          <SwitchCameraIcon />
        </Control>
      )}
      {canShare() && (
        <Control
          label={s.sharing ? t('calls.stopShare') : t('calls.share')}
          testId="call-share"
          onClick={() => act('share', (e) => (s.sharing ? e.stopShare() : e.startShare()))}
        >
          <ScreenIcon />
        </Control>
      )}
      {room && (
        <Control label={t('calls.addPerson')} testId="call-add" onClick={onAdd}>
          <AddPersonIcon />
        </Control>
      )}
      <Control
        label={t('calls.hangup')}
        testId="call-hangup"
        danger
        onClick={() => act('hangup', (e) => e.hangup())}
      >
        <HangupIcon />
      </Control>
    </div>
  );
}
