/**
 * My own camera (or shared screen) as a small picture in a corner. Drag it to
 * another corner (it snaps), or focus it and use the arrow keys. Mirrored for
 * the front camera, as people expect of a selfie view.
 */
import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { CallSnapshot } from '../../../peers/calls/api';
import { t } from '../../i18n';
import { hasVideo } from '../models/callsFormat';
import { MicOffIcon } from './CallIcons';
import { MediaVideo } from './MediaVideo';

type Corner = 'tl' | 'tr' | 'bl' | 'br';

/** A drag shorter than this (px) is a tap, not a move. */
const DRAG_SLOP_PX = 6;

const KEY_MOVES: Readonly<Record<string, (c: Corner) => Corner>> = {
  ArrowLeft: (c) => (c[0] + 'l') as Corner,
  ArrowRight: (c) => (c[0] + 'r') as Corner,
  ArrowUp: (c) => ('t' + c[1]) as Corner,
  ArrowDown: (c) => ('b' + c[1]) as Corner,
};

interface Drag {
  id: number;
  x: number;
  y: number;
}

export function SelfView({ snapshot }: { snapshot: CallSnapshot }) {
  const [corner, setCorner] = useState<Corner>('br');
  const [offset, setOffset] = useState<{ x: number; y: number } | null>(null);
  const drag = useRef<Drag | null>(null);
  const box = useRef<HTMLDivElement>(null);
  if (!snapshot.local || !hasVideo(snapshot.local) || (snapshot.cameraOff && !snapshot.sharing)) {
    return null;
  }

  const onDown = (event: JSX.TargetedPointerEvent<HTMLDivElement>) => {
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onMove = (event: JSX.TargetedPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.id !== event.pointerId) return;
    const x = event.clientX - d.x;
    const y = event.clientY - d.y;
    if (offset || Math.hypot(x, y) > DRAG_SLOP_PX) setOffset({ x, y });
  };
  const onUp = () => {
    drag.current = null;
    const el = box.current;
    const stage = el?.parentElement;
    if (el && stage && offset) {
      // Snap to the corner nearest to where the picture was let go.
      const r = el.getBoundingClientRect();
      const s = stage.getBoundingClientRect();
      const top = r.top + r.height / 2 < s.top + s.height / 2;
      const left = r.left + r.width / 2 < s.left + s.width / 2;
      setCorner(`${top ? 't' : 'b'}${left ? 'l' : 'r'}`);
    }
    setOffset(null);
  };
  const onKey = (event: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    const move = KEY_MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    setCorner(move(corner));
  };

  return (
    <div
      ref={box}
      class="call-self"
      data-testid="call-self"
      data-corner={corner}
      data-speaking={String(snapshot.speaking)}
      style={offset ? { transform: `translate(${offset.x}px, ${offset.y}px)` } : undefined}
      role="img"
      aria-label={t('calls.you')}
      tabIndex={0}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
      onKeyDown={onKey}
    >
      <MediaVideo
        stream={snapshot.local}
        local
        mirrored={snapshot.facing === 'user' && !snapshot.sharing}
        testId="call-self-video"
      />
      {snapshot.muted && <MicOffIcon class="call-self__muted" width="16" height="16" />}
    </div>
  );
}
