/**
 * [MOM-17] Full pictures and videos of moments: the author serves the bytes of its own posts to
 * the friends the post went to; a viewer pulls them part by part over the session, checks the
 * SHA-256 the signed post names, and stores them under the cap ([MOM-20]). Recent posts' pictures
 * download by themselves while a session is up; older ones when asked ([MOM-21]).
 */
import type { PlumeDatabase } from '../../db/db';
import { getPicture, putPicture } from '../../db/momentsMedia';
import { base64urlDecode, base64urlEncode } from '../../lib/base64url';
import { describeError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { parseRefKey } from '../../lib/moments/events';
import { AUTO_DOWNLOAD_MS } from '../../lib/moments/limits';
import { momPart, momPull, PART_BYTES, type MomPartFrame, type MomPullFrame } from './frames';
import type { MomentsLink } from './MomentsLink';

const logger = log('peers:moments');

/** The slot of one picture: `<post key>#<index>`. */
type Slot = string;
const slotOf = (post: string, index: number): Slot => `${post}#${index}`;

interface Pull {
  parts: Uint8Array[];
  received: number;
  waiters: ((blob: Blob | null) => void)[];
}

/** What the pictures need from the engine. */
export interface PicturesContext {
  db: PlumeDatabase;
  me: PeerId;
  now: () => number;
  /** The live link with `peer`, if any. */
  link: (peer: PeerId) => MomentsLink | null;
  /** Whether `peer` is a friend now. */
  isFriend: (peer: PeerId) => Promise<boolean>;
  /** A picture's state changed. */
  changed: (post: string) => void;
}

/** Pulls and serves moments pictures. */
export class Pictures {
  readonly #ctx: PicturesContext;
  readonly #pulls = new Map<Slot, Pull>();
  readonly #failed = new Set<Slot>();

  constructor(ctx: PicturesContext) {
    this.#ctx = ctx;
  }

  /** Whether a pull of this picture is under way; whether the last one failed. */
  state(post: string, index: number): 'downloading' | 'failed' | null {
    const slot = slotOf(post, index);
    return this.#pulls.has(slot) ? 'downloading' : this.#failed.has(slot) ? 'failed' : null;
  }

  /** The bytes when held; else pull them from the post's author (null: cannot now). */
  async open(post: string, index: number): Promise<Blob | null> {
    const held = await getPicture(this.#ctx.db, post, index);
    if (held) return held;
    return new Promise((resolve) => this.#start(post, index, resolve));
  }

  /** Start a pull without waiting for it. */
  fetch(post: string, index: number): void {
    this.#start(post, index, () => undefined);
  }

  /** [MOM-21] Pull what recent posts of `author` lack (a session with them came up). */
  async catchUp(author: PeerId): Promise<void> {
    const since = this.#ctx.now() - AUTO_DOWNLOAD_MS;
    const posts = await this.#ctx.db.momPosts
      .where('[author+at+key]')
      .between([author, since, ''], [author, Infinity, ''])
      .toArray();
    for (const post of posts) {
      if (post.deleted) continue;
      const rows = await this.#ctx.db.momMedia
        .where('[post+index]')
        .between([post.key, 0], [post.key, Infinity])
        .primaryKeys();
      const have = new Set(rows.map(([, index]) => index));
      post.media.forEach((_, index) => {
        if (!have.has(index)) this.fetch(post.key, index);
      });
    }
  }

  /** [MOM-21] A new post arrived: pull its pictures at once when it is recent. */
  arrived(post: string, at: number, count: number): void {
    if (at < this.#ctx.now() - AUTO_DOWNLOAD_MS) return;
    for (let index = 0; index < count; index++) this.fetch(post, index);
  }

  /** A picture frame from `peer`. */
  onFrame(peer: PeerId, frame: MomPullFrame | MomPartFrame): void {
    const task = frame.type === 'MOM_PULL' ? this.#serve(peer, frame) : this.#receive(peer, frame);
    task.catch((err: unknown) =>
      logger.warn('moments picture step failed with', peer, describeError(err)),
    );
  }

  #start(post: string, index: number, done: (blob: Blob | null) => void): void {
    const slot = slotOf(post, index);
    const running = this.#pulls.get(slot);
    if (running) return void running.waiters.push(done);
    const author = parseRefKey(post)?.author;
    const link = author && author !== this.#ctx.me ? this.#ctx.link(author) : null;
    if (!link || !link.send(momPull(post, index, 0))) return done(null);
    this.#failed.delete(slot);
    this.#pulls.set(slot, { parts: [], received: 0, waiters: [done] });
    this.#ctx.changed(post);
  }

  async #serve(peer: PeerId, frame: MomPullFrame): Promise<void> {
    const link = this.#ctx.link(peer);
    const row = await this.#ctx.db.momPosts.get(frame.post);
    const allowed =
      row &&
      !row.deleted &&
      row.author === this.#ctx.me &&
      row.viewers?.includes(peer) &&
      (await this.#ctx.isFriend(peer));
    const blob = allowed ? await getPicture(this.#ctx.db, frame.post, frame.index) : null;
    if (!blob || frame.offset > blob.size) {
      link?.send(momPart(frame.post, frame.index, frame.offset, 0, null));
      return;
    }
    const part = new Uint8Array(
      await blob.slice(frame.offset, frame.offset + PART_BYTES).arrayBuffer(),
    );
    link?.send(momPart(frame.post, frame.index, frame.offset, blob.size, base64urlEncode(part)));
  }

  async #receive(peer: PeerId, frame: MomPartFrame): Promise<void> {
    const slot = slotOf(frame.post, frame.index);
    const pull = this.#pulls.get(slot);
    if (!pull || parseRefKey(frame.post)?.author !== peer || frame.offset !== pull.received) return;
    const bytes = frame.data === null ? null : base64urlDecode(frame.data);
    if (!bytes || (bytes.length === 0 && frame.total > 0))
      return this.#finish(slot, frame.post, null);
    pull.parts.push(bytes);
    pull.received += bytes.length;
    if (pull.received < frame.total) {
      if (!this.#ctx.link(peer)?.send(momPull(frame.post, frame.index, pull.received))) {
        this.#finish(slot, frame.post, null);
      }
      return;
    }
    const row = await this.#ctx.db.momPosts.get(frame.post);
    const media = row?.media[frame.index];
    const blob = new Blob(pull.parts as BlobPart[], { type: media?.mime ?? '' });
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
    const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
    const ok =
      row &&
      media &&
      hex === media.sha256 &&
      (await putPicture(this.#ctx.db, frame.post, frame.index, row.at, blob));
    if (!ok) logger.warn('a moments picture from', peer, 'did not match its post');
    this.#finish(slot, frame.post, ok ? blob : null);
  }

  #finish(slot: Slot, post: string, blob: Blob | null): void {
    const pull = this.#pulls.get(slot);
    this.#pulls.delete(slot);
    if (!blob) this.#failed.add(slot);
    for (const waiter of pull?.waiters ?? []) waiter(blob);
    this.#ctx.changed(post);
  }

  /** A session went down: its pulls fail (they start again on the next one). */
  dropped(peer: PeerId): void {
    for (const slot of [...this.#pulls.keys()]) {
      const post = slot.slice(0, slot.lastIndexOf('#'));
      if (parseRefKey(post)?.author === peer) this.#finish(slot, post, null);
    }
  }
}
