/**
 * One pull of one file by its receiver: ask the author over the session
 * (FILE_GET from the first missing chunk), open a raw channel of our own,
 * bind it to the session by exchanging DTLS fingerprints, then take the
 * manifest (if we have none yet) and the chunks. Each chunk is checked
 * against the manifest, fed to the streaming SHA-256 and stored; batches are
 * written while the next chunks arrive, with the hasher state in the same
 * transaction, and every stored batch is acknowledged (ACK), which is what
 * lets the sender go on. A corrupt chunk is dropped and asked for again
 * (FROM). The stored prefix survives anything: a resumed pull starts where it
 * ended. Spec: docs/protocol.md [FILE-3..9].
 */
import type { PlumeDatabase } from '../../db/db';
import { clearFile, type FileRow } from '../../db/filesRepo';
import { base64urlEncode } from '../../lib/base64url';
import { describeError, StorageError } from '../../lib/errors';
import { prefixBytes } from '../../lib/fileChunks';
import { log } from '../../lib/log';
import type { Session } from '../session/Session';
import {
  MAX_MESSAGE_BYTES,
  type Channel,
  type ChannelFingerprints,
  type ChannelMessage,
  type Transport,
} from '../transport';
import type { FileError } from './api';
import {
  FILE_LABEL,
  MAX_CORRUPT_CHUNKS,
  REFUSAL_GRACE_MS,
  SETUP_TIMEOUT_MS,
  STALL_TIMEOUT_MS,
} from './constants';
import {
  channelFingerprints,
  decodeDataFrame,
  encodeFlow,
  fileFrames,
  fingerprintsMirror,
  FRAME_CHUNK,
  type DataFrame,
  type FileFpFrame,
  type FileNoFrame,
} from './frames';
import { chunkDigest, newHasher } from './hashing';
import { ManifestCursor, takeManifestPage } from './manifestCursor';
import { ReceiveStore } from './ReceiveStore';
import { loadWholeHasher } from './resume';
import { HashWorkerLostError, WholeHash } from './wholeHash';
import { SerialQueue } from '../../lib/serialQueue';
import type { Clock, TimerHandle } from '../../lib/clock';

const logger = log('peers:files:pull');

/** How a pull ended. */
export type PullOutcome =
  | { kind: 'ready' }
  /**
   * Something that may pass (network, busy, timeout): wait and try again. `bad`: the holder
   * sent what its signed lists refute ([GFILE-4]); another holder is asked instead.
   */
  | { kind: 'retry'; why: string; bad?: true }
  | { kind: 'failed'; error: FileError }
  | { kind: 'noSpace' }
  | { kind: 'cancelled'; by: 'me' | 'peer' }
  /** The engine stopped, or the record changed under us (freed). */
  | { kind: 'stopped' };

/** What a pull needs from its engine. */
export interface PullContext {
  db: PlumeDatabase;
  transport: Transport;
  session: Session;
  env: Clock;
  now: () => number;
  /** Bytes stored so far (after each stored batch). */
  stored: (bytes: number) => void;
  /** The channel is bound: bytes flow from now on. */
  active: () => void;
  /**
   * [GFILE-4] One holder among others (a group's file): the first corrupt chunk or a manifest
   * that does not match ends the pull, so another holder is asked, instead of asking this one
   * again.
   */
  dropBadHolder?: boolean;
}

type Phase = 'setup' | 'manifest' | 'chunks' | 'done';

/** A fresh channel tag [FILE-3]. */
function newTag(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/** One pull; `run` resolves once, with how it ended. */
export class Pull {
  readonly id: FileRow['id'];
  readonly ch = newTag();
  readonly #row: FileRow;
  readonly #ctx: PullContext;
  readonly #count: number;
  #phase: Phase = 'setup';
  #channel: Channel | null = null;
  #mine: ChannelFingerprints | null = null;
  #theirs: FileFpFrame | null = null;
  #manifest: ManifestCursor | null = null;
  #store: ReceiveStore | null = null;
  #corrupt = 0;
  /** The chunk a FROM asked for and that has not arrived yet. */
  #askedFrom: number | null = null;
  readonly #queue = new SerialQueue();
  #timer: TimerHandle | null = null;
  #done = false;
  #resolve!: (outcome: PullOutcome) => void;
  readonly #result = new Promise<PullOutcome>((resolve) => (this.#resolve = resolve));

  constructor(row: FileRow, ctx: PullContext) {
    this.id = row.id;
    this.#row = row;
    this.#ctx = ctx;
    this.#count = row.count;
  }

  /** The peer we pull from: the author, or for a group's file any member who holds it. */
  get peer(): FileRow['peer'] {
    return this.#ctx.session.peer;
  }

  /** Start, and resolve with how the pull ended. Never rejects. */
  run(): Promise<PullOutcome> {
    this.#begin().catch((err: unknown) => this.#fail(err));
    return this.#result;
  }

  /** A FILE_FP or FILE_NO for our tag, from the session with the author. */
  onControl(frame: FileFpFrame | FileNoFrame): void {
    if (this.#done) return;
    if (frame.type === 'FILE_NO') return this.#refused(frame);
    if (this.#theirs) return logger.warn('dropping a second FILE_FP from', this.peer);
    this.#theirs = frame;
    this.#bind();
  }

  /** Stop now; what was verified is still stored. */
  cancel(by: 'me' | 'peer' | 'stopped'): void {
    this.#finish(by === 'stopped' ? { kind: 'stopped' } : { kind: 'cancelled', by });
  }

  async #begin(): Promise<void> {
    const whole = await loadWholeHasher(this.#ctx.db, this.#row);
    if (this.#done) return;
    this.#store = new ReceiveStore(
      this.#ctx.db,
      this.#row,
      { now: this.#ctx.now, env: this.#ctx.env },
      { whole: new WholeHash(whole.hasher), next: whole.next },
      {
        stored: (committed) => this.#stored(committed),
        failed: (err) => this.#storeFailed(err),
      },
    );
    // An empty file never travels: its record was checked when it was found.
    if (this.#count === 0) return this.#finish({ kind: 'failed', error: 'integrity' });
    // A prefix that had to be dropped took the manifest with it.
    const wantManifest = !this.#row.manifest || whole.next !== this.#row.next;
    // Every chunk is stored already (the tab closed before the final check).
    if (whole.next >= this.#count && !wantManifest) return this.#complete();
    if (wantManifest) {
      this.#manifest = new ManifestCursor(this.#row.key, this.#count, await newHasher());
      if (this.#done) return;
    }
    // The request goes first, so the author usually knows the tag before our channel
    // arrives; should the channel overtake it, the author holds it a while ([FILE-12]).
    const get = fileFrames.get(this.id, this.ch, whole.next, wantManifest);
    if (!this.#ctx.session.send(get)) return this.#finish({ kind: 'retry', why: 'session closed' });
    logger.debug('pulling', this.id, 'from chunk', whole.next, 'of', this.#count);
    this.#arm(SETUP_TIMEOUT_MS, 'setup timed out');
    const channel = this.#ctx.transport.connect(this.peer, {
      label: FILE_LABEL,
      metadata: { ch: this.ch },
    });
    this.#channel = channel;
    channel.on('message', (data) => {
      const early = earlyDigest(data);
      this.#enqueue(() => this.#receive(data, early));
    });
    channel.on('closed', () => this.#enqueue(() => this.#closed()));
    channel.on('open', () => void this.#opened(channel));
  }

  async #opened(channel: Channel): Promise<void> {
    const fps = await channelFingerprints(channel, (ms) => this.#sleep(ms));
    if (this.#done) return;
    if (!fps) {
      logger.warn('no DTLS fingerprints on the file channel with', this.peer, '- trying later');
      return this.#finish({ kind: 'retry', why: 'no fingerprints' });
    }
    this.#mine = fps;
    this.#bind();
  }

  /** [FILE-4] Both views known: they must mirror, then we say go (our FILE_FP). */
  #bind(): void {
    const mine = this.#mine;
    const theirs = this.#theirs;
    if (!mine || !theirs || this.#phase !== 'setup' || this.#done) return;
    if (this.#channel?.state === 'closed') return this.#finish({ kind: 'retry', why: 'closed' });
    if (!fingerprintsMirror(mine, theirs)) {
      logger.warn('file channel with', this.peer, 'is not bound to its session: refused');
      return this.#finish({ kind: 'failed', error: 'network' });
    }
    if (!this.#ctx.session.send(fileFrames.fp(this.ch, mine))) {
      return this.#finish({ kind: 'retry', why: 'session closed' });
    }
    this.#phase = this.#manifest ? 'manifest' : 'chunks';
    this.#arm(STALL_TIMEOUT_MS, 'stalled');
    this.#ctx.active();
  }

  #refused(frame: FileNoFrame): void {
    logger.info('author refused', this.id, `(${frame.reason})`);
    this.#finish(refusalOutcome(frame.reason));
  }

  #enqueue(task: () => Promise<void> | void): void {
    void this.#queue.push(task, (err) => this.#fail(err));
  }

  async #receive(data: ChannelMessage, early: Promise<Uint8Array> | null): Promise<void> {
    if (this.#done) return;
    if (this.#phase === 'setup') return logger.warn('dropping a frame before binding', this.peer);
    if (typeof data === 'string') return logger.warn('dropping a text frame from', this.peer);
    this.#arm(STALL_TIMEOUT_MS, 'stalled');
    const frame = data.byteLength > MAX_MESSAGE_BYTES ? null : decodeDataFrame(data);
    if (!frame) {
      logger.warn('dropping a malformed or oversized frame from', this.peer);
      // It may have been the chunk we wait for: without it nothing behind it is taken.
      if (this.#phase === 'chunks') this.#askAgain('a malformed frame');
      return;
    }
    if (this.#phase === 'manifest') return this.#onManifest(frame);
    if (frame.kind !== FRAME_CHUNK) return logger.warn('dropping a late manifest page');
    if (this.#phase === 'chunks') await this.#onChunk(frame, early);
  }

  async #onManifest(frame: DataFrame): Promise<void> {
    const taken = await takeManifestPage(this.#ctx.db, this.#row, this.#manifest!, frame);
    if (taken === 'more') return;
    if (taken === 'complete') {
      this.#manifest = null;
      this.#phase = 'chunks';
      return;
    }
    logger.warn('manifest of', this.id, 'from', this.peer, taken);
    if (taken === 'mismatch' && this.#ctx.dropBadHolder) {
      return this.#finish({ kind: 'retry', why: 'manifest mismatch', bad: true });
    }
    this.#finish(
      taken === 'mismatch'
        ? { kind: 'failed', error: 'integrity' }
        : { kind: 'retry', why: 'manifest out of order' },
    );
  }

  async #onChunk(frame: DataFrame, early: Promise<Uint8Array> | null): Promise<void> {
    const store = this.#store!;
    const taken = await store.take(frame, early);
    switch (taken) {
      case 'accepted':
        this.#askedFrom = null;
        return;
      case 'noManifest':
        return this.#finish({ kind: 'retry', why: 'manifest missing' });
      case 'corrupt':
        if (this.#ctx.dropBadHolder) {
          logger.warn(`corrupt chunk ${store.next} of`, this.id, 'from', this.peer);
          return this.#finish({ kind: 'retry', why: 'corrupt chunk', bad: true });
        }
        // The chunk we waited for came, broken: ask again even if we asked before.
        this.#askedFrom = null;
        return this.#askAgain(`corrupt chunk ${store.next}`);
      case 'ignored':
        // Behind the chunk we asked again for, chunks in flight are expected; otherwise
        // a later chunk means ours was lost on the way.
        if (frame.index > store.next && this.#askedFrom === null) {
          this.#askAgain(`chunk ${store.next} missing`);
        }
    }
  }

  /** [FILE-8] Send FROM the first missing chunk (once per gap); give up past a bound. */
  #askAgain(why: string): void {
    const next = this.#store!.next;
    if (this.#askedFrom === next) return;
    this.#corrupt++;
    logger.warn(`${why} in`, this.id, '- asking again from', next);
    if (this.#corrupt > MAX_CORRUPT_CHUNKS) {
      return this.#finish({ kind: 'failed', error: 'integrity' });
    }
    this.#askedFrom = next;
    this.#sendFlow('FROM', next);
  }

  #stored(committed: number): void {
    this.#ctx.stored(prefixBytes(this.#row.body, committed));
    if (this.#done) return;
    this.#sendFlow('ACK', committed);
    if (committed >= this.#count) this.#complete().catch((err: unknown) => this.#fail(err));
  }

  #storeFailed(err: unknown): void {
    if (err === null) return this.#finish({ kind: 'stopped' });
    // The chunks the worker held are gone; the stored prefix and its hash state are not.
    if (err instanceof HashWorkerLostError)
      return this.#finish({ kind: 'retry', why: err.message });
    const quota = err instanceof StorageError && err.reason === 'quota';
    logger.warn('could not store chunks of', this.id, describeError(err));
    this.#finish(quota ? { kind: 'noSpace' } : { kind: 'failed', error: 'storage' });
  }

  /** [FILE-8] Every chunk is stored: the whole-file SHA-256 decides. */
  async #complete(): Promise<void> {
    if (this.#done || this.#phase === 'done') return;
    this.#phase = 'done';
    const sha256 = await this.#store!.digest();
    if (this.#done) return;
    if (sha256 === this.#row.body.sha256) {
      // The record becomes ready (and drops its hasher state) when the puller settles it.
      this.#sendFlow('ACK', this.#count);
      return this.#finish({ kind: 'ready' });
    }
    logger.error('SHA-256 of', this.id, 'does not match its event; discarding the bytes');
    await clearFile(this.#ctx.db, this.id, () => undefined);
    this.#finish({ kind: 'failed', error: 'integrity' });
  }

  #sendFlow(type: 'ACK' | 'FROM', next: number): void {
    const channel = this.#channel;
    if (!channel || channel.state !== 'open') return;
    try {
      channel.send(encodeFlow(type, next));
    } catch (err) {
      logger.debug('could not send', type, describeError(err));
    }
  }

  #closed(): void {
    // Once every chunk is in, the final check decides, whoever closes the channel.
    if (this.#done || this.#phase === 'done') return;
    // A refusal closes the channel and says why on the session: give the FILE_NO
    // (which travels on another channel) a moment to arrive.
    if (this.#phase === 'setup') return this.#arm(REFUSAL_GRACE_MS, 'channel closed');
    this.#finish({ kind: 'retry', why: 'channel closed' });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#ctx.env.setTimeout(resolve, ms));
  }

  #arm(ms: number, why: string): void {
    const { env } = this.#ctx;
    if (this.#timer !== null) env.clearTimeout(this.#timer);
    this.#timer = env.setTimeout(() => {
      this.#timer = null;
      logger.info('pull of', this.id, why);
      this.#finish({ kind: 'retry', why });
    }, ms);
  }

  #fail(err: unknown): void {
    if (err instanceof StorageError || err instanceof HashWorkerLostError) {
      return this.#storeFailed(err);
    }
    logger.error('pull of', this.id, 'failed', describeError(err));
    this.#finish({ kind: 'retry', why: 'error' });
  }

  /** End once: stop timers, close the channel, let the last write settle, resolve. */
  #finish(outcome: PullOutcome): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#timer !== null) this.#ctx.env.clearTimeout(this.#timer);
    this.#timer = null;
    this.#channel?.close();
    // What is verified stays (every chunk passed its manifest digest), unless it cannot be stored.
    const unstorable =
      outcome.kind === 'noSpace' || (outcome.kind === 'failed' && outcome.error === 'storage');
    const closing = this.#store ? this.#store.close(!unstorable) : Promise.resolve();
    void closing.then(() => this.#resolve(outcome));
  }
}

/** Start hashing a chunk that arrived in one piece, before its turn in the queue. */
function earlyDigest(data: ChannelMessage): Promise<Uint8Array> | null {
  if (typeof data === 'string' || data.byteLength > MAX_MESSAGE_BYTES) return null;
  const frame = decodeDataFrame(data);
  if (!frame || frame.kind !== FRAME_CHUNK || !frame.last) return null;
  const digest = chunkDigest(frame.payload);
  // Awaited in turn, or never (a dropped frame): not an unhandled rejection either way.
  digest.catch(() => undefined);
  return digest;
}

/** [FILE-5] How a FILE_NO ends a pull. */
function refusalOutcome(reason: FileNoFrame['reason']): PullOutcome {
  switch (reason) {
    case 'missing':
    case 'unknown':
      return { kind: 'failed', error: 'source' };
    case 'cancelled':
      return { kind: 'cancelled', by: 'peer' };
    case 'fingerprint':
      return { kind: 'failed', error: 'network' };
    case 'range':
      return { kind: 'failed', error: 'refused' };
    default:
      return { kind: 'retry', why: reason };
  }
}
