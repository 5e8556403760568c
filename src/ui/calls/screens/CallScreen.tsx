/**
 * The call screen, a lazy chunk that App mounts only while a call
 * is under way. A modal <dialog>, so focus stays inside and the app behind is
 * inert; Escape declines a ring, cancels my ring, minimizes a running call
 * (the dialog turns non-modal, a small bar) and closes an ended one.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { CallSnapshot } from '../../../peers/calls/api';
import { lazy } from '../../components/Lazy';
import { callSnapshot } from '../models/callState';
import { act } from '../models/callsModel';
import { CallEnded } from './CallEnded';
import { InCall } from './InCall';
import { MediaProblem } from './MediaProblem';
import { MiniCall } from './MiniCall';
import { Incoming, Outgoing } from './RingView';
import '../calls.css';

const CallPicker = lazy(() => import('./CallPicker').then((m) => m.CallPicker));

function isLive(s: CallSnapshot): boolean {
  return s.phase === 'connecting' || s.phase === 'active';
}

/** What Escape means in each phase. */
function escape(s: CallSnapshot, minimize: () => void): void {
  switch (s.phase) {
    case 'incoming':
      return act('decline', (e) => e.decline());
    case 'outgoing':
      return act('cancel', (e) => e.hangup());
    case 'connecting':
    case 'active':
      return minimize();
    case 'ended':
      return act('dismiss', (e) => e.dismiss());
    default:
      return undefined;
  }
}

export function CallScreen() {
  const s = callSnapshot.value;
  const dialog = useRef<HTMLDialogElement>(null);
  const [mini, setMini] = useState(false);
  const [adding, setAdding] = useState(false);
  const minimized = mini && s !== null && isLive(s);
  // Set while we close the dialog ourselves (to switch modes), so onClose tells that apart.
  const switching = useRef(false);

  // Modal while the call fills the screen, non-modal while minimized.
  const open = () => {
    const el = dialog.current;
    if (!el?.isConnected) return;
    if (el.open) {
      switching.current = true;
      el.close();
      switching.current = false;
    }
    if (minimized) el.show();
    else el.showModal();
  };
  useEffect(open, [minimized]);

  // Give focus back to where it was when the call screen goes away.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);

  // Each new view (ringing, in call, ended) starts at its heading: a screen reader says who
  // and what, and a key pressed while typing elsewhere cannot answer or decline by accident.
  const phase = s?.phase;
  useEffect(() => {
    if (minimized) return;
    dialog.current?.querySelector<HTMLElement>('#call-title')?.focus({ preventScroll: true });
  }, [phase, minimized]);

  if (!s || s.phase === 'idle') return null;

  const onCancel = (event: JSX.TargetedEvent<HTMLDialogElement>) => {
    event.preventDefault();
    escape(s, () => setMini(true));
  };

  return (
    <dialog
      ref={dialog}
      class={`call${minimized ? ' call--mini' : ''}`}
      aria-labelledby="call-title"
      data-testid="call-screen"
      data-phase={s.phase}
      data-media={s.media}
      data-group={String(s.group)}
      data-muted={String(s.muted)}
      data-camera-off={String(s.cameraOff)}
      data-sharing={String(s.sharing)}
      onCancel={onCancel}
      onClose={() => {
        // The browser closes a dialog on a repeated Escape whatever onCancel says:
        // the call screen must stay while the call does.
        if (!switching.current) open();
      }}
    >
      {minimized ? (
        <MiniCall snapshot={s} onRestore={() => setMini(false)} />
      ) : s.phase === 'incoming' ? (
        <Incoming snapshot={s} />
      ) : s.phase === 'outgoing' ? (
        <Outgoing snapshot={s} />
      ) : s.phase === 'ended' ? (
        <CallEnded snapshot={s} />
      ) : (
        <InCall snapshot={s} onMinimize={() => setMini(true)} onAdd={() => setAdding(true)} />
      )}
      {s.mediaError && s.phase !== 'ended' && !minimized && <MediaProblem error={s.mediaError} />}
      {adding && isLive(s) && <CallPicker mode="add" onClose={() => setAdding(false)} />}
    </dialog>
  );
}
