/**
 * The author's side of every transfer: FILE_GET requests from friends with a
 * live session, the inbound 'plume-file/1' channels that go with them, and
 * the uploads. A channel is accepted only from a peer with a live
 * authenticated session and only with the tag of a request that peer made;
 * anything else (a stranger, a guessed tag, a second channel) is closed and
 * logged. A friend's channel may overtake its request: it is held briefly
 * until the request comes (EarlyChannels). A group's file is served by any
 * member who holds it whole, to members of that group only. Spec:
 * docs/protocol.md [FILE-2], [FILE-3], [FILE-5], [FILE-12], [GFILE-2].
 */
import type { PlumeDatabase } from '../../db/db';
import { getFile } from '../../db/filesRepo';
import { parseEventId } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import type { EventId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { Channel } from '../transport';
import { MAX_REQUESTS_PER_PEER, MAX_UPLOADS_PER_PEER } from './constants';
import { EarlyChannels } from './EarlyChannels';
import {
  fileFrames,
  isChannelTag,
  type FileFpFrame,
  type FileGetFrame,
  type FileNoReason,
} from './frames';
import { Upload, type UploadOutcome } from './Upload';
import type { Clock } from '../../lib/clock';
import { isGroupId } from '../../lib/groupId';
import type { GroupDirectory } from '../groups/contract';
import type { FileRow } from '../../db/filesRepo';

const logger = log('peers:files:server');

/** What the server tells its engine. */
export interface ServerContext {
  db: PlumeDatabase;
  manager: SessionManager;
  me: PeerId;
  env: Clock;
  /**
   * Resolves once the sends under way have stored their records: a file's
   * event reaches the peer (and its FILE_GET comes back) before `send`
   * finished writing the record.
   */
  sendsSettled: () => Promise<void>;
  active: (id: EventId) => void;
  acked: (id: EventId, bytes: number) => void;
  ended: (id: EventId, outcome: UploadOutcome) => void;
  /** The rosters: a member is served a group's files ([GFILE-2]); absent, no group file is. */
  groups: Pick<GroupDirectory, 'shares'> | null;
}

/** A FILE_GET being checked or served; its channel may come before the check ends. */
interface Request {
  peer: PeerId;
  upload: Upload | null;
  channel: Channel | null;
}

/** Serves my files to the peers that pull them. */
export class Server {
  readonly #ctx: ServerContext;
  readonly #requests = new Map<string, Request>();
  readonly #early: EarlyChannels;
  #stopped = false;

  constructor(ctx: ServerContext) {
    this.#ctx = ctx;
    this.#early = new EarlyChannels(ctx.env);
  }

  /** [FILE-3] A peer asks for a file. Registered at once, so its channel finds it. */
  onGet(session: Session, frame: FileGetFrame): void {
    if (this.#stopped) return;
    if (this.#requests.has(frame.ch)) return logger.warn('dropping a FILE_GET with a used tag');
    let open = 0;
    for (const r of this.#requests.values()) if (r.peer === session.peer) open++;
    if (open >= MAX_REQUESTS_PER_PEER) {
      logger.warn('too many file requests from', session.peer, '- refusing');
      // A channel that came first for this request has nothing to carry now.
      this.#early.take(session.peer, frame.ch)?.close();
      session.send(fileFrames.no(frame.id, frame.ch, 'busy'));
      return;
    }
    // [FILE-12] Its channel may have come first and be waiting.
    const channel = this.#early.take(session.peer, frame.ch);
    const request: Request = { peer: session.peer, upload: null, channel };
    this.#requests.set(frame.ch, request);
    this.#check(session, frame).then(
      (reason) => {
        if (reason === null) return;
        this.#refuse(frame, request, reason);
        session.send(fileFrames.no(frame.id, frame.ch, reason));
      },
      (err: unknown) => {
        logger.warn('could not check a FILE_GET', describeError(err));
        this.#refuse(frame, request, 'busy');
        session.send(fileFrames.no(frame.id, frame.ch, 'busy'));
      },
    );
  }

  /**
   * [FILE-2] An inbound file channel: kept only if it carries the tag of a
   * live request, or [FILE-12] held while the request may still be on its way.
   */
  onChannel(channel: Channel): void {
    const tag = channel.metadata.ch;
    if (this.#stopped || !this.#ctx.manager.session(channel.peer)) {
      return refuse(channel, 'no authenticated session');
    }
    if (!isChannelTag(tag)) return refuse(channel, 'no matching request');
    const request = this.#requests.get(tag);
    if (!request) {
      const notHeld = this.#early.hold(tag, channel);
      if (notHeld) refuse(channel, notHeld);
      return;
    }
    // Someone else's tag (guessed), or a second channel for one request.
    if (request.peer !== channel.peer || request.channel) {
      return refuse(channel, 'no matching request');
    }
    request.channel = channel;
    request.upload?.attach(channel);
  }

  /** [FILE-4] The receiver's fingerprints for one of our uploads. */
  onFp(peer: PeerId, frame: FileFpFrame): boolean {
    const request = this.#requests.get(frame.ch);
    if (!request || request.peer !== peer) return false;
    if (request.upload) request.upload.onPeerFp(frame);
    else logger.warn('dropping a FILE_FP before its request was checked');
    return true;
  }

  /** True while `id` is being uploaded (or about to be). */
  serving(id: EventId): boolean {
    for (const r of this.#requests.values()) if (r.upload?.id === id) return true;
    return false;
  }

  /** Stop every upload of `id` (cancelled, freed). */
  stopFile(id: EventId, why: string): void {
    for (const r of this.#requests.values()) if (r.upload?.id === id) r.upload.stop(why);
  }

  /** Stop everything. */
  stop(): void {
    this.#stopped = true;
    this.#early.clear();
    for (const [ch, r] of this.#requests) {
      if (r.upload) r.upload.stop('engine stopped');
      else r.channel?.close();
      this.#requests.delete(ch);
    }
  }

  /** Null when the request is served; otherwise why not. */
  async #check(session: Session, frame: FileGetFrame): Promise<FileNoReason | null> {
    const parts = parseEventId(frame.id);
    if (parts && isGroupId(parts.conv)) {
      const found = await this.#groupFile(session.peer, frame);
      return typeof found === 'string' ? found : this.#serve(session, frame, found);
    }
    if (!parts || parts.author !== this.#ctx.me) {
      logger.warn(session.peer, 'asked for a file that is not mine:', frame.id);
      return 'unknown';
    }
    let row = await getFile(this.#ctx.db, frame.id);
    if (!row) {
      await this.#ctx.sendsSettled();
      row = await getFile(this.#ctx.db, frame.id);
    }
    if (!row || row.direction !== 'send' || row.peer !== session.peer) {
      logger.warn(session.peer, 'asked for a file it was not sent:', frame.id);
      return 'unknown';
    }
    if (row.state === 'freed' || row.next < row.count) return 'missing';
    if (row.state === 'cancelled' && row.cancelledBy === 'me') return 'cancelled';
    return this.#serve(session, frame, row);
  }

  /**
   * [GFILE-2] A group's file is served by any member who holds all of it, to a member of that
   * group: both of us members now, whoever wrote it. The record to serve, or why not.
   */
  async #groupFile(peer: PeerId, frame: FileGetFrame): Promise<FileRow | FileNoReason> {
    const conv = parseEventId(frame.id)!.conv;
    const groups = this.#ctx.groups;
    if (!groups || !(await groups.shares(peer, conv))) {
      logger.warn(peer, 'asked for a file of a group we do not share:', frame.id);
      return 'unknown';
    }
    let row = await getFile(this.#ctx.db, frame.id);
    if (!row && parseEventId(frame.id)!.author === this.#ctx.me) {
      await this.#ctx.sendsSettled();
      row = await getFile(this.#ctx.db, frame.id);
    }
    if (!row || row.conv !== conv || !holdsWhole(row)) return 'missing';
    if (row.direction === 'send' && row.state === 'cancelled' && row.cancelledBy === 'me') {
      return 'cancelled';
    }
    return row;
  }

  /** Start the upload of `row` for a request that passed its checks. */
  #serve(session: Session, frame: FileGetFrame, row: FileRow): FileNoReason | null {
    if (frame.from > row.count) {
      logger.warn(session.peer, 'asked for chunk', frame.from, 'of', row.count);
      return 'range';
    }
    if (this.#stopped || !this.#ctx.manager.session(session.peer)) return 'busy';
    // The same receiver asking again (it restarted): its old upload is stale.
    this.#stopUploadTo(session.peer, frame.id);
    if (this.#uploadsTo(session.peer) >= MAX_UPLOADS_PER_PEER) return 'busy';
    const request = this.#requests.get(frame.ch);
    if (!request) return null;
    const upload = new Upload(row, frame, {
      db: this.#ctx.db,
      session,
      env: this.#ctx.env,
      active: () => this.#ctx.active(row.id),
      acked: (bytes) => this.#ctx.acked(row.id, bytes),
    });
    request.upload = upload;
    if (request.channel) upload.attach(request.channel);
    void upload.result.then((outcome) => {
      this.#requests.delete(frame.ch);
      this.#ctx.ended(row.id, outcome);
    });
    return null;
  }

  #stopUploadTo(peer: PeerId, id: EventId): void {
    for (const r of this.#requests.values()) {
      if (r.peer === peer && r.upload?.id === id) r.upload.stop('asked again');
    }
  }

  #uploadsTo(peer: PeerId): number {
    let n = 0;
    for (const r of this.#requests.values()) if (r.peer === peer && r.upload) n++;
    return n;
  }

  #refuse(frame: FileGetFrame, request: Request, reason: FileNoReason): void {
    logger.info('refusing FILE_GET for', frame.id, `(${reason})`);
    request.channel?.close();
    if (this.#requests.get(frame.ch) === request) this.#requests.delete(frame.ch);
  }
}

/** Every chunk and the verified manifest are here: my own file, or one I received whole. */
function holdsWhole(row: FileRow): boolean {
  if (row.state === 'freed' || row.state === 'preparing') return false;
  if (row.direction === 'send') return row.next >= row.count;
  return row.state === 'ready' && row.manifest;
}

/** Close a file channel we will not serve, and say why in the log. */
function refuse(channel: Channel, why: string): void {
  logger.warn('refusing a file channel from', channel.peer, `(${why})`);
  channel.close();
}
