/** Hooks of a file message: its live progress, and an object URL of its bytes once they are here. */
import { useEffect, useState } from 'preact/hooks';
import type { EventId } from '../../../lib/ids';
import type { FileProgress } from '../../../peers/files/api';
import { fileEngine, openFile, progressOf, refreshProgress } from '../models/files';

/** The progress of file `id`, read from the engine when shown and followed as it changes. */
export function useFileProgress(id: EventId): FileProgress | null {
  const progress = progressOf(id).value;
  const engine = fileEngine.value;
  useEffect(() => {
    if (engine) void refreshProgress(id);
  }, [engine, id]);
  return progress;
}

/**
 * An object URL of file `id` while `openable` (revoked when the message goes
 * away); null until the engine has given the Blob.
 */
export function useObjectUrl(id: EventId, openable: boolean): string | null {
  const [url, setUrl] = useState<string | null>(null);
  const engine = fileEngine.value;
  useEffect(() => {
    if (!openable || !engine) return;
    let live = true;
    let made: string | null = null;
    void openFile(id).then((blob) => {
      if (!live || !blob) return;
      made = URL.createObjectURL(blob);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [id, openable, engine]);
  return url;
}

/** True when this device holds the whole, verified file (the sender's own while it sends, too). */
export function isOpenable(progress: FileProgress | null): boolean {
  if (!progress) return false;
  return progress.complete ?? progress.state === 'ready';
}
