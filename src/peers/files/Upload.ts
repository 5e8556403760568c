/**
 * The author's side of one pull: it exists from the receiver's FILE_GET,
 * takes the inbound channel carrying the same tag, binds it to the session
 * (both FILE_FPs must mirror the channel's DTLS fingerprints), and only then
 * streams: the manifest if asked for, then chunks from the requested one.
 * Writes stop while the channel buffers HIGH_WATER_BYTES (resumed by 'drain';
 * for the first GENTLE_START_BYTES while it buffers anything) or while
 * WINDOW_BYTES are unacknowledged (resumed by ACK): no polling and no queue of
 * our own. Spec: docs/protocol.md [FILE-3..9].
 */
import type { PlumeDatabase } from '../../db/db';
import { getManifestPage, type FileRow } from '../../db/filesRepo';
import { describeError } from '../../lib/errors';
import { prefixBytes } from '../../lib/fileChunks';
import { log } from '../../lib/log';
import type { Session } from '../session/Session';
import {
  MAX_MESSAGE_BYTES,
  type Channel,
  type ChannelFingerprints,
  type ChannelMessage,
} from '../transport';
import { ChunkReader, MissingChunkError } from './ChunkReader';
import { pageCount, pieceBounds } from './chunks';
import {
  GENTLE_START_BYTES,
  HIGH_WATER_BYTES,
  LOW_WATER_BYTES,
  SETUP_TIMEOUT_MS,
  STALL_TIMEOUT_MS,
  WINDOW_BYTES,
} from './constants';
import {
  channelFingerprints,
  decodeFlow,
  encodeDataFrameInto,
  fileFrames,
  fingerprintsMirror,
  FRAME_CHUNK,
  FRAME_MANIFEST,
  type Bytes,
  type DataFrame,
  type FileFpFrame,
  type FileGetFrame,
} from './frames';
import type { Clock, TimerHandle } from '../../lib/clock';

const logger = log('peers:files:upload');

/** How an upload ended. */
export type UploadOutcome =
  { kind: 'done' } | { kind: 'ended'; why: string } | { kind: 'missing' } | { kind: 'refused' };

/** What an upload needs from its engine. */
export interface UploadContext {
  db: PlumeDatabase;
  session: Session;
  env: Clock;
  /** The channel is bound: bytes flow from now on. */
  active: () => void;
  /** Bytes the receiver acknowledged as stored. */
  acked: (bytes: number) => void;
}

/** One upload; `result` resolves once. */
export class Upload {
  readonly id: FileRow['id'];
  readonly ch: string;
  readonly peer: FileRow['peer'];
  readonly result: Promise<UploadOutcome>;
  readonly #row: FileRow;
  readonly #ctx: UploadContext;
  readonly #reader: ChunkReader;
  readonly #pages: number;
  readonly #windowChunks: number;
  #channel: Channel | null = null;
  #mine: ChannelFingerprints | null = null;
  #theirs: FileFpFrame | null = null;
  #streaming = false;
  /** Next manifest page and next chunk to send; chunks [0, acked) are stored there. */
  #page: number;
  #pos: number;
  #acked: number;
  /** Bumped by FROM: a read that started before it is not sent. */
  #generation = 0;
  #pumping = false;
  /** Where each frame is built before it is sent: one buffer for the whole upload, made at its first frame. */
  #frame: Bytes | null = null;
  /** Bytes written to this channel; below GENTLE_START_BYTES it is fed one message at a time. */
  #written = 0;
  /** Why writing paused, for the debug log: window full, buffer full, time waiting for reads. */
  readonly #stats = { window: 0, buffer: 0, readMs: 0 };
  #timer: TimerHandle | null = null;
  #done = false;
  #resolve!: (outcome: UploadOutcome) => void;

  constructor(row: FileRow, request: FileGetFrame, ctx: UploadContext) {
    this.id = row.id;
    this.ch = request.ch;
    this.peer = ctx.session.peer;
    this.#row = row;
    this.#ctx = ctx;
    this.#reader = new ChunkReader(ctx.db, row.key, row.body, row.count);
    this.#pages = request.manifest ? pageCount(row.count) : 0;
    this.#page = 0;
    this.#pos = request.from;
    this.#acked = request.from;
    this.#windowChunks = Math.max(1, Math.floor(WINDOW_BYTES / row.body.chunkSize));
    this.result = new Promise((resolve) => (this.#resolve = resolve));
    this.#arm(SETUP_TIMEOUT_MS, 'no channel in time');
    // The channel and both fingerprint checks take a few round trips: read meanwhile.
    this.#reader.prime(this.#pos);
  }

  /** True once a channel was attached. */
  get attached(): boolean {
    return this.#channel !== null;
  }

  /** The receiver's channel with our tag (the engine checked peer and session). */
  attach(channel: Channel): void {
    if (this.#done || this.#channel) return channel.close();
    this.#channel = channel;
    // [FILE-9] A gentle start: 'drain' only once the buffer is empty.
    channel.bufferedAmountLowThreshold = 0;
    channel.on('message', (data) => this.#receive(data));
    channel.on('drain', () => void this.#pump());
    channel.on('closed', () =>
      this.#finish(this.#complete ? { kind: 'done' } : { kind: 'ended', why: 'closed' }),
    );
    if (channel.state === 'open') void this.#opened(channel);
    else channel.on('open', () => void this.#opened(channel));
  }

  /** The receiver's FILE_FP for our tag. */
  onPeerFp(frame: FileFpFrame): void {
    if (this.#done) return;
    if (this.#theirs) return logger.warn('dropping a second FILE_FP from', this.peer);
    this.#theirs = frame;
    this.#bind();
  }

  /** Stop now (cancel, engine stop, freed). */
  stop(why: string): void {
    this.#finish({ kind: 'ended', why });
  }

  get #complete(): boolean {
    return this.#acked >= this.#row.count;
  }

  async #opened(channel: Channel): Promise<void> {
    const fps = await channelFingerprints(channel, (ms) => this.#sleep(ms));
    if (this.#done) return;
    if (!fps) {
      logger.warn('no DTLS fingerprints on the file channel with', this.peer);
      // Not the receiver's fault: it may ask again.
      this.#ctx.session.send(fileFrames.no(this.id, this.ch, 'busy'));
      return this.#finish({ kind: 'refused' });
    }
    this.#mine = fps;
    // Ours first: the receiver answers with its own only once ours mirrors its view.
    if (!this.#ctx.session.send(fileFrames.fp(this.ch, fps))) {
      return this.#finish({ kind: 'ended', why: 'session closed' });
    }
    this.#bind();
  }

  /** [FILE-4] Stream only to a channel whose far end is the session's peer. */
  #bind(): void {
    const mine = this.#mine;
    const theirs = this.#theirs;
    if (!mine || !theirs || this.#streaming || this.#done) return;
    if (!fingerprintsMirror(mine, theirs)) {
      logger.warn('file channel from', this.peer, 'is not bound to its session: refused');
      this.#ctx.session.send(fileFrames.no(this.id, this.ch, 'fingerprint'));
      return this.#finish({ kind: 'refused' });
    }
    this.#streaming = true;
    logger.debug('upload of', this.id, 'bound; from', this.#pos, 'manifest pages', this.#pages);
    this.#arm(STALL_TIMEOUT_MS, 'stalled');
    this.#ctx.active();
    void this.#pump();
  }

  #receive(data: ChannelMessage): void {
    if (this.#done) return;
    const flow = decodeFlow(data);
    if (!flow || !this.#streaming) return logger.warn('dropping an invalid frame from', this.peer);
    if (flow.next > this.#row.count || flow.next < this.#acked) {
      return logger.warn('dropping', flow.type, 'out of range from', this.peer);
    }
    this.#arm(STALL_TIMEOUT_MS, 'stalled');
    if (flow.type === 'FROM') {
      // [FILE-8] A corrupt chunk: everything from it is sent again.
      this.#generation++;
      this.#reader.reset();
      this.#pos = flow.next;
    }
    if (flow.next > this.#acked) {
      this.#acked = flow.next;
      this.#ctx.acked(prefixBytes(this.#row.body, this.#acked));
    }
    // [FILE-8] Everything stored there: the receiver checks the whole file and closes.
    if (this.#complete) return this.#finish({ kind: 'done' });
    void this.#pump();
  }

  #canSend(channel: Channel): boolean {
    if (this.#done || !this.#streaming || channel.state !== 'open') return false;
    const gentle = this.#written < GENTLE_START_BYTES;
    if (channel.bufferedAmount >= (gentle ? 1 : HIGH_WATER_BYTES)) {
      this.#stats.buffer++;
      return false;
    }
    if (this.#page < this.#pages) return true;
    if (this.#pos >= this.#row.count) return false;
    if (this.#pos - this.#acked >= this.#windowChunks) {
      this.#stats.window++;
      return false;
    }
    return true;
  }

  /** Write frames while the buffer and the window allow; re-entered by drain and ACK. */
  async #pump(): Promise<void> {
    const channel = this.#channel;
    if (this.#pumping || !channel) return;
    this.#pumping = true;
    try {
      while (this.#canSend(channel)) {
        const generation = this.#generation;
        if (this.#page < this.#pages) {
          const digests = await getManifestPage(this.#ctx.db, this.#row.key, this.#page);
          if (!digests) throw new MissingChunkError(`manifest page ${this.#page}`);
          const last = this.#page === this.#pages - 1;
          if (this.#done) return;
          this.#write(channel, FRAME_MANIFEST, this.#page++, last, digests);
          continue;
        }
        const index = this.#pos;
        const waited = performance.now();
        const bytes = await this.#reader.chunk(index);
        this.#stats.readMs += performance.now() - waited;
        if (this.#done || generation !== this.#generation || channel.state !== 'open') continue;
        const pieces = pieceBounds(bytes.byteLength);
        pieces.forEach(([start, end], k) => {
          const last = k === pieces.length - 1;
          this.#write(channel, FRAME_CHUNK, index, last, bytes.subarray(start, end));
        });
        this.#pos = index + 1;
      }
    } catch (err) {
      if (err instanceof MissingChunkError) {
        logger.warn('cannot serve', this.id, describeError(err));
        this.#ctx.session.send(fileFrames.no(this.id, this.ch, 'missing'));
        this.#finish({ kind: 'missing' });
      } else {
        logger.warn('upload of', this.id, 'failed', describeError(err));
        this.#finish({ kind: 'ended', why: 'error' });
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** Send one frame, built in the reusable buffer (send() copies it). */
  #write(
    channel: Channel,
    kind: DataFrame['kind'],
    index: number,
    last: boolean,
    payload: Uint8Array,
  ): void {
    this.#frame ??= new Uint8Array(MAX_MESSAGE_BYTES);
    const frame = encodeDataFrameInto(this.#frame, kind, index, last, payload);
    channel.send(frame);
    const before = this.#written;
    this.#written += frame.byteLength;
    // [FILE-9] The gentle start is over: the usual low-water mark from now on.
    if (before < GENTLE_START_BYTES && this.#written >= GENTLE_START_BYTES) {
      channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#ctx.env.setTimeout(resolve, ms));
  }

  #arm(ms: number, why: string): void {
    const { env } = this.#ctx;
    if (this.#timer !== null) env.clearTimeout(this.#timer);
    this.#timer = env.setTimeout(() => {
      this.#timer = null;
      logger.info('upload of', this.id, why);
      this.#finish({ kind: 'ended', why });
    }, ms);
  }

  #finish(outcome: UploadOutcome): void {
    if (this.#done) return;
    this.#done = true;
    logger.debug('upload of', this.id, 'ended:', outcome, 'acked', this.#acked, 'sent', this.#pos);
    logger.debug(
      'upload pauses: window',
      this.#stats.window,
      'buffer',
      this.#stats.buffer,
      'reads ms',
      Math.round(this.#stats.readMs),
    );
    if (this.#timer !== null) this.#ctx.env.clearTimeout(this.#timer);
    this.#timer = null;
    this.#reader.reset();
    this.#channel?.close();
    this.#resolve(outcome);
  }
}
