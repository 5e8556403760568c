import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../../lib/log';
import { signMoment, type MomentEvent } from '../../lib/moments/events';
import { momentsLogId } from '../../lib/moments/logId';
import { lid, THUMB } from '../../lib/moments/testing';
import { logHead } from '../../db/momentsStore';
import { befriend } from '../friends/testing';
import { editPerson, setPersonBlocked } from '../friends/actions';
import { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import { InvalidPostError, type PictureInput, type PostKey } from './api';
import { momEvents } from './frames';
import {
  feedOf,
  holdsAnything,
  makeMomentsInstall,
  untilPost,
  type MomentsInstall,
} from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function installs(hub: MemoryHub, ...names: string[]): Promise<MomentsInstall[]> {
  const made = await Promise.all(names.map((name) => makeMomentsInstall(hub, name)));
  for (const install of made) cleanup.push(() => install.stop());
  return made;
}

/** A picture of `n` bytes with a thumbnail. */
function pic(n: number, fill = 1): PictureInput {
  return {
    blob: new Blob([new Uint8Array(n).fill(fill)], { type: 'image/jpeg' }),
    name: 'p.jpg',
    thumb: THUMB,
    width: 4,
    height: 3,
  };
}

const localId = (key: PostKey) => key.slice(key.indexOf(':') + 1);
const DAY = 24 * 3600 * 1000;

// Several installs on one machine shared with other work: generous, since nothing here waits on time.
describe('moments over friend sessions', { timeout: 20_000 }, () => {
  it('[MOM-10] [MOM-12] [MOM-14] [MOM-17] a post with pictures, comments forwarded, the mutual-friend rule', async () => {
    const hub = new MemoryHub();
    const [a, b, c] = await installs(hub, 'a', 'b', 'c');
    await befriend(a!, b!);
    await befriend(a!, c!);
    const key = await a!.moments.publish({
      text: 'three',
      pictures: [pic(70_000, 1), pic(10, 2), pic(20, 3)],
      audience: { kind: 'all' },
    });
    for (const viewer of [b!, c!]) {
      const view = await untilPost(viewer, key, (v) => v.media.every((m) => m.state === 'ready'));
      expect(view.media.map((m) => m.size)).toEqual([70_000, 10, 20]);
      const blob = await viewer.moments.picture(key, 0);
      const bytes = new Uint8Array(await blob!.arrayBuffer());
      expect([bytes.length, bytes.every((x) => x === 1)]).toEqual([70_000, true]);
      expect(await viewer.moments.unseenCount()).toBe(1);
    }
    await b!.moments.comment(key, 'from b');
    await untilPost(a!, key, (v) => v.comments.some((x) => x.text === 'from b'));
    const cKey = await c!.moments.comment(key, 'from c');
    await untilPost(a!, key, (v) => v.comments.some((x) => x.text === 'from c'));
    await a!.moments.comment(key, 'a to c', cKey);
    // C holds B's comment (forwarded by A) yet never shows it: B is not C's friend.
    await waitFor(
      async () => (await c!.db.momComments.count()) === 3,
      3000,
      'c holds three comments',
    );
    const onC = await untilPost(c!, key, (v) => v.comments.some((x) => x.text === 'a to c'));
    expect(onC.comments.map((x) => x.text)).toEqual(['from c', 'a to c']);
    expect(onC.comments[1]!.replyTo).toBe(c!.id);
    const onB = await untilPost(b!, key, (v) => v.comments.some((x) => x.text === 'a to c'));
    expect(onB.comments.map((x) => x.text)).toEqual(['from b', 'a to c']);
    // Comments addressed to me notify me; the post itself did not.
    expect((await a!.moments.notifications()).map((n) => n.kind).sort()).toEqual([
      'comment',
      'comment',
    ]);
    expect((await c!.moments.notifications()).map((n) => n.kind)).toEqual(['reply']);
    expect(await b!.moments.unreadNotifications()).toBe(0);
    await b!.moments.like(key);
    await untilPost(a!, key, (v) => v.likes.some((l) => l.who === b!.id));
    await waitFor(async () => (await c!.db.momLikes.count()) === 1, 3000, 'c holds the like');
    expect((await c!.moments.post(key))!.likes).toEqual([]);
  });

  it('[MOM-3] all but some, labels, and a friend added later within the window', async () => {
    const hub = new MemoryHub();
    const [a, b, c, d] = await installs(hub, 'a', 'b', 'c', 'd');
    await befriend(a!, b!);
    await befriend(a!, c!);
    await editPerson(a!.deps, b!.id, { labels: ['family'] });
    a!.clockOffset = -10 * DAY;
    const old = await a!.moments.publish({ text: 'old', audience: { kind: 'all' } });
    a!.clockOffset = 0;
    const notC = await a!.moments.publish({
      text: 'not for c',
      audience: { kind: 'except', friends: [c!.id] },
    });
    const family = await a!.moments.publish({
      text: 'family',
      audience: { kind: 'labels', labels: ['family'] },
    });
    const onlyB = await a!.moments.publish({
      text: 'only b',
      audience: { kind: 'friends', friends: [b!.id] },
    });
    await a!.moments.setHistoryWindow('3d');
    const all = await a!.moments.publish({ text: 'everyone', audience: { kind: 'all' } });
    await untilPost(c!, all);
    await untilPost(b!, all);
    // An excluded friend's device holds nothing of the post: not in its log, not in its rows.
    for (const key of [notC, family, onlyB])
      expect(await holdsAnything(c!, a!.id, localId(key))).toBe(false);
    expect((await feedOf(b!)).map((p) => p.text)).toEqual([
      'everyone',
      'only b',
      'family',
      'not for c',
    ]);
    // The old post is held but out of the window now, on every friend's device.
    expect(await holdsAnything(c!, a!.id, localId(old))).toBe(true);
    expect((await feedOf(c!)).map((p) => p.text)).toEqual(['everyone']);
    // D, added later, gets what the audience includes within the window, and nothing else.
    await befriend(a!, d!);
    await untilPost(d!, all);
    await untilPost(d!, notC);
    expect((await feedOf(d!)).map((p) => p.text)).toEqual(['everyone', 'not for c']);
    for (const key of [old, family, onlyB])
      expect(await holdsAnything(d!, a!.id, localId(key))).toBe(false);
  });

  it('[MOM-7] [MOM-8] [MOM-11] delete and remove comment fold the same on every device', async () => {
    const hub = new MemoryHub();
    const [a, b, c] = await installs(hub, 'a', 'b', 'c');
    await befriend(a!, b!);
    await befriend(a!, c!);
    await befriend(b!, c!);
    const keep = await a!.moments.publish({ text: 'keep', audience: { kind: 'all' } });
    const gone = await a!.moments.publish({
      text: 'gone',
      pictures: [pic(100)],
      audience: { kind: 'all' },
    });
    await untilPost(b!, gone);
    await untilPost(c!, gone);
    const bc = await b!.moments.comment(keep, 'b on keep');
    await c!.moments.comment(keep, 'c on keep');
    await b!.moments.comment(gone, 'b on gone');
    await untilPost(a!, keep, (v) => v.comments.length === 2);
    await a!.moments.removeComment(keep, bc);
    await a!.moments.deletePost(gone);
    for (const device of [a!, b!, c!]) {
      await waitFor(
        async () => (await device.moments.post(gone)) === null,
        3000,
        `${device.name} drops the post`,
      );
      const view = await untilPost(device, keep, (v) => v.comments.length === 1);
      expect(view.comments.map((x) => x.text)).toEqual(['c on keep']);
    }
    const rowsOf = async (device: MomentsInstall) => ({
      posts: (await device.db.momPosts.toArray()).map((p) => [p.key, p.deleted, p.text]).sort(),
      comments: (await device.db.momComments.toArray())
        .map((x) => [x.key, x.removed, x.text])
        .sort(),
      media: await device.db.momMedia.count(),
    });
    const onB = await rowsOf(b!);
    expect(await rowsOf(c!)).toEqual(onB);
    expect(onB.media).toBe(0);
    expect((await rowsOf(a!)).comments).toEqual(onB.comments);
  });

  it('[MOM-2] forged, replayed and misaddressed events are dropped', async () => {
    const hub = new MemoryHub();
    const [a, b, c] = await installs(hub, 'a', 'b', 'c');
    await befriend(a!, b!);
    await befriend(a!, c!);
    const post = await a!.moments.publish({ text: 'hello', audience: { kind: 'all' } });
    await untilPost(b!, post);
    const ab = momentsLogId(a!.id, b!.id);
    const next = (await logHead(b!.db, ab, b!.id)) + 1;
    const ref = { author: a!.id, id: localId(post) };
    const sign = <T extends MomentEvent>(e: Omit<T, 'sig'>, key: CryptoKey) =>
      signMoment(e as never, key) as Promise<T>;
    const base = { conv: ab, author: b!.id, seq: next, lamport: 50, ts: Date.now() };
    const forged = await sign(
      { ...base, type: 'mom.comment', body: { post: ref, id: lid('forged'), text: 'forged' } },
      c!.keys.privateKey,
    );
    const notInPair = await sign(
      {
        ...base,
        author: c!.id,
        type: 'mom.comment',
        body: { post: ref, id: lid('stranger'), text: 'c via b' },
      },
      c!.keys.privateKey,
    );
    const otherLog = await sign(
      {
        ...base,
        conv: momentsLogId(b!.id, c!.id),
        type: 'mom.comment',
        body: { post: ref, id: lid('other'), text: 'wrong log' },
      },
      b!.keys.privateKey,
    );
    const cLike = await sign(
      {
        conv: momentsLogId(c!.id, a!.id),
        author: c!.id,
        seq: 1,
        lamport: 1,
        ts: 1,
        type: 'mom.like',
        body: { post: ref, on: true },
      },
      c!.keys.privateKey,
    );
    const fwdByB = await sign(
      { ...base, type: 'mom.fwd', body: { event: cLike as never, pub: 'x'.repeat(43) } },
      b!.keys.privateKey,
    );
    const replay = (
      await a!.db.momEvents
        .where('[conv+author+seq]')
        .between([ab, a!.id, 1], [ab, a!.id, 1])
        .toArray()
    )[0]!;
    const legit = await sign(
      { ...base, type: 'mom.comment', body: { post: ref, id: lid('legit'), text: 'legit' } },
      b!.keys.privateKey,
    );
    const session = b!.engine.manager.session(a!.id)!;
    session.send(momEvents(ab, [forged, notInPair, otherLog, fwdByB, replay]));
    session.send(momEvents(ab, [legit]));
    await untilPost(a!, post, (v) => v.comments.some((x) => x.text === 'legit'));
    const texts = (await a!.db.momComments.toArray()).map((x) => x.text);
    expect(texts).toEqual(['legit']);
    expect(await a!.db.momLikes.count()).toBe(0);
    expect(await logHead(a!.db, ab, b!.id)).toBe(next);
    expect(await logHead(a!.db, ab, a!.id)).toBe(1);
  });

  it('[MOM-16] unfriend and block: their posts and comments go from my feed, and nothing new of mine reaches them', async () => {
    const hub = new MemoryHub();
    const [a, b, c] = await installs(hub, 'a', 'b', 'c');
    await befriend(a!, b!);
    await befriend(a!, c!);
    await befriend(b!, c!);
    const bPost = await b!.moments.publish({ text: 'by b', audience: { kind: 'all' } });
    const aPost = await a!.moments.publish({ text: 'by a', audience: { kind: 'all' } });
    await untilPost(a!, bPost);
    await untilPost(b!, aPost);
    await b!.moments.comment(aPost, 'b says');
    await untilPost(c!, aPost, (v) => v.comments.length === 1);
    await setPersonBlocked(a!.deps, b!.id, true);
    expect(await a!.moments.post(bPost)).toBeNull();
    expect((await a!.moments.post(aPost))!.comments).toEqual([]);
    const after = await a!.moments.publish({ text: 'after', audience: { kind: 'all' } });
    await untilPost(c!, after);
    // Nothing of it in the pair log with B, so nothing to send.
    const ab = momentsLogId(a!.id, b!.id);
    const log = await a!.db.momEvents
      .where('[conv+author+seq]')
      .between([ab, a!.id, 0], [ab, a!.id, Infinity])
      .toArray();
    expect(log.some((e) => JSON.stringify(e.body).includes(localId(after)))).toBe(false);
    expect(await holdsAnything(b!, a!.id, localId(after))).toBe(false);
  });

  it('[MOM-21] an old post downloads its pictures only when asked; a post made offline arrives later', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'a', 'b');
    await befriend(a!, b!);
    a!.clockOffset = -5 * DAY;
    const old = await a!.moments.publish({
      text: 'old',
      pictures: [pic(5000, 7)],
      audience: { kind: 'all' },
    });
    a!.clockOffset = 0;
    const fresh = await a!.moments.publish({
      text: 'fresh',
      pictures: [pic(10, 8)],
      audience: { kind: 'all' },
    });
    await untilPost(b!, fresh, (v) => v.media[0]!.state === 'ready');
    expect((await b!.moments.post(old))!.media[0]!.state).toBe('remote');
    const blob = await b!.moments.openMedia(old, 0);
    expect(blob?.size).toBe(5000);
    expect((await b!.moments.post(old))!.media[0]!.state).toBe('ready');
    hub.setOffline(b!.transport, true);
    hub.drop(a!.id, b!.id);
    await waitFor(() => !a!.online(b!.id), 3000, 'b is gone');
    const later = await a!.moments.publish({ text: 'while away', audience: { kind: 'all' } });
    hub.setOffline(b!.transport, false);
    await untilPost(b!, later, () => true, 8000);
  });

  it('[MOM-4] a post holds at most nine pictures, or one video alone', async () => {
    const hub = new MemoryHub();
    const [a] = await installs(hub, 'a');
    const ten = Array.from({ length: 10 }, () => pic(10));
    await expect(
      a!.moments.publish({ text: 'x', pictures: ten, audience: { kind: 'all' } }),
    ).rejects.toBeInstanceOf(InvalidPostError);
    const video = { ...pic(10), duration: 5000 };
    await expect(
      a!.moments.publish({ text: 'x', pictures: [pic(1)], video, audience: { kind: 'all' } }),
    ).rejects.toBeInstanceOf(InvalidPostError);
    const nine = await a!.moments.publish({
      text: 'nine',
      pictures: ten.slice(0, 9),
      audience: { kind: 'all' },
    });
    expect((await a!.moments.post(nine))!.media).toHaveLength(9);
  });
});
