/**
 * The file engine on the live sessions: files I send are stored
 * and hashed first, then their event is appended; files of my friends are
 * found in the synced logs, pulled by me from their author over a raw
 * channel of their own, checked, and stored as they arrive. It keeps nothing
 * in memory that matters across a restart: a new engine on the same database
 * resumes every wanted transfer from its first missing chunk.
 * Spec: docs/protocol.md [FILE-*], [CHAT-13]. UI contract: ./api.ts.
 */
import type { PlumeDatabase } from '../../db/db';
import { listConvs } from '../../db/convsRepo';
import {
  allChunks,
  allFiles,
  clearFile,
  deleteBytes,
  filesOfConv,
  getFile,
  staleUploads,
  storedBytes,
  updateFile,
  type FileRow,
} from '../../db/filesRepo';
import type { FileBody, ForwardMarks } from '../../lib/chatEvent';
import { describeError } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import type { ConversationId, EventId, PeerId } from '../../lib/ids';
import { idle } from '../../lib/idle';
import { log } from '../../lib/log';
import { browserEnvironment } from '../browserEnvironment';
import type { BackoffOptions } from '../../lib/backoff';
import type { ControlFrame } from '../session/frames';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { SyncEngine } from '../sync/SyncEngine';
import type { Transport, Unsubscribe } from '../transport';
import type { GroupDirectory } from '../groups/contract';
import { isGroupId } from '../../lib/groupId';
import type { ConvUsage, FileEngineApi, FileEngineEvents, FileExtras, FileProgress } from './api';
import { FILE_LABEL, RETRY_BACKOFF, STALE_UPLOAD_MS } from './constants';
import { fileFrames, isFileFrameType, parseFileFrame } from './frames';
import { ProgressFeed } from './ProgressFeed';
import type { PullOutcome } from './Pull';
import { Puller, type Estimate } from './Puller';
import { acceptRow, cancelRow, defaultAutoDownload, isComplete, settlePull } from './records';
import { FileFinder } from './scan';
import { forwardFile } from './forward';
import { sendFile } from './send';
import { Server } from './Server';

const logger = log('peers:files');

/** Construction parameters (the UI passes the first five and autoDownload). */
export interface FileEngineOptions {
  /** Authenticated sessions (src/peers/session). */
  manager: SessionManager;
  /** To open and accept the raw per-transfer channels. */
  transport: Transport;
  keys: IdentityKeys;
  db: PlumeDatabase;
  /** Appends file events; its 'incoming' event tells of received ones. */
  sync: SyncEngine;
  /** Fetch without asking? Default: images under 10 MB. */
  autoDownload?: (file: FileBody) => boolean | Promise<boolean>;
  /** navigator.storage.estimate, injectable. */
  estimate?: Estimate;
  env?: SignalingEnvironment;
  now?: () => number;
  /**
   * The rosters of my groups: a group's file is pulled from, and served to, its members
   * ([GFILE-2], [GFILE-3]). Without them group files are neither pulled nor served.
   */
  groups?: Pick<GroupDirectory, 'shares' | 'sharedGroups' | 'members'>;
  /** Tests: smaller chunks, faster retries. */
  tuning?: { chunkSize?: number; retry?: BackoffOptions };
}

function browserEstimate(): Promise<{ quota?: number; usage?: number }> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  return storage?.estimate ? storage.estimate() : Promise.resolve({});
}

/** Streams, resumes and verifies files between friends. */
export class FileEngine implements FileEngineApi {
  readonly #o: FileEngineOptions;
  readonly #db: PlumeDatabase;
  readonly #now: () => number;
  readonly #estimate: Estimate;
  readonly #feed: ProgressFeed;
  readonly #finder: FileFinder;
  readonly #puller: Puller;
  readonly #server: Server;
  /** Sends between their append and their record (see ServerContext.sendsSettled). */
  readonly #sending = new Set<Promise<unknown>>();
  #offs: Unsubscribe[] = [];
  #started = false;
  #stopped = false;

  constructor(o: FileEngineOptions) {
    const env = o.env ?? browserEnvironment();
    this.#o = o;
    this.#db = o.db;
    this.#now = o.now ?? Date.now;
    this.#estimate = o.estimate ?? browserEstimate;
    this.#feed = new ProgressFeed(this.#now);
    this.#finder = new FileFinder({
      db: o.db,
      me: o.keys.id,
      now: this.#now,
      autoDownload: o.autoDownload ?? defaultAutoDownload,
      found: (row) => {
        this.#feed.emit(row);
        if (row.state === 'waiting') this.#puller.want(row);
      },
    });
    this.#puller = new Puller({
      db: o.db,
      transport: o.transport,
      manager: o.manager,
      env,
      now: this.#now,
      estimate: this.#estimate,
      retry: o.tuning?.retry ?? RETRY_BACKOFF,
      active: (row) => this.#pullActive(row),
      stored: (row, bytes) => this.#feed.moved(row.id, bytes),
      settled: (row, outcome) => this.#pullSettled(row, outcome),
      groups: o.groups ?? null,
    });
    this.#server = new Server({
      db: o.db,
      manager: o.manager,
      me: o.keys.id,
      env,
      sendsSettled: async () => {
        await Promise.allSettled([...this.#sending]);
      },
      active: (id) => this.#uploadActive(id),
      acked: (id, bytes) => this.#feed.moved(id, bytes),
      ended: (id) => this.#uploadEnded(id),
      groups: o.groups ?? null,
    });
  }

  /** Listen to sessions, channels and synced events; resume wanted transfers. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    const { manager, transport, sync } = this.#o;
    this.#offs = [
      manager.on('up', (session) => this.#attach(session)),
      transport.onChannel(FILE_LABEL, (channel) => this.#server.onChannel(channel)),
      sync.on('incoming', (conv) => this.#scan(conv)),
    ];
    for (const peer of manager.livePeers) {
      const session = manager.session(peer);
      if (session) this.#attach(session);
    }
    this.#recover().catch((err: unknown) => this.#fail('could not resume transfers', err));
  }

  /** Stop every transfer (what is stored stays); no events afterwards. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#finder.stop();
    this.#puller.stop();
    this.#server.stop();
    this.#feed.close();
  }

  on<E extends keyof FileEngineEvents>(event: E, listener: FileEngineEvents[E]): Unsubscribe {
    return this.#feed.events.on(event, listener);
  }

  async send(
    conv: ConversationId,
    blob: Blob,
    name: string,
    extras?: FileExtras,
    onPrepare?: (bytes: number) => void,
  ): Promise<FileBody> {
    const sending = sendFile(
      {
        db: this.#db,
        keys: this.#o.keys,
        sync: this.#o.sync,
        estimate: this.#estimate,
        now: this.#now,
        chunkSize: this.#o.tuning?.chunkSize,
      },
      { conv, blob, name, extras, onPrepare },
    );
    this.#sending.add(sending);
    try {
      const { row, body } = await sending;
      this.#feed.emit(row);
      return body;
    } finally {
      this.#sending.delete(sending);
    }
  }

  async forward(conv: ConversationId, source: EventId, marks: ForwardMarks): Promise<FileBody> {
    const deps = { db: this.#db, keys: this.#o.keys, sync: this.#o.sync, estimate: this.#estimate };
    const { row, body } = await forwardFile({ ...deps, now: this.#now }, { conv, source, marks });
    this.#feed.emit(row);
    return body;
  }

  async progress(id: EventId): Promise<FileProgress | null> {
    const row = (await getFile(this.#db, id)) ?? (await this.#finder.fromLog(id));
    return row ? this.#feed.progress(row) : null;
  }

  async accept(id: EventId): Promise<void> {
    const row = await updateFile(this.#db, id, (r) => acceptRow(r, this.#now()));
    if (!row) return;
    this.#feed.emit(row);
    if (row.direction === 'receive' && row.state === 'waiting') {
      this.#puller.restart(id);
      this.#puller.want(row);
    }
  }

  async cancel(id: EventId): Promise<void> {
    const row = await updateFile(this.#db, id, (r) => cancelRow(r, 'me', this.#now()));
    if (!row || row.state !== 'cancelled' || row.cancelledBy !== 'me') return;
    this.#stopTransfers(id, 'me');
    // [GFILE-5] In a group the pull's channel closing ends its upload; nobody else is told.
    if (!isGroupId(row.conv)) this.#o.manager.session(row.peer)?.send(fileFrames.cancel(id));
    this.#feed.emit(row);
  }

  async open(id: EventId): Promise<Blob | null> {
    const row = await getFile(this.#db, id);
    if (!row || !isComplete(row)) return null;
    const blobs = (await allChunks(this.#db, row.key)).map((r) => r.data);
    const size = blobs.reduce((n, b) => n + b.size, 0);
    if (size !== row.body.size) {
      logger.error('stored bytes of', id, 'do not add up:', size, 'of', row.body.size);
      return null;
    }
    return new Blob(blobs, { type: row.body.mime });
  }

  async usage(): Promise<ConvUsage[]> {
    const byConv = new Map<ConversationId, ConvUsage>();
    for (const row of await allFiles(this.#db)) {
      const bytes = storedBytes(row);
      if (bytes === 0) continue;
      const entry = byConv.get(row.conv) ?? { conv: row.conv, bytes: 0, files: 0 };
      entry.bytes += bytes;
      entry.files++;
      byConv.set(row.conv, entry);
    }
    return [...byConv.values()];
  }

  async free(conv: ConversationId): Promise<number> {
    let freed = 0;
    for (const row of await filesOfConv(this.#db, conv)) {
      if (row.state === 'freed' || (row.state === 'ask' && storedBytes(row) === 0)) continue;
      this.#stopTransfers(row.id, 'stopped');
      freed += await clearFile(this.#db, row.id, (r) => {
        r.state = 'freed';
        r.error = null;
        r.cancelledBy = null;
        r.updatedAt = this.#now();
      });
      const after = await getFile(this.#db, row.id);
      if (after) this.#feed.emit(after);
    }
    return freed;
  }

  // ---- sessions and frames -----------------------------------------------------

  #attach(session: Session): void {
    if (this.#stopped) return;
    this.#offs.push(
      session.on('frame', (frame) => {
        if (isFileFrameType(frame.type)) this.#onFrame(session, frame);
      }),
    );
    // [FILE-10] Every session that comes up resumes what we want from that peer.
    this.#puller.resume(session.peer);
  }

  #onFrame(session: Session, raw: ControlFrame): void {
    if (this.#stopped) return;
    const frame = parseFileFrame(raw);
    if (!frame) return logger.warn('dropping a malformed', raw.type, 'from', session.peer);
    switch (frame.type) {
      case 'FILE_GET':
        return this.#server.onGet(session, frame);
      case 'FILE_FP':
        if (this.#server.onFp(session.peer, frame)) return;
        if (this.#puller.onControl(session.peer, frame)) return;
        return logger.warn('dropping a FILE_FP for an unknown channel from', session.peer);
      case 'FILE_NO':
        if (this.#puller.onControl(session.peer, frame)) return;
        return logger.debug('dropping a FILE_NO for no pull from', session.peer);
      case 'FILE_CANCEL':
        this.#peerCancelled(session.peer, frame.id).catch((err: unknown) =>
          this.#fail('could not record a cancel', err),
        );
    }
  }

  /** [FILE-6] The peer cancelled `id`: the author or the receiver, never a third party. */
  async #peerCancelled(peer: PeerId, id: EventId): Promise<void> {
    const current = await getFile(this.#db, id);
    if (!current || current.peer !== peer) {
      return logger.warn(peer, 'cancelled a file it has no part in:', id);
    }
    const row = await updateFile(this.#db, id, (r) => cancelRow(r, 'peer', this.#now()));
    if (!row || row.state !== 'cancelled' || row.cancelledBy !== 'peer') return;
    this.#stopTransfers(id, 'peer');
    this.#feed.emit(row);
  }

  #stopTransfers(id: EventId, by: 'me' | 'peer' | 'stopped'): void {
    this.#puller.cancel(id, by);
    this.#server.stopFile(id, by === 'stopped' ? 'freed' : 'cancelled');
    this.#feed.end(id);
  }

  // ---- finding files and resuming ----------------------------------------------

  async #recover(): Promise<void> {
    for (const key of await staleUploads(this.#db, this.#now() - STALE_UPLOAD_MS)) {
      await deleteBytes(this.#db, key);
    }
    // Nothing moves yet in this engine: 'active' is what a closed tab left behind.
    for (const row of await allFiles(this.#db)) {
      if (row.state !== 'active') continue;
      await updateFile(this.#db, row.id, (r) => {
        if (r.state !== 'active') return false;
        r.state = r.direction === 'receive' ? 'waiting' : 'ready';
        return true;
      });
    }
    // Files left waiting go on at once; what the search below finds starts through `found`.
    for (const peer of this.#o.manager.livePeers) this.#puller.schedule(peer);
    // Events stored while no file engine ran: found in idle time, not ahead of the first screens.
    for (const conv of await listConvs(this.#db)) await this.#finder.scan(conv.conv, idle);
  }

  #scan(conv: ConversationId): void {
    this.#finder.scan(conv).catch((err: unknown) => this.#fail('could not look for files', err));
  }

  // ---- state of transfers ----------------------------------------------------------

  #pullActive(row: FileRow): void {
    updateFile(this.#db, row.id, (r) => {
      if (r.state !== 'waiting') return false;
      r.state = 'active';
      return true;
    }).then(
      (stored) => {
        if (stored?.state === 'active') this.#feed.start(stored, storedBytes(stored));
      },
      (err: unknown) => this.#fail('could not record a pull', err),
    );
  }

  async #pullSettled(row: FileRow, outcome: PullOutcome): Promise<void> {
    this.#feed.end(row.id);
    const after = await updateFile(this.#db, row.id, (r) => settlePull(r, outcome, this.#now()));
    if (after) this.#feed.emit(after);
  }

  #uploadActive(id: EventId): void {
    updateFile(this.#db, id, (r) => {
      // [GFILE-2] A member serving a file it received keeps it as it was.
      if (r.direction !== 'send') return false;
      // A receiver that cancelled and pulls again has accepted after all.
      if (r.state !== 'ready' && !(r.state === 'cancelled' && r.cancelledBy === 'peer')) {
        return false;
      }
      r.state = 'active';
      r.cancelledBy = null;
      return true;
    }).then(
      (row) => {
        if (row?.state === 'active') this.#feed.start(row, row.acked);
      },
      (err: unknown) => this.#fail('could not record an upload', err),
    );
  }

  #uploadEnded(id: EventId): void {
    const bytes = this.#feed.end(id);
    updateFile(this.#db, id, (r) => {
      if (r.direction !== 'send') return false;
      if (bytes !== undefined) r.acked = Math.max(r.acked, bytes);
      if (r.state === 'active') r.state = 'ready';
      return true;
    }).then(
      (row) => {
        if (row) this.#feed.emit(row);
      },
      (err: unknown) => this.#fail('could not record an upload', err),
    );
  }

  #fail(what: string, err: unknown): void {
    if (this.#stopped) logger.debug(what, 'after stop:', describeError(err));
    else logger.error(what, describeError(err));
  }
}
