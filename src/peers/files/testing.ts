/**
 * Test helpers: chat installs (src/peers/sync/testing.ts) with a file engine
 * each, a restart that drops the engine's memory but keeps the database,
 * deterministic test files, and readers of the stored state. No
 * test-framework imports.
 */
import { PlumeDatabase } from '../../db/db';
import { getFile, type FileRow } from '../../db/filesRepo';
import type { ConversationId, EventId } from '../../lib/ids';
import type { MemoryHub } from '../memory/MemoryHub';
import type { ControlFrame } from '../session/frames';
import type { Session } from '../session/Session';
import { waitFor } from '../session/testing';
import { chatPair, type ChatInstall } from '../sync/testing';
import type { FileProgress, FileState } from './api';
import { FileEngine, type FileEngineOptions } from './FileEngine';
import { fileBodyOf, prepareFile } from './prepare';

/** Small chunks and quick retries, so tests move many chunks fast. */
export const TEST_TUNING: NonNullable<FileEngineOptions['tuning']> = {
  chunkSize: 64 * 1024,
  retry: { baseMs: 20, capMs: 80, minMs: 5 },
};

/** What a test may choose of a file engine; `env` is its clock (default: real time). */
export type FileTestOptions = Partial<Pick<FileEngineOptions, 'autoDownload' | 'tuning' | 'env'>>;

/** An install with a file engine. */
export interface FileInstall extends ChatInstall {
  files: FileEngine;
  /** What `estimate()` answers (tests change it). */
  space: { quota?: number; usage?: number };
  /** Every progress event, in order. */
  progressLog: FileProgress[];
  /** Stop the file engine (memory lost, database kept). */
  stopFiles(): void;
  /** Start a fresh file engine on the same database and sessions. */
  startFiles(): void;
}

/** Give `install` a running file engine. */
export function addFiles(install: ChatInstall, options: FileTestOptions = {}): FileInstall {
  const fi = install as FileInstall;
  fi.space = {};
  fi.progressLog = [];
  const make = () => {
    const engine = new FileEngine({
      manager: install.engine.manager,
      transport: install.transport,
      keys: install.keys,
      db: install.db,
      sync: install.sync,
      autoDownload: options.autoDownload,
      env: options.env,
      estimate: () => Promise.resolve({ ...fi.space }),
      tuning: options.tuning ?? TEST_TUNING,
      groups: install.directory,
    });
    engine.on('progress', (p) => fi.progressLog.push(p));
    engine.start();
    return engine;
  };
  fi.files = make();
  fi.stopFiles = () => fi.files.stop();
  fi.startFiles = () => {
    fi.files = make();
  };
  const stopChat = install.stop.bind(install);
  fi.stop = () => {
    fi.files.stop();
    stopChat();
  };
  return fi;
}

/** Two friends with file engines and their direct conversation. */
export async function filePair(
  hub: MemoryHub,
  options: FileTestOptions = {},
): Promise<{ a: FileInstall; b: FileInstall; conv: ConversationId }> {
  const { a, b, conv } = await chatPair(hub);
  return { a: addFiles(a, options), b: addFiles(b, options), conv };
}

/** `bytes` prepared for sending in a fresh database: where they are stored, and the event body. */
export async function preparedFile(bytes: Uint8Array<ArrayBuffer>, chunkSize: number) {
  const db = new PlumeDatabase(`test-prepared-${crypto.randomUUID()}`);
  const prepared = await prepareFile(db, new Blob([bytes]), chunkSize, () => 0);
  return { db, prepared, body: fileBodyOf(prepared, 'f.bin', 'application/octet-stream') };
}

/** `size` deterministic pseudo-random bytes (xorshift32 from `seed`). */
export function testBytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Lowercase hex SHA-256 (WebCrypto) of some bytes. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer> | ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The record of `id` on `install` (throws when there is none). */
export async function fileRow(install: FileInstall, id: EventId): Promise<FileRow> {
  const row = await getFile(install.db, id);
  if (!row) throw new Error(`${install.name} has no record of ${id}`);
  return row;
}

/** Wait until `install`'s record of `id` exists and satisfies `predicate`. */
export async function untilFile(
  install: FileInstall,
  id: EventId,
  predicate: (row: FileRow) => boolean,
  ms = 5000,
  what = 'file condition',
): Promise<FileRow> {
  let found: FileRow | null = null;
  await waitFor(
    async () => {
      found = await getFile(install.db, id);
      return found !== null && predicate(found);
    },
    ms,
    `${install.name}: ${what}`,
  );
  return found!;
}

/** Wait until the record of `id` is in `state`. */
export function untilState(
  install: FileInstall,
  id: EventId,
  state: FileState,
  ms = 5000,
): Promise<FileRow> {
  return untilFile(install, id, (row) => row.state === state, ms, `${id} is ${state}`);
}

/** Every control frame of `type` that `install` receives from now on, on any session. */
export function frameSpy(install: FileInstall, type: string): ControlFrame[] {
  const seen: ControlFrame[] = [];
  const listen = (session: Session) =>
    session.on('frame', (frame) => {
      if (frame.type === type) seen.push(frame);
    });
  const { manager } = install.engine;
  for (const peer of manager.livePeers) {
    const session = manager.session(peer);
    if (session) listen(session);
  }
  manager.on('up', listen);
  return seen;
}
