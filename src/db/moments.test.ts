import { describe, expect, it } from 'vitest';
import { Rng } from '../lib/group/testing/prng';
import type { MomentEvent } from '../lib/moments/events';
import { foldMoments } from '../lib/moments/fold';
import { MIN_PICTURE_CAP_BYTES } from '../lib/moments/limits';
import { A, B, C, lid, picture, Writer } from '../lib/moments/testing';
import { PlumeDatabase } from './db';
import { feedPage, listNotes, postBundle, unreadNotes, unseenCount } from './momentsFeed';
import { clearPictures, getPicture, pictureUsage, putPicture, setPictureCap } from './momentsMedia';
import { logVector, storeMoments } from './momentsStore';
import { momentsLogId } from '../lib/moments/logId';

const fresh = () => new PlumeDatabase(`test-moments-${crypto.randomUUID()}`);
const p1 = { author: A, id: lid('one') };
const p2 = { author: A, id: lid('two') };

/** What A's friends B and C write; each author's events in a log stay in seq order. */
function scenario(): MomentEvent[][] {
  const a = new Writer(A);
  const b = new Writer(B);
  return [
    [
      a.write(B, 'mom.post', { id: p1.id, text: 'one', media: [picture()], at: 10 }),
      a.write(B, 'mom.post', { id: p2.id, text: 'two', media: [], at: 20 }),
      a.write(B, 'mom.uncomment', { post: p2.id, comment: { author: B, id: lid('bx') } }),
      a.write(B, 'mom.delete', { post: p1.id }),
      a.write(B, 'mom.window', { window: '6m' }),
    ],
    [
      b.write(A, 'mom.comment', { post: p1, id: lid('bc'), text: 'on one' }),
      b.write(A, 'mom.comment', { post: p2, id: lid('bx'), text: 'removed' }),
      b.write(A, 'mom.comment', { post: p2, id: lid('by'), text: 'stays' }),
      b.write(A, 'mom.like', { post: p2, on: true }),
    ],
  ];
}

/** Interleave logs at random, each in its own order. */
function interleave(rng: Rng, logs: MomentEvent[][]): MomentEvent[] {
  const queues = logs.map((log) => [...log]);
  const out: MomentEvent[] = [];
  while (queues.some((q) => q.length > 0)) {
    const q = rng.pick(queues.filter((x) => x.length > 0));
    out.push(q.shift()!);
  }
  return out;
}

describe('moments store', () => {
  it('[MOM-11] rows equal the fold in every delivery order; replays and gaps store nothing', async () => {
    const logs = scenario();
    const all = logs.flat();
    const fold = foldMoments(all);
    const rng = new Rng(3);
    for (let round = 0; round < 5; round++) {
      const db = fresh();
      const order = interleave(rng, logs);
      // Deliver in two halves, replaying the first half once more in between.
      const half = Math.floor(order.length / 2);
      await storeMoments(db, B, order.slice(0, half));
      const replay = await storeMoments(db, B, order.slice(0, half));
      expect(replay.events).toEqual([]);
      await storeMoments(db, B, order.slice(half));
      const posts = await db.momPosts.toArray();
      expect(new Map(posts.map((p) => [p.key, p]))).toEqual(fold.posts);
      const comments = await db.momComments.toArray();
      expect(comments.map((c) => [c.key, c.removed]).sort()).toEqual(
        [...fold.comments.values()].map((c) => [c.key, c.removed]).sort(),
      );
      expect((await db.momWindows.get(A))?.window).toBe('6m');
      db.close();
    }
    // A gap: seq 3 before 2 is not stored; the vector says what is held.
    const db = fresh();
    const [a1, a2, a3] = logs[0]!;
    expect((await storeMoments(db, B, [a1!, a3!])).events).toEqual([a1]);
    expect(await logVector(db, momentsLogId(A, B), [A, B])).toEqual({ [A]: 1 });
    await storeMoments(db, B, [a2!, a3!]);
    expect(await logVector(db, momentsLogId(A, B), [A, B])).toEqual({ [A]: 3 });
  });

  it('[MOM-14] likes and comments on my posts and replies to me notify me; posts do not', async () => {
    const db = fresh();
    await db.people.bulkPut([B, C].map((id) => ({ id, state: 'friend', blocked: false }) as never));
    const a = new Writer(A);
    const b = new Writer(B);
    const viewer = { me: A, friends: new Set([B, C]), now: 100 };
    await storeMoments(db, A, [
      a.write(B, 'mom.post', { id: p1.id, text: 'mine', media: [], at: 10 }),
    ]);
    expect(await unreadNotes(db, viewer)).toBe(0);
    await storeMoments(db, A, [
      b.write(A, 'mom.like', { post: p1, on: true }),
      b.write(A, 'mom.comment', { post: p1, id: lid('bc'), text: 'hi' }),
      a.write(B, 'mom.comment', {
        post: p1,
        id: lid('ac'),
        text: 'to b',
        replyTo: { author: B, id: lid('bc') },
      }),
    ]);
    expect((await listNotes(db, viewer, 10)).map((n) => n.kind).sort()).toEqual([
      'comment',
      'like',
    ]);
    // On C's device, A's reply to C notifies C; a post does not; unseen counts A's post.
    const onC = fresh();
    await onC.people.put({ id: A, state: 'friend', blocked: false } as never);
    const cView = { me: C, friends: new Set([A]), now: 100 };
    await storeMoments(onC, C, [
      a.write(C, 'mom.post', { id: p2.id, text: 'for c', media: [], at: 20 }),
      a.write(C, 'mom.comment', {
        post: p2,
        id: lid('ar'),
        text: 'reply',
        replyTo: { author: C, id: lid('cq') },
      }),
    ]);
    expect((await listNotes(onC, cView, 10)).map((n) => n.kind)).toEqual(['reply']);
    expect(await unseenCount(onC, cView.friends)).toBe(1);
  });

  it('[MOM-12] [MOM-15] a page filters by friends, windows and the mutual-friend rule', async () => {
    const db = fresh();
    const a = new Writer(A);
    const b = new Writer(B);
    const events = [];
    for (let i = 0; i < 25; i++) {
      events.push(
        a.write(C, 'mom.post', { id: lid(`p${i}`), text: `post ${i}`, media: [], at: 1000 + i }),
      );
    }
    const post = { author: A, id: lid('p24') };
    events.push(
      a.write(C, 'mom.fwd', {
        event: b.write(A, 'mom.comment', { post, id: lid('bc'), text: 'b says' }, 1500),
        pub: 'x',
      }),
    );
    events.push(a.write(C, 'mom.comment', { post, id: lid('ac'), text: 'a says' }, 1600));
    await storeMoments(db, C, events);
    const onC = { me: C, friends: new Set([A]), now: 2000 };
    const first = await feedPage(db, onC, null, 10);
    expect(first.posts.map((x) => x.post.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `post ${24 - i}`),
    );
    expect(first.posts[0]!.comments.map((x) => x.text)).toEqual(['a says']);
    const second = await feedPage(db, onC, first.next, 10);
    const third = await feedPage(db, onC, second.next, 10);
    expect(third.posts.map((x) => x.post.text)).toEqual(
      Array.from({ length: 5 }, (_, i) => `post ${4 - i}`),
    );
    expect(third.next).toBeNull();
    // A friend of both sees B's comment.
    const onD = { me: C, friends: new Set([A, B]), now: 2000 };
    const bundle = await postBundle(db, onD, `${A}:${post.id}`);
    expect(bundle?.comments.map((x) => x.text)).toEqual(['b says', 'a says']);
    // Unfriended: nothing of A.
    expect((await feedPage(db, { ...onC, friends: new Set() }, null, 10)).posts).toEqual([]);
    expect((await feedPage(db, onC, null, 100, A)).posts).toHaveLength(25);
  });

  it('[MOM-20] the cap evicts the oldest posts\u2019 pictures first and keeps thumbnails', async () => {
    const db = fresh();
    const a = new Writer(A);
    const mb = 1000 * 1000;
    const size = 20 * mb;
    const posts = [];
    for (let i = 0; i < 6; i++) {
      posts.push(
        a.write(B, 'mom.post', {
          id: lid(`p${i}`),
          text: `p${i}`,
          media: [picture()],
          at: 100 + i,
        }),
      );
    }
    await storeMoments(db, B, posts);
    await setPictureCap(db, MIN_PICTURE_CAP_BYTES); // 50 MB: two pictures of 20 MB fit
    const bytes = (n: number) => new Blob([new Uint8Array(n)]);
    // Downloaded newest first, then an old one on demand.
    for (const i of [5, 4, 3, 0]) {
      expect(await putPicture(db, `${A}:${lid(`p${i}`)}`, 0, 100 + i, bytes(size))).toBe(true);
    }
    const held = async (i: number) => (await getPicture(db, `${A}:${lid(`p${i}`)}`, 0)) !== null;
    // p0 was just asked for, so it stays; of the rest the oldest (p3, then p4) went first.
    expect([await held(0), await held(3), await held(4), await held(5)]).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect(await pictureUsage(db)).toEqual({
      bytes: 2 * size,
      pictures: 2,
      cap: MIN_PICTURE_CAP_BYTES,
    });
    const thumbs = (await db.momPosts.toArray()).map((p) => p.media[0]?.thumb);
    expect(thumbs.every((t) => typeof t === 'string')).toBe(true);
    expect(await clearPictures(db)).toBe(2 * size);
    expect((await pictureUsage(db)).bytes).toBe(0);
    // A deleted post takes its bytes with it.
    await putPicture(db, `${A}:${lid('p5')}`, 0, 105, bytes(size));
    await storeMoments(db, B, [a.write(B, 'mom.delete', { post: lid('p5') })]);
    expect((await pictureUsage(db)).bytes).toBe(0);
    expect(await putPicture(db, `${A}:${lid('p5')}`, 0, 105, bytes(size))).toBe(false);
  });
});
