import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FileBody } from '../../../lib/chatEvent';
import { Emitter } from '../../../lib/emitter';
import { StorageError } from '../../../lib/errors';
import type { ConversationId, EventId } from '../../../lib/ids';
import { setLogSink } from '../../../lib/log';
import { loadSettings, saveSetting } from '../../../db/settings';
import { useDatabase } from '../../../db/db';
import { DEFAULT_AUTO_DOWNLOAD_BYTES } from '../../../db/settingsTypes';
import {
  NoSpaceError,
  type ConvUsage,
  type FileEngineApi,
  type FileEngineEvents,
  type FileExtras,
  type FileProgress,
} from '../../../peers/files/api';
import {
  acceptFile,
  attachEngine,
  cancelFile,
  fileEngine,
  progressOf,
  refreshProgress,
} from './files';
import { loadStrings } from '../../i18n';
import { outgoing, sendFiles, sendVoice, unqueue } from './filesSend';
import { dismiss, toasts } from '../../shell/models/toasts';

const CONV = 'd:test-conv' as ConversationId;
const ID = `${CONV}:peer:1` as EventId;

interface SendCall {
  name: string;
  type: string;
  size: number;
  extras: FileExtras;
}

/** A stand-in for the engine (unit tests only): records calls, settles sends on demand. */
class FakeEngine implements FileEngineApi {
  readonly events = new Emitter<FileEngineEvents>();
  readonly sends: SendCall[] = [];
  readonly accepted: EventId[] = [];
  readonly cancelled: EventId[] = [];
  stored = new Map<EventId, FileProgress>();
  failNext: unknown = null;
  #pending: (() => void)[] = [];

  send(
    _conv: ConversationId,
    blob: Blob,
    name: string,
    extras: FileExtras = {},
    onPrepare?: (bytes: number) => void,
  ): Promise<FileBody> {
    this.sends.push({ name, type: blob.type, size: blob.size, extras });
    const fail = this.failNext;
    this.failNext = null;
    return new Promise((resolve, reject) => {
      this.#pending.push(() => {
        onPrepare?.(blob.size);
        if (fail) reject(fail instanceof Error ? fail : new Error('failed'));
        else resolve({ name, size: blob.size, mime: blob.type } as FileBody);
      });
    });
  }
  forward(): Promise<FileBody> {
    return Promise.reject(new Error('not used here'));
  }
  /** Let the oldest pending send finish. */
  settle(): void {
    this.#pending.shift()?.();
  }
  progress(id: EventId): Promise<FileProgress | null> {
    return Promise.resolve(this.stored.get(id) ?? null);
  }
  accept(id: EventId): Promise<void> {
    this.accepted.push(id);
    return Promise.resolve();
  }
  cancel(id: EventId): Promise<void> {
    this.cancelled.push(id);
    return Promise.resolve();
  }
  open(): Promise<Blob | null> {
    return Promise.resolve(null);
  }
  usage(): Promise<ConvUsage[]> {
    return Promise.resolve([]);
  }
  free(): Promise<number> {
    return Promise.resolve(0);
  }
  on<E extends keyof FileEngineEvents>(event: E, listener: FileEngineEvents[E]) {
    return this.events.on(event, listener);
  }
}

function progress(state: FileProgress['state'], bytes: number): FileProgress {
  return {
    id: ID,
    conv: CONV,
    direction: 'receive',
    state,
    bytes,
    size: 1000,
    bytesPerSecond: 0,
    etaSeconds: null,
    error: null,
  };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

let detach: (() => void) | null = null;
let restoreLog: () => void = () => undefined;

beforeAll(async () => {
  // The files words are a lazy part of the dictionary.
  await loadStrings('files');
});

beforeEach(() => {
  restoreLog = setLogSink(() => undefined);
});

afterEach(() => {
  detach?.();
  detach = null;
  for (const toast of toasts.value) dismiss(toast.id);
  restoreLog();
});

describe('files model', () => {
  it('follows the engine: stored progress on attach, then its progress events', async () => {
    const engine = new FakeEngine();
    engine.stored.set(ID, progress('active', 300));
    const shown = progressOf(ID);
    detach = attachEngine(engine);
    expect(fileEngine.value).toBe(engine);
    await flush();
    expect(shown.value?.bytes).toBe(300);
    engine.events.emit('progress', progress('ready', 1000));
    expect(shown.value?.state).toBe('ready');
    detach();
    detach = null;
    expect(fileEngine.value).toBeNull();
  });

  it('refreshProgress reads what the engine stored', async () => {
    const engine = new FakeEngine();
    detach = attachEngine(engine);
    engine.stored.set(ID, progress('ask', 0));
    await refreshProgress(ID);
    expect(progressOf(ID).value?.state).toBe('ask');
  });

  it('accept and cancel reach the engine; without one, the user is told', async () => {
    await acceptFile(ID);
    expect(toasts.value.map((x) => x.message)).toEqual([
      'Files work once Plume is connected to a friend.',
    ]);
    const engine = new FakeEngine();
    detach = attachEngine(engine);
    await acceptFile(ID);
    await cancelFile(ID);
    expect(engine.accepted).toEqual([ID]);
    expect(engine.cancelled).toEqual([ID]);
  });
});

describe('sending files', () => {
  it('waits for the engine, then sends one file after another with clean types', async () => {
    const a = new File(['hello'], 'a.txt', { type: 'Text/Plain;charset=utf-8' });
    const b = new File([new Uint8Array(10)], 'b/c.bin');
    sendFiles(CONV, [a, b], 'reply-to' as EventId);
    await flush();
    expect(outgoing.value.map((o) => o.state)).toEqual(['queued', 'queued']);

    const engine = new FakeEngine();
    detach = attachEngine(engine);
    await flush();
    // Only the first is being prepared; the second waits its turn.
    expect(engine.sends.map((s) => s.name)).toEqual(['a.txt']);
    expect(engine.sends[0]).toMatchObject({ type: 'text/plain', extras: { replyTo: 'reply-to' } });
    expect(outgoing.value.map((o) => o.state)).toEqual(['preparing', 'queued']);

    engine.settle();
    await flush();
    expect(engine.sends.map((s) => s.name)).toEqual(['a.txt', 'b_c.bin']);
    expect(engine.sends[1]).toMatchObject({ type: 'application/octet-stream', extras: {} });
    expect(outgoing.value.map((o) => o.name)).toEqual(['b_c.bin']);
    engine.settle();
    await flush();
    expect(outgoing.value).toEqual([]);
  });

  it('says clearly when there is no room, and goes on with the next file', async () => {
    const engine = new FakeEngine();
    detach = attachEngine(engine);
    engine.failNext = new NoSpaceError(5 * 1024 * 1024, 1024 * 1024);
    sendFiles(CONV, [new File(['x'], 'big.iso'), new File(['y'], 'next.txt')]);
    await flush();
    engine.settle();
    await flush();
    expect(toasts.value.map((x) => x.message)).toEqual([
      'Not enough space for big.iso: it needs 5 MB and 1 MB is free. Free space in Storage and try again.',
    ]);
    expect(engine.sends.map((s) => s.name)).toEqual(['big.iso', 'next.txt']);
    engine.settle();
    await flush();
    expect(outgoing.value).toEqual([]);
  });

  it('reports a storage error with its reason', async () => {
    const engine = new FakeEngine();
    detach = attachEngine(engine);
    engine.failNext = new StorageError('quota');
    sendFiles(CONV, [new File(['x'], 'x.txt')]);
    await flush();
    engine.settle();
    await flush();
    expect(toasts.value[0]?.message).toMatch(/^Could not store x\.txt: /);
  });

  it('a queued file can be taken back before it starts', async () => {
    sendFiles(CONV, [new File(['1'], 'one.txt'), new File(['2'], 'two.txt')]);
    const second = outgoing.value[1];
    expect(second?.name).toBe('two.txt');
    unqueue(second?.key ?? -1);
    const engine = new FakeEngine();
    detach = attachEngine(engine);
    await flush();
    engine.settle();
    await flush();
    expect(engine.sends.map((s) => s.name)).toEqual(['one.txt']);
    expect(outgoing.value).toEqual([]);
  });

  it('sends a recording as a voice message with its duration', async () => {
    const engine = new FakeEngine();
    detach = attachEngine(engine);
    sendVoice(CONV, new Blob(['ogg'], { type: 'audio/webm;codecs=opus' }), 'voice.webm', 2345.6);
    await flush();
    expect(engine.sends).toEqual([
      { name: 'voice.webm', type: 'audio/webm', size: 3, extras: { voice: true, duration: 2346 } },
    ]);
    engine.settle();
    await flush();
  });
});

describe('auto-download setting', () => {
  it('defaults to 10 MB and stores a new limit', async () => {
    useDatabase(`test-files-settings-${crypto.randomUUID()}`);
    expect((await loadSettings()).autoDownloadBytes).toBe(DEFAULT_AUTO_DOWNLOAD_BYTES);
    expect(DEFAULT_AUTO_DOWNLOAD_BYTES).toBe(10 * 1024 * 1024);
    await saveSetting('autoDownloadBytes', 0);
    expect((await loadSettings()).autoDownloadBytes).toBe(0);
    await expect(saveSetting('autoDownloadBytes', -1)).rejects.toThrow(TypeError);
    await expect(saveSetting('autoDownloadBytes', 1.5)).rejects.toThrow(TypeError);
  });
});
