/**
 * Sending files: picked, dropped, pasted or recorded files wait in
 * one queue and are sent one after another. Each is described on the device
 * first (thumbnail, size, duration: filesMedia.ts), then stored by the engine
 * with its "preparing" progress shown, then its event goes into the chat.
 * A failure says why in a toast; the other files still go.
 */
import { signal } from '@preact/signals';
import type { FileEngineApi, FileExtras } from '../../../peers/files/api';
import type { ConversationId, EventId } from '../../../lib/ids';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { askPersistOnce, fileEngine, fileErrorText, notify } from './files';
import { normalizeMime, safeFileName } from './filesFormat';
import { describeMedia } from './filesMedia';

const logger = log('ui:files-send');

/** A file on its way into the chat. */
export interface Outgoing {
  key: number;
  conv: ConversationId;
  name: string;
  size: number;
  /** `queued` until its turn (or until the engine runs), then `preparing`. */
  state: 'queued' | 'preparing';
  /** Bytes stored so far while preparing. */
  prepared: number;
}

interface Job {
  item: Outgoing;
  blob: Blob;
  extras: FileExtras;
  /** Reads the thumbnail, size and duration; null for a recording (already known). */
  describe: ((blob: Blob) => Promise<FileExtras>) | null;
}

/** Files waiting or being prepared, in sending order. */
export const outgoing = signal<readonly Outgoing[]>([]);

const jobs: Job[] = [];
let running = false;
let nextKey = 1;

function patch(key: number, change: Partial<Outgoing>): void {
  outgoing.value = outgoing.value.map((o) => (o.key === key ? { ...o, ...change } : o));
}

function remove(key: number): void {
  outgoing.value = outgoing.value.filter((o) => o.key !== key);
}

/** Resolves once the file engine runs (it starts with the first friend's session). */
function engineReady(): Promise<FileEngineApi> {
  const now = fileEngine.peek();
  if (now) return Promise.resolve(now);
  return new Promise<FileEngineApi>((resolve) => {
    const off = fileEngine.subscribe((engine) => {
      if (!engine) return;
      queueMicrotask(() => off());
      resolve(engine);
    });
  });
}

async function sendOne(job: Job): Promise<void> {
  const { item } = job;
  const engine = await engineReady();
  if (!outgoing.peek().some((o) => o.key === item.key)) return; // removed while waiting
  patch(item.key, { state: 'preparing', prepared: 0 });
  let extras = job.extras;
  if (job.describe) {
    try {
      extras = { ...(await job.describe(job.blob)), ...extras };
    } catch (err) {
      // No thumbnail or duration is no reason not to send.
      logger.warn('could not describe a file', describeError(err));
    }
  }
  try {
    await engine.send(item.conv, job.blob, item.name, extras, (bytes) =>
      patch(item.key, { prepared: bytes }),
    );
  } catch (err) {
    logger.warn('could not send a file', describeError(err));
    await notify('error', () => fileErrorText(err, item.name));
  }
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      try {
        await sendOne(job);
      } finally {
        remove(job.item.key);
      }
    }
  } finally {
    running = false;
  }
}

function enqueue(job: Omit<Job, 'item'> & { conv: ConversationId; name: string }): void {
  const item: Outgoing = {
    key: nextKey++,
    conv: job.conv,
    name: job.name,
    size: job.blob.size,
    state: 'queued',
    prepared: 0,
  };
  jobs.push({ item, blob: job.blob, extras: job.extras, describe: job.describe });
  outgoing.value = [...outgoing.value, item];
  void drain();
}

/** The blob with its type cleaned up (a slice: no bytes are copied). */
function typed(blob: Blob): Blob {
  const mime = normalizeMime(blob.type);
  return blob.type === mime ? blob : blob.slice(0, blob.size, mime);
}

/** Queue `files` for `conv` (picker, drop or paste), each sent in turn; the first may reply to `replyTo`. */
export function sendFiles(conv: ConversationId, files: readonly File[], replyTo?: EventId): void {
  if (files.length === 0) return;
  void askPersistOnce();
  files.forEach((file, i) => {
    const extras: FileExtras = i === 0 && replyTo ? { replyTo } : {};
    enqueue({
      conv,
      name: safeFileName(file.name),
      blob: typed(file),
      extras,
      describe: describeMedia,
    });
  });
}

/** Queue a recorded voice message. */
export function sendVoice(
  conv: ConversationId,
  blob: Blob,
  name: string,
  durationMs: number,
  replyTo?: EventId,
): void {
  void askPersistOnce();
  const extras: FileExtras = { voice: true, duration: Math.max(0, Math.round(durationMs)) };
  if (replyTo) extras.replyTo = replyTo;
  enqueue({ conv, name, blob: typed(blob), extras, describe: null });
}

/** Take a file that has not started out of the queue. */
export function unqueue(key: number): void {
  const at = jobs.findIndex((job) => job.item.key === key);
  if (at >= 0) jobs.splice(at, 1);
  remove(key);
}
