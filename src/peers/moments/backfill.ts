/**
 * [MOM-3] A friend added later gets my past posts whose audience includes them, within my
 * window, with what my device holds of each post that they may see: my likes and comments, and
 * the friends' ones forwarded ([MOM-10]). Which friends this device has caught up is kept, so a
 * restart does not send it all again. Spec: docs/protocol.md [MOM-3], [MOM-16].
 */
import type { PlumeDatabase } from '../../db/db';
import { momentsFriends } from '../../db/momentsFeed';
import { setPostAudience } from '../../db/momentsStore';
import { getPerson } from '../../db/peopleRepo';
import { base64urlEncode } from '../../lib/base64url';
import type { PeerId } from '../../lib/ids';
import { audienceIncludes } from '../../lib/moments/audience';
import type { MomentBodies, MomentType } from '../../lib/moments/events';
import { windowStart } from '../../lib/moments/fold';
import { SerialQueue } from '../../lib/serialQueue';

const KNOWN = 'friends';

/** What catching up needs from the engine. */
export interface BackfillContext {
  db: PlumeDatabase;
  me: PeerId;
  now: () => number;
  append: <T extends MomentType>(
    type: T,
    targets: readonly PeerId[],
    body: (target: PeerId) => MomentBodies[T],
  ) => Promise<void>;
}

/** Keeps the friends caught up with, and catches up new ones. */
export class Backfill {
  readonly #ctx: BackfillContext;
  readonly #queue = new SerialQueue();

  constructor(ctx: BackfillContext) {
    this.#ctx = ctx;
  }

  /** On the first start, the friends of now count as caught up (there was nothing to send). */
  seed(): Promise<void> {
    return this.#queue.run(async () => {
      if (await this.#ctx.db.momMeta.get(KNOWN)) return;
      await this.#save(await momentsFriends(this.#ctx.db));
    });
  }

  /** `peer` changed: true when they became a friend now (and were caught up). */
  changed(peer: PeerId): Promise<boolean> {
    return this.#queue.run(async () => {
      const known = await this.#known();
      const friend = (await momentsFriends(this.#ctx.db)).has(peer);
      if (friend === known.has(peer)) return false;
      if (friend) {
        await this.#catchUp(peer);
        known.add(peer);
      } else known.delete(peer);
      await this.#save(known);
      return friend;
    });
  }

  async #known(): Promise<Set<PeerId>> {
    const row = await this.#ctx.db.momMeta.get(KNOWN);
    return new Set(Array.isArray(row?.value) ? (row.value as PeerId[]) : []);
  }

  async #save(known: ReadonlySet<PeerId>): Promise<void> {
    await this.#ctx.db.momMeta.put({ key: KNOWN, value: [...known] });
  }

  async #catchUp(friend: PeerId): Promise<void> {
    const { db, me, append } = this.#ctx;
    const person = await getPerson(db, friend);
    if (!person) return;
    const window = await db.momWindows.get(me);
    if (window) await append('mom.window', [friend], () => ({ window: window.window }));
    const since = windowStart(window?.window, this.#ctx.now());
    const posts = await db.momPosts
      .where('[author+at+key]')
      .between([me, since, ''], [me, Infinity, ''])
      .toArray();
    for (const post of posts) {
      if (post.deleted || !post.audience || post.viewers?.includes(friend)) continue;
      if (!audienceIncludes(post.audience, { id: friend, labels: person.labels })) continue;
      const { id, text, media, at } = post;
      await append('mom.post', [friend], () => ({ id, text, media, at }));
      await setPostAudience(db, post.key, post.audience, [...(post.viewers ?? []), friend]);
      const ref = { author: me, id };
      for (const like of await db.momLikes.where('post').equals(post.key).toArray()) {
        if (!like.on || like.liker === friend) continue;
        if (like.liker === me) await append('mom.like', [friend], () => ({ post: ref, on: true }));
        else await this.#forward(friend, like.source);
      }
      for (const comment of await db.momComments.where('post').equals(post.key).toArray()) {
        if (comment.removed || !comment.source || comment.writer === friend) continue;
        if (comment.writer === me) {
          const body = { ...comment.source.body };
          await append('mom.comment', [friend], () => body);
        } else await this.#forward(friend, comment.source);
      }
    }
  }

  async #forward(friend: PeerId, event: MomentBodies['mom.fwd']['event']): Promise<void> {
    const writer = await getPerson(this.#ctx.db, event.author);
    if (!writer) return;
    const pub = base64urlEncode(writer.pub);
    await this.#ctx.append('mom.fwd', [friend], () => ({ event, pub }));
  }
}
