/**
 * Drop files on the chat, or paste them (a screenshot, copied files), to
 * send them. Text pastes are left to the composer.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import type { ConversationId } from '../../../lib/ids';
import { t } from '../../i18n';
import { sendFiles } from '../models/filesSend';
import { AttachIcon } from './FileIcons';

function hasFiles(transfer: DataTransfer | null): boolean {
  return transfer !== null && [...transfer.types].includes('Files');
}

/** Handlers to spread on the chat element, and whether files are being dragged over it. */
export function useFileDrop(conv: ConversationId) {
  const dragging = useSignal(false);
  // dragenter/dragleave fire for every child crossed: count them.
  const depth = useRef(0);

  const handlers = {
    onDragEnter: (event: JSX.TargetedDragEvent<HTMLElement>) => {
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth.current++;
      dragging.value = true;
    },
    onDragOver: (event: JSX.TargetedDragEvent<HTMLElement>) => {
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event: JSX.TargetedDragEvent<HTMLElement>) => {
      if (!hasFiles(event.dataTransfer)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) dragging.value = false;
    },
    onDrop: (event: JSX.TargetedDragEvent<HTMLElement>) => {
      depth.current = 0;
      dragging.value = false;
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      sendFiles(conv, files);
    },
    onPaste: (event: JSX.TargetedClipboardEvent<HTMLElement>) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      sendFiles(conv, files);
    },
  };
  return { dragging, handlers };
}

/** The "drop to send" veil over the chat while files are dragged over it. */
export function DropOverlay({ name }: { name: string }) {
  return (
    <div class="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <AttachIcon width="40" height="40" />
      <p>{t('files.drop', { name })}</p>
    </div>
  );
}
