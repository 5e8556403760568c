import { describe, expect, it } from 'vitest';
import { Rng } from '../group/testing/prng';
import type { PeerId } from '../ids';
import { audienceIncludes, resolveAudience } from './audience';
import type { MomentEvent } from './events';
import { foldMoments, postVisible, writerVisible, type MomentsState, type Viewer } from './fold';
import { A, B, C, D, lid, picture, Writer } from './testing';

const friends = [
  { id: B, labels: ['family'] },
  { id: C, labels: ['work'] },
  { id: D, labels: ['work', 'family'] },
];

/** A comparable form of a fold (sources dropped: they are what came, not what it means). */
function plain(state: MomentsState): unknown {
  const sorted = <T>(map: Map<string, T>) =>
    [...map.entries()].sort(([x], [y]) => (x < y ? -1 : 1));
  return {
    posts: sorted(state.posts),
    likes: sorted(state.likes).map(([k, l]) => [k, l.on, l.lamport]),
    comments: sorted(state.comments).map(([k, c]) => [k, c.text, c.removed, c.post]),
    windows: sorted(state.windows as Map<string, unknown>),
  };
}

describe('moments audience and fold', () => {
  it('[MOM-3] audience: all, labels, chosen friends, all but some, and a friend added later', () => {
    expect(resolveAudience({ kind: 'all' }, friends)).toEqual([B, C, D]);
    expect(resolveAudience({ kind: 'labels', labels: ['family'] }, friends)).toEqual([B, D]);
    expect(resolveAudience({ kind: 'friends', friends: [C] }, friends)).toEqual([C]);
    expect(resolveAudience({ kind: 'except', friends: [C] }, friends)).toEqual([B, D]);
    const later = { id: 'e'.repeat(32) as PeerId, labels: ['work'] };
    expect(audienceIncludes({ kind: 'all' }, later)).toBe(true);
    expect(audienceIncludes({ kind: 'labels', labels: ['work'] }, later)).toBe(true);
    expect(audienceIncludes({ kind: 'labels', labels: ['family'] }, later)).toBe(false);
    expect(audienceIncludes({ kind: 'friends', friends: [C] }, later)).toBe(false);
    expect(audienceIncludes({ kind: 'except', friends: [C] }, later)).toBe(true);
  });

  it('[MOM-11] delete, remove comment and the window fold the same in every order', () => {
    const a = new Writer(A);
    const b = new Writer(B);
    const c = new Writer(C);
    const p1 = { author: A, id: lid('one') };
    const p2 = { author: A, id: lid('two') };
    const events: MomentEvent[] = [
      a.write(B, 'mom.post', { id: p1.id, text: 'first', media: [picture()], at: 10 }),
      a.write(B, 'mom.post', { id: p2.id, text: 'second', media: [], at: 20 }),
      b.write(A, 'mom.like', { post: p1, on: true }),
      b.write(A, 'mom.like', { post: p1, on: false }),
      b.write(A, 'mom.comment', { post: p1, id: lid('bc'), text: 'nice' }),
      b.write(A, 'mom.comment', { post: p2, id: lid('bd'), text: 'gone soon' }),
      a.write(B, 'mom.uncomment', { post: p2.id, comment: { author: B, id: lid('bd') } }),
      c.write(A, 'mom.comment', { post: p2, id: lid('cc'), text: 'deleted with it' }),
      a.write(B, 'mom.delete', { post: p1.id }),
      a.write(B, 'mom.window', { window: '6m' }),
      a.write(B, 'mom.window', { window: '3d' }),
      // A removal naming another post than the comment's changes nothing.
      a.write(B, 'mom.uncomment', { post: p1.id, comment: { author: C, id: lid('cc') } }),
    ];
    const reference = plain(foldMoments(events));
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const order = rng.shuffle(events);
      // Duplicates (a replay, a second copy) change nothing either.
      if (rng.chance(0.5)) order.push(rng.pick(events));
      expect(plain(foldMoments(order))).toEqual(reference);
    }
    const state = foldMoments(events);
    expect(state.posts.get(`${A}:${p1.id}`)).toMatchObject({ deleted: true, text: '', media: [] });
    expect([...state.comments.values()].some((x) => x.post === `${A}:${p1.id}`)).toBe(false);
    expect(state.comments.get(`${B}:${lid('bd')}`)).toMatchObject({ removed: true, text: '' });
    expect(state.comments.get(`${C}:${lid('cc')}`)).toMatchObject({ removed: false });
    expect(state.windows.get(A)?.window).toBe('3d');
  });

  it('[MOM-9] the window hides posts already held; my own posts stay on my device', () => {
    const a = new Writer(A);
    const day = 24 * 3600 * 1000;
    const now = 400 * day;
    const old = a.write(B, 'mom.post', {
      id: lid('old'),
      text: 'old',
      media: [],
      at: now - 10 * day,
    });
    const state = foldMoments([old]);
    const post = state.posts.get(`${A}:${lid('old')}`)!;
    const onB: Viewer = { me: B, friends: new Set([A]), now };
    expect(postVisible(post, undefined, onB)).toBe(true);
    expect(postVisible(post, '6m', onB)).toBe(true);
    expect(postVisible(post, '3d', onB)).toBe(false);
    expect(postVisible(post, '3d', { me: A, friends: new Set([B]), now })).toBe(true);
    // Unfriended: gone from B's feed.
    expect(postVisible(post, 'all', { me: B, friends: new Set(), now })).toBe(false);
  });

  it('[MOM-12] mutual friends: a like or comment shows only for the viewer, the author or a friend', () => {
    // A is friends with B and C; B and C are not friends.
    const onC: Viewer = { me: C, friends: new Set([A]), now: 0 };
    expect(writerVisible(B, A, onC)).toBe(false);
    expect(writerVisible(A, A, onC)).toBe(true);
    expect(writerVisible(C, A, onC)).toBe(true);
    const onD: Viewer = { me: D, friends: new Set([A, B]), now: 0 };
    expect(writerVisible(B, A, onD)).toBe(true);
  });
});
