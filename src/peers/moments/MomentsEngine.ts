/**
 * The moments engine on one SessionManager: a MomentsLink per friend's session, my appends
 * (stored first, then pushed), the author's forwarding of friends' likes and comments to the
 * post's other viewers, the catch-up of a friend added later, and pictures. It keeps nothing
 * that matters in memory: everything it sends is read from IndexedDB.
 * Spec: docs/protocol.md, Moments (MOM).
 */
import type { PlumeDatabase } from '../../db/db';
import { momentsFriends, type FeedRows } from '../../db/momentsFeed';
import {
  feedPage,
  listNotes,
  markAllSeen,
  markNotesRead,
  postBundle,
  unreadNotes,
  unseenCount,
} from '../../db/momentsFeed';
import { clearPictures, pictureUsage, putOwnPicture, setPictureCap } from '../../db/momentsMedia';
import type { MomentsStored } from '../../db/momentsStore';
import { setPostAudience } from '../../db/momentsStore';
import { getPerson } from '../../db/peopleRepo';
import { base32Encode } from '../../lib/base32';
import { base64urlEncode } from '../../lib/base64url';
import { Emitter } from '../../lib/emitter';
import { describeError } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import {
  parseRefKey,
  postKeyOf,
  type CommentBody,
  type MediaRef,
  type MomentBodies,
  type MomentEvent,
  type MomentType,
  type PostRef,
} from '../../lib/moments/events';
import { MAX_MOMENT_THUMB_CHARS } from '../../lib/moments/events';
import { actionOf, type Viewer } from '../../lib/moments/fold';
import { resolveAudience } from '../../lib/moments/audience';
import { followUpTargets, forwardTargets, reactionTargets } from '../../lib/moments/routing';
import {
  HISTORY_WINDOWS,
  MAX_COMMENT_CHARS,
  MAX_PICTURES,
  MAX_POST_TEXT_CHARS,
  MAX_VIDEO_MS,
  type HistoryWindow,
} from '../../lib/moments/limits';
import { SerialQueue } from '../../lib/serialQueue';
import { codePointLength } from '../../lib/text';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { Unsubscribe } from '../transport';
import {
  InvalidPostError,
  type CommentKey,
  type FeedCursor,
  type FeedPage,
  type MomentNotification,
  type MomentsApi,
  type MomentsEvents,
  type MomentsUsage,
  type NewPost,
  type PictureInput,
  type PostKey,
  type PostView,
} from './api';
import { Appender } from './append';
import { Backfill } from './backfill';
import { MomentsLink } from './MomentsLink';
import { Pictures } from './Pictures';
import { fitThumb } from './fitThumb';
import { cursorOf, parseCursor, postView } from './views';

const logger = log('peers:moments');
/** Posts a feed page holds unless asked otherwise. */
export const FEED_PAGE = 10;

/** Construction parameters. */
export interface MomentsEngineOptions {
  manager: SessionManager;
  keys: IdentityKeys;
  db: PlumeDatabase;
  now?: () => number;
}

/** A random local id: 26 base32 characters (130 bits). */
function randomId(): string {
  return base32Encode(crypto.getRandomValues(new Uint8Array(17))).slice(0, 26);
}

/** Runs Moments over every live friend session of a manager. */
export class MomentsEngine implements MomentsApi {
  readonly #manager: SessionManager;
  readonly #keys: IdentityKeys;
  readonly #db: PlumeDatabase;
  readonly #now: () => number;
  readonly #events = new Emitter<MomentsEvents>();
  readonly #links = new Map<PeerId, MomentsLink>();
  readonly #appender: Appender;
  readonly #pictures: Pictures;
  readonly #backfill: Backfill;
  readonly #forwards = new SerialQueue();
  #offs: Unsubscribe[] = [];
  #stopped = false;

  constructor(options: MomentsEngineOptions) {
    this.#manager = options.manager;
    this.#keys = options.keys;
    this.#db = options.db;
    this.#now = options.now ?? Date.now;
    this.#appender = new Appender(this.#db, this.#keys, this.#now);
    this.#pictures = new Pictures({
      db: this.#db,
      me: this.me,
      now: this.#now,
      link: (peer) => this.#links.get(peer) ?? null,
      isFriend: async (peer) => (await this.#friendKey(peer)) !== null,
      changed: (post) =>
        this.#emit({ feed: false, posts: [post as PostKey], notifications: false }),
    });
    this.#backfill = new Backfill({
      db: this.#db,
      me: this.me,
      now: this.#now,
      append: (type, targets, body) => this.#append(type, targets, body),
    });
  }

  get me(): PeerId {
    return this.#keys.id;
  }

  /** Link every live session and each one that comes up. */
  start(): void {
    if (this.#offs.length > 0 || this.#stopped) return;
    this.#offs = [
      this.#manager.on('up', (session) => this.#attach(session)),
      this.#manager.on('down', (peer) => this.#detach(peer)),
    ];
    for (const peer of this.#manager.livePeers) {
      const session = this.#manager.session(peer);
      if (session) this.#attach(session);
    }
    this.#backfill.seed().catch((err: unknown) => this.#fail('seed friends', err));
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const off of this.#offs) off();
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
    this.#events.clear();
  }

  on<E extends keyof MomentsEvents>(event: E, listener: MomentsEvents[E]): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /**
   * [MOM-16] A person's friendship may have begun or ended. A new friend gets my past posts whose
   * audience includes them, within my window ([MOM-3]); an ended one drops out of every view.
   */
  friendChanged(peer: PeerId): void {
    void this.#backfill
      .changed(peer)
      .then((began) => {
        if (began) this.#links.get(peer)?.begin();
        this.#emit({ feed: true, posts: [], notifications: true });
      })
      .catch((err: unknown) => this.#fail('catch up a friend', err));
  }

  // Reading

  async feed(cursor?: FeedCursor | null, limit = FEED_PAGE): Promise<FeedPage> {
    return this.#page(await feedPage(this.#db, await this.#viewer(), parseCursor(cursor), limit));
  }

  async authorPosts(
    author: PeerId,
    cursor?: FeedCursor | null,
    limit = FEED_PAGE,
  ): Promise<FeedPage> {
    const viewer = await this.#viewer();
    return this.#page(await feedPage(this.#db, viewer, parseCursor(cursor), limit, author));
  }

  async post(key: PostKey): Promise<PostView | null> {
    const bundle = await postBundle(this.#db, await this.#viewer(), key);
    return bundle ? postView(bundle, this.me, (p, i) => this.#pictures.state(p, i)) : null;
  }

  async unseenCount(): Promise<number> {
    return unseenCount(this.#db, await momentsFriends(this.#db));
  }

  async markSeen(): Promise<void> {
    await markAllSeen(this.#db);
    this.#emit({ feed: true, posts: [], notifications: false });
  }

  async notifications(limit = 50): Promise<MomentNotification[]> {
    const rows = await listNotes(this.#db, await this.#viewer(), limit);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      post: row.post as PostKey,
      who: row.who,
      at: row.at,
      text: row.text,
      read: row.read === 1,
    }));
  }

  async unreadNotifications(): Promise<number> {
    return unreadNotes(this.#db, await this.#viewer());
  }

  async markNotificationsRead(): Promise<void> {
    await markNotesRead(this.#db);
    this.#emit({ feed: false, posts: [], notifications: true });
  }

  async historyWindow(): Promise<HistoryWindow> {
    return (await this.#db.momWindows.get(this.me))?.window ?? 'all';
  }

  // Writing

  async publish(post: NewPost): Promise<PostKey> {
    const text = post.text.trim();
    const inputs: readonly PictureInput[] = post.video ? [post.video] : (post.pictures ?? []);
    if (post.video && (post.pictures?.length ?? 0) > 0) throw new InvalidPostError('video');
    if (post.video && post.video.duration > MAX_VIDEO_MS) throw new InvalidPostError('video');
    if (inputs.length > MAX_PICTURES) throw new InvalidPostError('pictures');
    if (codePointLength(text) > MAX_POST_TEXT_CHARS) throw new InvalidPostError('text');
    if (text === '' && inputs.length === 0) throw new InvalidPostError('empty');
    const id = randomId();
    const key = postKeyOf(this.me, id);
    const at = this.#now();
    const media: MediaRef[] = [];
    for (const [index, input] of inputs.entries()) {
      media.push(await mediaRef(input, post.video === input));
      await putOwnPicture(this.#db, key, index, at, input.blob);
    }
    const friends = await this.#friendList();
    const viewers = resolveAudience(post.audience, friends);
    await this.#append('mom.post', [this.me, ...viewers], () => ({ id, text, media, at }));
    await setPostAudience(this.#db, key, post.audience, viewers);
    return key as PostKey;
  }

  like(post: PostKey): Promise<void> {
    return this.#like(post, true);
  }

  unlike(post: PostKey): Promise<void> {
    return this.#like(post, false);
  }

  async comment(post: PostKey, text: string, replyTo?: CommentKey): Promise<CommentKey> {
    const id = randomId();
    const clean = text.trim();
    if (clean === '' || codePointLength(clean) > MAX_COMMENT_CHARS)
      throw new Error('invalid comment');
    const reply = replyTo ? parseRefKey(replyTo) : null;
    const { ref, targets } = await this.#addressees(post);
    const body: CommentBody = reply
      ? { post: ref, id, text: clean, replyTo: reply }
      : { post: ref, id, text: clean };
    await this.#append('mom.comment', targets, () => body);
    return postKeyOf(this.me, id) as CommentKey;
  }

  async removeComment(post: PostKey, comment: CommentKey): Promise<void> {
    const row = await this.#mine(post);
    const ref = parseRefKey(comment);
    if (!ref) throw new Error('not a comment');
    await this.#append('mom.uncomment', followUpTargets(this.me, row), () => ({
      post: row.id,
      comment: ref,
    }));
  }

  async deletePost(post: PostKey): Promise<void> {
    const row = await this.#mine(post);
    await this.#append('mom.delete', followUpTargets(this.me, row), () => ({ post: row.id }));
  }

  async setHistoryWindow(window: HistoryWindow): Promise<void> {
    if (!HISTORY_WINDOWS.includes(window)) throw new Error('unknown window');
    const friends = (await this.#friendList()).map((f) => f.id);
    await this.#append('mom.window', [this.me, ...friends], () => ({ window }));
  }

  // Pictures

  picture(post: PostKey, index: number): Promise<Blob | null> {
    return this.#pictures.open(post, index).then(
      (blob) => blob,
      () => null,
    );
  }

  openMedia(post: PostKey, index: number): Promise<Blob | null> {
    return this.#pictures.open(post, index);
  }

  download(post: PostKey, index: number): Promise<void> {
    this.#pictures.fetch(post, index);
    return Promise.resolve();
  }

  usage(): Promise<MomentsUsage> {
    return pictureUsage(this.#db);
  }

  async setStorageCap(bytes: number): Promise<void> {
    await setPictureCap(this.#db, bytes);
    this.#emit({ feed: true, posts: [], notifications: false });
  }

  async clearPictures(): Promise<number> {
    const freed = await clearPictures(this.#db);
    this.#emit({ feed: true, posts: [], notifications: false });
    return freed;
  }

  // Inside

  #page(rows: FeedRows): FeedPage {
    const pulling = (p: string, i: number) => this.#pictures.state(p, i);
    return {
      posts: rows.posts.map((b) => postView(b, this.me, pulling)),
      next: cursorOf(rows.next),
    };
  }

  async #viewer(): Promise<Viewer> {
    return { me: this.me, friends: await momentsFriends(this.#db), now: this.#now() };
  }

  async #friendList(): Promise<{ id: PeerId; labels: string[] }[]> {
    const people = await this.#db.people.where('state').equals('friend').toArray();
    return people.filter((p) => !p.blocked).map((p) => ({ id: p.id, labels: p.labels }));
  }

  async #mine(post: PostKey) {
    const row = await this.#db.momPosts.get(post);
    if (!row || row.deleted || row.author !== this.me) throw new Error('not my post');
    return row;
  }

  /** [MOM-5] [MOM-6] On my post: to me and every viewer; on a friend's: to its author only. */
  async #addressees(post: PostKey): Promise<{ ref: PostRef; targets: PeerId[] }> {
    const row = await this.#db.momPosts.get(post);
    if (!row || row.deleted) throw new Error('no such post');
    const targets = reactionTargets(this.me, row);
    return { ref: { author: row.author, id: row.id }, targets };
  }

  async #like(post: PostKey, on: boolean): Promise<void> {
    const { ref, targets } = await this.#addressees(post);
    await this.#append('mom.like', targets, () => ({ post: ref, on }));
  }

  async #append<T extends MomentType>(
    type: T,
    targets: readonly PeerId[],
    body: (target: PeerId) => MomentBodies[T],
  ): Promise<void> {
    const result = await this.#appender.append(type, targets, body);
    for (const target of targets) this.#links.get(target)?.pump();
    this.#announce(result);
  }

  #announce(result: MomentsStored): void {
    this.#emit({
      feed: result.feed,
      posts: [...result.posts] as PostKey[],
      notifications: result.notes,
    });
  }

  #emit(change: Parameters<MomentsEvents['changed']>[0]): void {
    if (!this.#stopped) this.#events.emit('changed', change);
  }

  async #friendKey(peer: PeerId): Promise<Uint8Array | null> {
    const person = await getPerson(this.#db, peer);
    return person && person.state === 'friend' && !person.blocked ? person.pub : null;
  }

  #attach(session: Session): void {
    if (this.#stopped) return;
    this.#links.get(session.peer)?.close();
    const link = new MomentsLink(session, {
      db: this.#db,
      me: this.me,
      myPub: this.#keys.publicKeyRaw,
      friendKey: (peer) => this.#friendKey(peer),
      stored: (peer, result) => this.#onStored(peer, result),
      picture: (peer, frame) => {
        if (frame.type === 'MOM_PULL' || frame.type === 'MOM_PART')
          this.#pictures.onFrame(peer, frame);
      },
    });
    this.#links.set(session.peer, link);
    link.begin();
    this.#pictures
      .catchUp(session.peer)
      .catch((err: unknown) => this.#fail('catch up pictures', err));
  }

  #detach(peer: PeerId): void {
    this.#links.get(peer)?.close();
    this.#links.delete(peer);
    this.#pictures.dropped(peer);
  }

  /** A friend's events were stored: tell views, pull new pictures, forward to other viewers. */
  #onStored(peer: PeerId, result: MomentsStored): void {
    this.#announce(result);
    for (const event of result.events) {
      const action = actionOf(event);
      if (action.type === 'mom.post' && event.author === peer) {
        const body = (action as MomentEvent<'mom.post'>).body;
        this.#pictures.arrived(postKeyOf(peer, body.id), body.at, body.media.length);
      }
    }
    void this.#forwards.push(
      () => this.#forward(peer, result),
      (err) => this.#fail('forward', err),
    );
  }

  /** [MOM-10] Pass a friend's like or comment on my post on to the post's other viewers. */
  async #forward(peer: PeerId, result: MomentsStored): Promise<void> {
    const pub = await this.#friendKey(peer);
    if (!pub) return;
    for (const event of result.events) {
      if (event.type !== 'mom.like' && event.type !== 'mom.comment') continue;
      const inner = event as MomentEvent<'mom.like' | 'mom.comment'>;
      const row = await this.#db.momPosts.get(
        postKeyOf(inner.body.post.author, inner.body.post.id),
      );
      const targets = forwardTargets(this.me, peer, inner, row);
      if (targets.length === 0) continue;
      await this.#append('mom.fwd', targets, () => ({ event: inner, pub: base64urlEncode(pub) }));
    }
  }

  #fail(what: string, err: unknown): void {
    logger.warn('moments:', what, 'failed', describeError(err));
  }
}

/** [MOM-4] The reference a post carries for one picture or video. */
async function mediaRef(input: PictureInput, video: boolean): Promise<MediaRef> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', await input.blob.arrayBuffer()),
  );
  const ref: MediaRef = {
    mime: input.blob.type || (video ? 'video/mp4' : 'image/jpeg'),
    size: input.blob.size,
    sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
  };
  const thumb = await fitThumb(input.thumb, MAX_MOMENT_THUMB_CHARS);
  if (thumb) ref.thumb = thumb;
  if (input.width) ref.width = input.width;
  if (input.height) ref.height = input.height;
  if (video && 'duration' in input) ref.duration = (input as { duration: number }).duration;
  return ref;
}
