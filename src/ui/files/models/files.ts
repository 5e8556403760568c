/**
 * The files model: the running file engine as a signal, one
 * progress signal per file event, and the actions on a file (accept, cancel,
 * open, save). The runtime loads the engine as a lazy chunk and
 * featureModels.ts attaches it here; this module only knows its contract
 * (src/peers/files/api.ts), so the chat screen can read it without pulling
 * the engine into any bundle.
 */
import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { describeError, StorageError } from '../../../lib/errors';
import type { EventId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { NotFriendError } from '../../../peers/sync/append';
import { NoSpaceError, type FileEngineApi, type FileProgress } from '../../../peers/files/api';
import { language, loadStrings, t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { formatBytes } from './filesFormat';
import { downloadBlob } from '../../shell/models/download';
import { wantFeatures } from '../../shell/models/runtime';
import { push, type ToastKind } from '../../shell/models/toasts';

const logger = log('ui:files');

/**
 * Show a toast in the files strings (a lazy part of the dictionary): waits
 * for them, so a toast raised before the chat screen loaded them is not blank.
 */
export async function notify(kind: ToastKind, text: () => string): Promise<void> {
  await loadStrings('files');
  push({ kind, message: text() });
}

/** The running file engine; null until it has loaded, and without a transport. */
export const fileEngine = signal<FileEngineApi | null>(null);

// This module is loaded by the screens that show files (chat, storage): they need the engine
// even when no friend is online, to open files already stored here.
wantFeatures();

const progress = new Map<EventId, Signal<FileProgress | null>>();

/** The live progress of file event `id` (null until known). Read it in a component to follow it. */
export function progressOf(id: EventId): ReadonlySignal<FileProgress | null> {
  let s = progress.get(id);
  if (!s) {
    s = signal<FileProgress | null>(null);
    progress.set(id, s);
  }
  return s;
}

function update(p: FileProgress): void {
  (progressOf(p.id) as Signal<FileProgress | null>).value = p;
}

/** Read the stored progress of `id` from the engine (a freshly shown message, a new engine). */
export async function refreshProgress(id: EventId): Promise<void> {
  const engine = fileEngine.peek();
  if (!engine) return;
  try {
    const p = await engine.progress(id);
    // An event may have overtaken the read: keep whichever the engine said last.
    if (p && fileEngine.peek() === engine) update(p);
  } catch (err) {
    logger.warn('could not read file progress', describeError(err));
  }
}

/**
 * Make `engine` the running one: follow its progress, refresh what is shown.
 * Returns the detach (the engine's stop is the caller's).
 */
export function attachEngine(engine: FileEngineApi): () => void {
  fileEngine.value = engine;
  const off = engine.on('progress', (p) => {
    update(p);
    // The first file that starts coming in is the moment to ask for durable storage.
    if (p.direction === 'receive' && p.state === 'active') void askPersistOnce();
  });
  for (const id of progress.keys()) void refreshProgress(id);
  return () => {
    off();
    if (fileEngine.peek() === engine) fileEngine.value = null;
  };
}

let persistAsked = false;

/**
 * Ask the browser to keep Plume's storage when space runs low
 * (`navigator.storage.persist()`), once per tab: when the first file is sent
 * or received. Never rejects.
 */
export async function askPersistOnce(): Promise<void> {
  if (persistAsked) return;
  persistAsked = true;
  try {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage?.persist || (await storage.persisted())) return;
    const granted = await storage.persist();
    logger.info('persistent storage', granted ? 'granted' : 'not granted');
  } catch (err) {
    logger.warn('could not ask for persistent storage', describeError(err));
  }
}

/** The sentence for a file that could not be stored or sent. */
export function fileErrorText(err: unknown, name: string): string {
  const lang = language.peek();
  if (err instanceof NoSpaceError) {
    return t('files.noSpaceSend', {
      name,
      needed: formatBytes(err.needed, lang),
      available: formatBytes(err.available, lang),
    });
  }
  if (err instanceof StorageError) return t('files.storageSend', { name, reason: errorText(err) });
  if (err instanceof NotFriendError) return t('files.notFriend');
  return t('files.sendFailed', { name });
}

async function withEngine(run: (engine: FileEngineApi) => Promise<void>): Promise<void> {
  const engine = fileEngine.peek();
  if (!engine) {
    await notify('info', () => t('files.notConnected'));
    return;
  }
  try {
    await run(engine);
  } catch (err) {
    logger.warn('file action failed', describeError(err));
    await notify('error', () =>
      err instanceof NoSpaceError ? t('files.noSpace') : t('files.actionFailed'),
    );
  }
}

/** Download (or retry, or fetch again) file `id`. */
export function acceptFile(id: EventId): Promise<void> {
  void askPersistOnce();
  return withEngine(async (engine) => {
    await engine.accept(id);
    await refreshProgress(id);
  });
}

/** Stop the transfer of `id` (either side); what is stored stays. */
export function cancelFile(id: EventId): Promise<void> {
  return withEngine(async (engine) => {
    await engine.cancel(id);
    await refreshProgress(id);
  });
}

/** The stored file as a Blob (not read into memory), or null unless it is all here. */
export async function openFile(id: EventId): Promise<Blob | null> {
  const engine = fileEngine.peek();
  if (!engine) return null;
  try {
    return await engine.open(id);
  } catch (err) {
    logger.warn('could not open a file', describeError(err));
    return null;
  }
}

/** Save file `id` to the device's downloads as `name`. */
export async function saveFile(id: EventId, name: string): Promise<void> {
  const blob = await openFile(id);
  if (!blob) {
    await notify('error', () => t('files.openFailed', { name }));
    return;
  }
  downloadBlob(blob, name);
}
