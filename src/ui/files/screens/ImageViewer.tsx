/**
 * A photo full-size: a modal <dialog> (focus stays inside, Esc
 * closes) with zoom by buttons, the wheel, a pinch, double-click and the
 * keyboard (+, -, 0), and dragging to look around a zoomed photo.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { CloseIcon } from '../../components/Icons';
import { t } from '../../i18n';
import { DownloadIcon, FitIcon, ZoomInIcon, ZoomOutIcon } from './FileIcons';

/** Zoom limits (1 = the photo fits the screen). */
const MIN_ZOOM = 1;
const MAX_ZOOM = 8;
/** One press of a zoom button or key. */
const ZOOM_STEP = 1.5;
/** How fast the wheel zooms, per pixel of scroll. */
const WHEEL_RATE = 0.002;

interface Props {
  url: string;
  name: string;
  onSave: () => void;
  onClose: () => void;
}

interface Point {
  x: number;
  y: number;
}

function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function ImageViewer({ url, name, onSave, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const zoom = useSignal(1);
  const pan = useSignal<Point>({ x: 0, y: 0 });
  const pointers = useRef(new Map<number, Point>());
  const pinch = useRef<{ distance: number; zoom: number } | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => {
      if (el?.open) el.close();
    };
  }, []);

  const setZoom = (z: number) => {
    const next = clampZoom(z);
    zoom.value = next;
    // Back at "fit", the photo is centred again.
    if (next === MIN_ZOOM) pan.value = { x: 0, y: 0 };
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLDialogElement>) => {
    if (event.key === '+' || event.key === '=') setZoom(zoom.value * ZOOM_STEP);
    else if (event.key === '-') setZoom(zoom.value / ZOOM_STEP);
    else if (event.key === '0') setZoom(MIN_ZOOM);
    else return;
    event.preventDefault();
  };

  const onWheel = (event: JSX.TargetedWheelEvent<HTMLDivElement>) => {
    event.preventDefault();
    setZoom(zoom.value * Math.exp(-event.deltaY * WHEEL_RATE));
  };

  const onPointerDown = (event: JSX.TargetedPointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    const [a, b] = [...pointers.current.values()];
    if (a && b) pinch.current = { distance: distance(a, b), zoom: zoom.value };
  };

  const onPointerMove = (event: JSX.TargetedPointerEvent<HTMLDivElement>) => {
    const before = pointers.current.get(event.pointerId);
    if (!before) return;
    const now = { x: event.clientX, y: event.clientY };
    pointers.current.set(event.pointerId, now);
    const [a, b] = [...pointers.current.values()];
    if (a && b && pinch.current) {
      setZoom((pinch.current.zoom * distance(a, b)) / Math.max(1, pinch.current.distance));
    } else if (zoom.value > MIN_ZOOM) {
      pan.value = { x: pan.value.x + now.x - before.x, y: pan.value.y + now.y - before.y };
    }
  };

  const onPointerUp = (event: JSX.TargetedPointerEvent<HTMLDivElement>) => {
    pointers.current.delete(event.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
  };

  const z = zoom.value;
  const percent = Math.round(z * 100);
  return (
    <dialog
      ref={dialog}
      class="viewer"
      data-testid="image-viewer"
      aria-label={t('files.viewer', { name })}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
    >
      <div class="viewer__bar">
        <span class="viewer__name" dir="auto">
          {name}
        </span>
        <span class="viewer__zoom" data-testid="viewer-zoom" aria-live="polite">
          {percent}%
        </span>
        <button
          type="button"
          class="icon-button viewer__button"
          data-testid="viewer-zoom-out"
          aria-label={t('files.zoomOut')}
          title={t('files.zoomOut')}
          disabled={z <= MIN_ZOOM}
          onClick={() => setZoom(z / ZOOM_STEP)}
        >
          <ZoomOutIcon />
        </button>
        <button
          type="button"
          class="icon-button viewer__button"
          data-testid="viewer-zoom-in"
          aria-label={t('files.zoomIn')}
          title={t('files.zoomIn')}
          disabled={z >= MAX_ZOOM}
          onClick={() => setZoom(z * ZOOM_STEP)}
        >
          <ZoomInIcon />
        </button>
        <button
          type="button"
          class="icon-button viewer__button"
          data-testid="viewer-fit"
          aria-label={t('files.zoomFit')}
          title={t('files.zoomFit')}
          disabled={z === MIN_ZOOM}
          onClick={() => setZoom(MIN_ZOOM)}
        >
          <FitIcon />
        </button>
        <button
          type="button"
          class="icon-button viewer__button"
          data-testid="viewer-save"
          aria-label={t('files.saveName', { name })}
          title={t('files.save')}
          onClick={onSave}
        >
          <DownloadIcon />
        </button>
        <button
          type="button"
          class="icon-button viewer__button"
          data-testid="viewer-close"
          aria-label={t('files.close')}
          title={t('files.close')}
          onClick={onClose}
        >
          <CloseIcon />
        </button>
      </div>
      <div
        class="viewer__stage"
        data-zoomed={String(z > MIN_ZOOM)}
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDblClick={() => setZoom(z > MIN_ZOOM ? MIN_ZOOM : ZOOM_STEP * ZOOM_STEP)}
      >
        <img
          class="viewer__image"
          data-testid="viewer-image"
          src={url}
          alt={name}
          draggable={false}
          style={{ transform: `translate(${pan.value.x}px, ${pan.value.y}px) scale(${z})` }}
        />
      </div>
    </dialog>
  );
}
