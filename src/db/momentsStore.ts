/**
 * Storing moments events: the pair logs, and in the same transaction the folded rows, the unseen
 * marks and my notifications. Events come here checked (shape, address, signature:
 * src/peers/moments); this module keeps each author's log gap-free and applies each new event
 * once, with the fold's merges, so the rows equal the fold of the events held whatever the order
 * they came in. Spec: docs/protocol.md [MOM-11], [MOM-13], [MOM-14].
 */
import type { PeerId } from '../lib/ids';
import type { MomentEvent } from '../lib/moments/events';
import { postKeyOf } from '../lib/moments/events';
import {
  actionOf,
  deletedPost,
  likeKeyOf,
  mergeComment,
  mergeLike,
  mergePost,
  mergeWindow,
  removedComment,
} from '../lib/moments/fold';
import type { Audience } from '../lib/moments/limits';
import type { MomentsLogId } from '../lib/moments/logId';
import type { PlumeDatabase } from './db';
import type { MomentNoteRow } from './momentsRows';
import { withStorage } from './storageErrors';

/** What a store did, so views read again only what changed. */
export interface MomentsStored {
  /** The events stored now (new ones only), in the order given. */
  events: MomentEvent[];
  /** A post appeared or went, or a window changed. */
  feed: boolean;
  /** Posts whose likes or comments changed. */
  posts: Set<string>;
  /** My notifications changed. */
  notes: boolean;
}

const LAMPORT = 'lamport';

/** The tables one store touches. */
function tables(db: PlumeDatabase) {
  return [
    db.momEvents,
    db.momPosts,
    db.momLikes,
    db.momComments,
    db.momWindows,
    db.momUnseen,
    db.momNotes,
    db.momMedia,
    db.momMeta,
  ];
}

/** [MOM-13] The highest seq of `author` in `log` (logs are kept gap-free, so also the count). */
export async function logHead(
  db: PlumeDatabase,
  log: MomentsLogId,
  author: PeerId,
): Promise<number> {
  const last = await db.momEvents
    .where('[conv+author+seq]')
    .between([log, author, 0], [log, author, Infinity])
    .last();
  return last?.seq ?? 0;
}

/** [MOM-13] The version vector of a pair log. */
export async function logVector(
  db: PlumeDatabase,
  log: MomentsLogId,
  pair: readonly PeerId[],
): Promise<Record<string, number>> {
  const vv: Record<string, number> = {};
  for (const author of pair) {
    const head = await logHead(db, log, author);
    if (head > 0) vv[author] = head;
  }
  return vv;
}

/** Events of `author` in `log` after `after`, in seq order, at most `limit`. */
export function eventsAfter(
  db: PlumeDatabase,
  log: MomentsLogId,
  author: PeerId,
  after: number,
  limit: number,
): Promise<MomentEvent[]> {
  return db.momEvents
    .where('[conv+author+seq]')
    .between([log, author, after + 1], [log, author, Infinity])
    .limit(limit)
    .toArray();
}

/** The highest lamport this device has used or seen in moments. */
export async function momentsLamport(db: PlumeDatabase): Promise<number> {
  const row = await db.momMeta.get(LAMPORT);
  return typeof row?.value === 'number' ? row.value : 0;
}

/**
 * Store checked events of moments logs for `me`: each only when it extends its author's log
 * with no gap (a replay or a gap stores nothing; the next HAVE refills), and apply it to the rows.
 */
export function storeMoments(
  db: PlumeDatabase,
  me: PeerId,
  events: readonly MomentEvent[],
): Promise<MomentsStored> {
  return withStorage(db, () =>
    db.transaction('rw', tables(db), async () => {
      const out: MomentsStored = { events: [], feed: false, posts: new Set(), notes: false };
      const heads = new Map<string, number>();
      let lamport = await momentsLamport(db);
      for (const event of events) {
        const slot = `${event.conv}|${event.author}`;
        const head = heads.get(slot) ?? (await logHead(db, event.conv, event.author));
        if (event.seq !== head + 1) continue;
        heads.set(slot, event.seq);
        await db.momEvents.add(event);
        await apply(db, me, event, out);
        lamport = Math.max(lamport, event.lamport, actionOf(event).lamport);
        out.events.push(event);
      }
      if (out.events.length > 0) await db.momMeta.put({ key: LAMPORT, value: lamport });
      return out;
    }),
  );
}

/** [MOM-11] Apply one new event to the folded rows. */
async function apply(
  db: PlumeDatabase,
  me: PeerId,
  event: MomentEvent,
  out: MomentsStored,
): Promise<void> {
  const action = actionOf(event);
  switch (action.type) {
    case 'mom.post': {
      const e = action as MomentEvent<'mom.post'>;
      const key = postKeyOf(e.author, e.body.id);
      const prev = await db.momPosts.get(key);
      if (prev) return;
      await db.momPosts.put(mergePost(prev, e));
      if (e.author !== me) await db.momUnseen.put({ key, author: e.author });
      out.feed = true;
      return;
    }
    case 'mom.delete':
      return deletePost(db, deletedPost(action as MomentEvent<'mom.delete'>).key, out);
    case 'mom.like': {
      const e = action as MomentEvent<'mom.like'>;
      const post = postKeyOf(e.body.post.author, e.body.post.id);
      if ((await db.momPosts.get(post))?.deleted) return;
      const key = likeKeyOf(post, e.author);
      const prev = await db.momLikes.get(key);
      const next = mergeLike(prev, e);
      if (next === prev) return;
      await db.momLikes.put(next);
      out.posts.add(post);
      if (e.body.post.author !== me || e.author === me) return;
      const id = `l|${key}`;
      if (next.on)
        await putNote(db, { id, kind: 'like', post, who: e.author, at: e.ts, text: null, read: 0 });
      else await db.momNotes.delete(id);
      out.notes = true;
      return;
    }
    case 'mom.comment': {
      const e = action as MomentEvent<'mom.comment'>;
      const post = postKeyOf(e.body.post.author, e.body.post.id);
      if ((await db.momPosts.get(post))?.deleted) return;
      const key = postKeyOf(e.author, e.body.id);
      const prev = await db.momComments.get(key);
      const next = mergeComment(prev, e);
      if (next === prev) return;
      await db.momComments.put(next);
      out.posts.add(post);
      if (e.author === me) return;
      const kind =
        e.body.replyTo?.author === me ? 'reply' : e.body.post.author === me ? 'comment' : null;
      if (!kind) return;
      await putNote(db, {
        id: `c|${key}`,
        kind,
        post,
        who: e.author,
        at: e.ts,
        text: e.body.text,
        read: 0,
      });
      out.notes = true;
      return;
    }
    case 'mom.uncomment': {
      const e = action as MomentEvent<'mom.uncomment'>;
      const post = postKeyOf(e.author, e.body.post);
      if ((await db.momPosts.get(post))?.deleted) return;
      const key = postKeyOf(e.body.comment.author, e.body.comment.id);
      const prev = await db.momComments.get(key);
      const next = removedComment(prev, e);
      if (next === prev) return;
      await db.momComments.put(next);
      await db.momNotes.delete(`c|${key}`);
      out.posts.add(post);
      out.notes = true;
      return;
    }
    case 'mom.window': {
      const e = action as MomentEvent<'mom.window'>;
      const prev = await db.momWindows.get(e.author);
      const next = mergeWindow(prev, e);
      if (next === prev) return;
      await db.momWindows.put(next);
      out.feed = true;
      return;
    }
  }
}

/** A notification is written once; a repeat keeps its read mark. */
async function putNote(db: PlumeDatabase, note: MomentNoteRow): Promise<void> {
  const prev = await db.momNotes.get(note.id);
  await db.momNotes.put(prev ? { ...note, read: prev.read } : note);
}

/** [MOM-8] A tombstone, and nothing of the post left: comments, likes, marks, bytes. */
async function deletePost(db: PlumeDatabase, key: string, out: MomentsStored): Promise<void> {
  const prev = await db.momPosts.get(key);
  if (prev?.deleted) return;
  const [author, id] = [key.slice(0, key.indexOf(':')) as PeerId, key.slice(key.indexOf(':') + 1)];
  await db.momPosts.put({ key, author, id, text: '', media: [], at: 0, deleted: true });
  await db.momComments.where('post').equals(key).delete();
  await db.momLikes.where('post').equals(key).delete();
  await db.momUnseen.delete(key);
  const notes = await db.momNotes.where('post').equals(key).delete();
  const media = await db.momMedia
    .where('[post+index]')
    .between([key, 0], [key, Infinity])
    .toArray();
  const freed = media.reduce((sum, row) => sum + (row.held === 1 ? row.size : 0), 0);
  await db.momMedia.where('[post+index]').between([key, 0], [key, Infinity]).delete();
  if (freed > 0) await addHeldBytes(db, -freed);
  out.feed = true;
  out.notes ||= notes > 0;
}

const HELD = 'heldBytes';

/** Bytes of full pictures held (a running total kept with the rows). */
export async function heldBytes(db: PlumeDatabase): Promise<number> {
  const row = await db.momMeta.get(HELD);
  return typeof row?.value === 'number' ? row.value : 0;
}

/** Move the running total; call inside a transaction that holds `momMeta`. */
export async function addHeldBytes(db: PlumeDatabase, delta: number): Promise<void> {
  await db.momMeta.put({ key: HELD, value: Math.max(0, (await heldBytes(db)) + delta) });
}

/** Keep what only the author's device knows of its post: the audience and who got it. */
export function setPostAudience(
  db: PlumeDatabase,
  key: string,
  audience: Audience,
  viewers: readonly PeerId[],
): Promise<void> {
  return withStorage(db, async () => {
    await db.momPosts.update(key, { audience, viewers: [...viewers] });
  });
}
