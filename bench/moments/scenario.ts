/**
 * The moments bench's scenario, bundled with esbuild and run in Node on fake-indexeddb (the
 * app's IndexedDB code, not a browser's IndexedDB):
 *   open: a viewer holding 5,000 posts from 50 friends (three pictures each, with thumbnails;
 *         likes and comments) opens the feed cold — a new database connection, then the first
 *         page (10 posts) with its likes, comments and media states made into the views the
 *         screen renders. The Moments screen is not part of this branch: this measures the paging
 *         query and the view model, not a render.
 *   sync: two installs on the in-memory transport, friends; while B is away A posts 500 posts
 *         with three thumbnails each; B comes back and the time runs until B holds all 500.
 *         The posts are older than the auto-download window, so no full picture is pulled.
 */
import 'fake-indexeddb/auto';
import { PlumeDatabase } from '../../src/db/db';
import { feedPage, momentsFriends } from '../../src/db/momentsFeed';
import { storeMoments } from '../../src/db/momentsStore';
import type { PeerId } from '../../src/lib/ids';
import { setLogSink } from '../../src/lib/log';
import type { MomentEvent } from '../../src/lib/moments/events';
import { momentsLogId } from '../../src/lib/moments/logId';
import { befriend } from '../../src/peers/friends/testing';
import { MemoryHub } from '../../src/peers/memory/MemoryHub';
import { waitFor } from '../../src/peers/session/testing';
import { postView } from '../../src/peers/moments/views';
import { makeMomentsInstall } from '../../src/peers/moments/testing';

const THUMB = `data:image/jpeg;base64,${'A'.repeat(4_700)}`;
const HEX = 'ab'.repeat(32);
const DAY = 24 * 3600 * 1000;

function id32(n: number, letter: string): PeerId {
  const digits = n
    .toString(32)
    .replace(/[01]/g, (d) => (d === '0' ? 'q' : 'r'))
    .replace(/[89]/g, (d) => (d === '8' ? 's' : 't'));
  return (letter + digits).padEnd(32, letter) as PeerId;
}
function localId(n: number): string {
  return `p${n.toString(32).replace(/[0189]/g, 'z')}`.padEnd(16, 'a');
}

/** Fill `name` with `posts` posts from `friends` friends as `me` holds them. */
async function seed(name: string, me: PeerId, friends: number, posts: number): Promise<void> {
  const db = new PlumeDatabase(name);
  const authors = Array.from({ length: friends }, (_, i) => id32(i + 1, 'f'));
  await db.people.bulkPut(
    authors.map((id) => ({ id, state: 'friend', blocked: false, labels: [] }) as never),
  );
  const seqs = new Map<PeerId, number>();
  const now = Date.now();
  let batch: MomentEvent[] = [];
  for (let n = 0; n < posts; n++) {
    const author = authors[n % friends]!;
    const seq = (seqs.get(author) ?? 0) + 1;
    seqs.set(author, seq);
    const media = [0, 1, 2].map((i) => ({
      mime: 'image/jpeg',
      size: 200_000 + i,
      sha256: HEX,
      thumb: THUMB,
      width: 1200,
      height: 900,
    }));
    batch.push({
      conv: momentsLogId(me, author),
      author,
      seq,
      lamport: n + 1,
      ts: now - (posts - n) * 60_000,
      type: 'mom.post',
      body: { id: localId(n), text: `post ${n} `.repeat(8), media, at: now - (posts - n) * 60_000 },
      sig: 'x'.repeat(86),
    });
    if (batch.length === 500) {
      await storeMoments(db, me, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await storeMoments(db, me, batch);
  db.close();
}

export interface OpenResult {
  posts: number;
  friends: number;
  coldMs: number[];
  warmMs: number[];
  baselineMs: number[];
}

/** Time the first screen of the feed on a new connection, and a plain indexed read of 10 rows. */
export async function runOpen(
  posts: number,
  friends: number,
  repeats: number,
): Promise<OpenResult> {
  setLogSink(() => undefined);
  const me = id32(0, 'm');
  const name = `bench-moments-${crypto.randomUUID()}`;
  await seed(name, me, friends, posts);
  const result: OpenResult = { posts, friends, coldMs: [], warmMs: [], baselineMs: [] };
  for (let r = 0; r < repeats; r++) {
    const db = new PlumeDatabase(name);
    const t0 = performance.now();
    const viewer = { me, friends: await momentsFriends(db), now: Date.now() };
    const page = await feedPage(db, viewer, null, 10);
    const views = page.posts.map((b) => postView(b, me, () => null));
    result.coldMs.push(performance.now() - t0);
    if (views.length !== 10) throw new Error(`first page had ${views.length} posts`);
    const t1 = performance.now();
    await feedPage(db, { ...viewer, friends: await momentsFriends(db) }, null, 10);
    result.warmMs.push(performance.now() - t1);
    db.close();
    const raw = new PlumeDatabase(name);
    const t2 = performance.now();
    await raw.momPosts.orderBy('[at+key]').reverse().limit(10).toArray();
    result.baselineMs.push(performance.now() - t2);
    raw.close();
  }
  return result;
}

export interface SyncResult {
  posts: number;
  ms: number;
  baselineMs: number;
}

/** Time B catching up on `posts` posts of A after a reconnect; baseline: storing them directly. */
export async function runSync(posts: number): Promise<SyncResult> {
  setLogSink(() => undefined);
  const hub = new MemoryHub();
  const a = await makeMomentsInstall(hub, 'a');
  const b = await makeMomentsInstall(hub, 'b');
  try {
    await befriend(a, b);
    hub.setOffline(b.transport, true);
    hub.drop(a.id, b.id);
    await waitFor(() => !a.online(b.id), 5000, 'b away');
    a.clockOffset = -5 * DAY;
    const thumbs = [0, 1, 2].map(() => ({
      blob: new Blob([new Uint8Array(64)], { type: 'image/jpeg' }),
      name: 'p.jpg',
      thumb: THUMB,
      width: 1200,
      height: 900,
    }));
    for (let n = 0; n < posts; n++) {
      await a.moments.publish({ text: `post ${n}`, pictures: thumbs, audience: { kind: 'all' } });
    }
    const t0 = performance.now();
    hub.setOffline(b.transport, false);
    await waitFor(async () => (await b.db.momPosts.count()) === posts, 300_000, 'b has every post');
    const ms = performance.now() - t0;
    // Baseline: the same events stored straight into a fresh database, no session, no checks.
    const log = momentsLogId(a.id, b.id);
    const events = await a.db.momEvents
      .where('[conv+author+seq]')
      .between([log, a.id, 0], [log, a.id, Infinity])
      .toArray();
    const fresh = new PlumeDatabase(`bench-moments-base-${crypto.randomUUID()}`);
    const t1 = performance.now();
    for (let i = 0; i < events.length; i += 100)
      await storeMoments(fresh, b.id, events.slice(i, i + 100));
    const baselineMs = performance.now() - t1;
    fresh.close();
    return { posts, ms, baselineMs };
  } finally {
    a.stop();
    b.stop();
  }
}
