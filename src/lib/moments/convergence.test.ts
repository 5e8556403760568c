/**
 * [MOM-11] A randomized run of the moments protocol: four people post with audiences, like,
 * comment, remove comments, delete, set windows, unfriend, and are cut off and healed, while
 * pair logs sync in random order. Sessions, storage and signatures are modelled (the engine's
 * own tests cover them); the address check, the routing of each event and the fold are the
 * app's own. After everything heals, every viewer who is still the author's friend holds each
 * post exactly as its author does, and nobody outside a post's audience holds anything of it.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../group/testing/prng';
import type { PeerId } from '../ids';
import { addressError } from './address';
import { resolveAudience } from './audience';
import type { MomentBodies, MomentEvent, MomentType } from './events';
import { postKeyOf } from './events';
import {
  actionOf,
  applyMoment,
  emptyMoments,
  foldMoments,
  postVisible,
  type MomentsState,
} from './fold';
import type { Audience } from './limits';
import { momentsLogId } from './logId';
import { followUpTargets, forwardTargets, reactionTargets } from './routing';
import { A, B, C, D, lid } from './testing';

const PEOPLE = [A, B, C, D];
const pairKey = (x: PeerId, y: PeerId) => (x < y ? `${x}|${y}` : `${y}|${x}`);
const logIds = new Map<string, string>();
/** The pair log id, hashed once per pair (the run asks for it thousands of times). */
function logOf(x: PeerId, y: PeerId): ReturnType<typeof momentsLogId> {
  const key = pairKey(x, y);
  let id = logIds.get(key);
  if (!id) logIds.set(key, (id = momentsLogId(x, y)));
  return id as ReturnType<typeof momentsLogId>;
}

/** One device: its held logs, its fold, and what only an author keeps. */
class Device {
  readonly id: PeerId;
  /** log → author → events in seq order. */
  readonly logs = new Map<string, Map<PeerId, MomentEvent[]>>();
  state: MomentsState = emptyMoments();
  readonly viewers = new Map<string, PeerId[]>();
  lamport = 0;
  constructor(id: PeerId) {
    this.id = id;
  }
  head(log: string, author: PeerId): number {
    return this.logs.get(log)?.get(author)?.length ?? 0;
  }
  /** Store one event if it extends its author's log; true when stored. */
  store(event: MomentEvent): boolean {
    if (event.seq !== this.head(event.conv, event.author) + 1) return false;
    const byAuthor = this.logs.get(event.conv) ?? new Map<PeerId, MomentEvent[]>();
    this.logs.set(event.conv, byAuthor);
    const list = byAuthor.get(event.author) ?? [];
    list.push(event);
    byAuthor.set(event.author, list);
    this.lamport = Math.max(this.lamport, event.lamport);
    applyMoment(this.state, event);
    return true;
  }
  append<T extends MomentType>(type: T, targets: readonly PeerId[], body: MomentBodies[T]): void {
    for (const target of new Set(targets)) {
      const conv = logOf(this.id, target);
      this.lamport += 1;
      const seq = this.head(conv, this.id) + 1;
      this.store({
        conv,
        author: this.id,
        seq,
        lamport: this.lamport,
        ts: 1000 + this.lamport,
        type,
        body,
        sig: '',
      });
    }
  }
  held(): MomentEvent[] {
    return [...this.logs.values()].flatMap((m) => [...m.values()].flat());
  }
  routed(key: string) {
    const post = this.state.posts.get(key);
    return (
      post && { author: post.author, deleted: post.deleted, viewers: this.viewers.get(key) ?? [] }
    );
  }
}

class World {
  readonly rng: Rng;
  readonly devices = new Map<PeerId, Device>(PEOPLE.map((id) => [id, new Device(id)]));
  readonly friends = new Set<string>();
  readonly cut = new Set<string>();
  readonly posts: string[] = [];
  #n = 0;
  constructor(seed: number) {
    this.rng = new Rng(seed);
    for (const x of PEOPLE)
      for (const y of PEOPLE) if (x < y && this.rng.chance(0.75)) this.friends.add(pairKey(x, y));
  }
  dev(id: PeerId): Device {
    return this.devices.get(id)!;
  }
  friendsOf(id: PeerId): Set<PeerId> {
    return new Set(PEOPLE.filter((p) => p !== id && this.friends.has(pairKey(id, p))));
  }
  fresh(tag: string): string {
    return lid(`${tag}${this.#n++}`);
  }

  step(): void {
    const rng = this.rng;
    const me = rng.pick(PEOPLE);
    const device = this.dev(me);
    const friends = this.friendsOf(me);
    const roll = rng.next();
    const visible = [...device.state.posts.values()].filter((p) =>
      postVisible(p, device.state.windows.get(p.author)?.window, { me, friends, now: 2000 }),
    );
    const mine = visible.filter((p) => p.author === me);
    if (roll < 0.2) {
      const list = [...friends].map((id) => ({ id, labels: rng.chance(0.5) ? ['x'] : [] }));
      const some = list.filter(() => rng.chance(0.5)).map((f) => f.id);
      const audience: Audience = rng.pick<Audience>([
        { kind: 'all' },
        { kind: 'except', friends: some },
        { kind: 'friends', friends: some },
        { kind: 'labels', labels: ['x'] },
      ]);
      const viewers = resolveAudience(audience, list);
      const id = this.fresh('p');
      device.viewers.set(postKeyOf(me, id), viewers);
      this.posts.push(postKeyOf(me, id));
      device.append('mom.post', [me, ...viewers], { id, text: `post ${id}`, media: [], at: 1500 });
    } else if (roll < 0.5 && visible.length > 0) {
      const post = rng.pick(visible);
      const routed = device.routed(post.key)!;
      const ref = { author: post.author, id: post.id };
      const targets = reactionTargets(me, routed);
      if (rng.chance(0.4)) device.append('mom.like', targets, { post: ref, on: rng.chance(0.7) });
      else {
        const comments = [...device.state.comments.values()].filter(
          (c) => c.post === post.key && !c.removed,
        );
        const reply = comments.length > 0 && rng.chance(0.4) ? rng.pick(comments) : null;
        const body = { post: ref, id: this.fresh('c'), text: 'hi' };
        device.append(
          'mom.comment',
          targets,
          reply ? { ...body, replyTo: { author: reply.writer, id: reply.id } } : body,
        );
      }
    } else if (roll < 0.6 && mine.length > 0) {
      const post = rng.pick(mine);
      const comments = [...device.state.comments.values()].filter(
        (c) => c.post === post.key && !c.removed,
      );
      if (comments.length > 0) {
        const c = rng.pick(comments);
        device.append('mom.uncomment', followUpTargets(me, device.routed(post.key)!), {
          post: post.id,
          comment: { author: c.writer, id: c.id },
        });
      }
    } else if (roll < 0.67 && mine.length > 0) {
      const post = rng.pick(mine);
      device.append('mom.delete', followUpTargets(me, device.routed(post.key)!), { post: post.id });
    } else if (roll < 0.7) {
      device.append('mom.window', [me, ...friends], {
        window: rng.pick(['3d', '6m', 'all'] as const),
      });
    } else if (roll < 0.74 && friends.size > 0) {
      this.friends.delete(pairKey(me, rng.pick([...friends])));
    } else if (roll < 0.82) {
      const other = rng.pick(PEOPLE.filter((p) => p !== me));
      const key = pairKey(me, other);
      if (this.cut.has(key)) this.cut.delete(key);
      else this.cut.add(key);
    } else {
      const linked = [...friends].filter((f) => !this.cut.has(pairKey(me, f)));
      if (linked.length > 0) this.sync(me, rng.pick(linked));
    }
  }

  /** One HAVE/EVENTS round between friends, each way, with the author's forwarding. */
  sync(x: PeerId, y: PeerId): boolean {
    let moved = false;
    for (const [from, to] of [
      [x, y],
      [y, x],
    ] as const) {
      const log = logOf(from, to);
      const source = this.dev(from);
      const target = this.dev(to);
      for (const author of [from, to]) {
        const theirs = target.head(log, author);
        const events = (source.logs.get(log)?.get(author) ?? []).slice(theirs);
        for (const event of events) {
          if (addressError(event, to, from) !== null)
            throw new Error('an honest event was refused');
          if (!target.store(event)) continue;
          moved = true;
          const post = actionOf(event);
          if (post.type !== 'mom.like' && post.type !== 'mom.comment') continue;
          const ref = (post as MomentEvent<'mom.like' | 'mom.comment'>).body.post;
          const fwd = forwardTargets(to, from, event, target.routed(postKeyOf(ref.author, ref.id)));
          if (fwd.length > 0) {
            target.append('mom.fwd', fwd, {
              event: event as MomentEvent<'mom.like' | 'mom.comment'>,
              pub: '',
            });
          }
        }
      }
    }
    return moved;
  }

  settle(): void {
    this.cut.clear();
    for (let moved = true, rounds = 0; moved; rounds++) {
      if (rounds > 50) throw new Error('no fixpoint');
      moved = false;
      for (const x of PEOPLE)
        for (const y of PEOPLE)
          if (x < y && this.friends.has(pairKey(x, y))) moved = this.sync(x, y) || moved;
    }
  }
}

/** What a device holds of one post, comparable across devices. */
function slice(state: MomentsState, key: string): string {
  return JSON.stringify({
    post: state.posts.get(key) ?? null,
    likes: [...state.likes.values()]
      .filter((l) => l.post === key)
      .map((l) => [l.key, l.on])
      .sort(),
    comments: [...state.comments.values()]
      .filter((c) => c.post === key)
      .map((c) => [c.key, c.removed, c.text])
      .sort(),
  });
}

describe('moments randomized run', () => {
  it('[MOM-11] posts, comments, deletes, unfriends and partitions converge (300 seeds)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const world = new World(seed);
      for (let i = 0; i < 60; i++) world.step();
      world.settle();
      for (const key of world.posts) {
        const author = key.slice(0, key.indexOf(':')) as PeerId;
        const truth = slice(world.dev(author).state, key);
        const viewers = world.dev(author).viewers.get(key) ?? [];
        for (const other of PEOPLE.filter((p) => p !== author)) {
          const held = world.dev(other).state.posts.has(key);
          if (!viewers.includes(other)) {
            expect(held, `seed ${seed}: ${other} outside the audience holds ${key}`).toBe(false);
          } else if (world.friends.has(pairKey(author, other))) {
            const mine = slice(world.dev(other).state, key);
            if (mine !== truth) expect(mine, `seed ${seed}: ${other} on ${key}`).toBe(truth);
          }
        }
      }
      // Each device's rows are the fold of what it holds, in any order.
      for (const device of world.devices.values()) {
        const refold = foldMoments(world.rng.shuffle(device.held()));
        for (const key of world.posts) {
          const again = slice(refold, key);
          if (again !== slice(device.state, key))
            expect(again, `seed ${seed}`).toBe(slice(device.state, key));
        }
      }
    }
  });
});
