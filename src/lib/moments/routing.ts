/**
 * Which pair logs an event of mine goes into. Shared by the engine and the randomized protocol
 * run, so the run exercises the rules the app applies. Pure. Spec: docs/protocol.md [MOM-3],
 * [MOM-5], [MOM-6], [MOM-10], [MOM-16].
 */
import type { PeerId } from '../ids';
import type { MomentEvent } from './events';

/** A post as routing sees it: its author and, on the author's device, who it went to. */
export interface RoutedPost {
  author: PeerId;
  deleted: boolean;
  viewers?: readonly PeerId[];
}

/**
 * [MOM-8] [MOM-7] A follow-up of my own post (delete, removal, my like or comment): my own log
 * and every friend the post went to — an ex-friend's log too, which is not sent while they are
 * not a friend ([MOM-16]) and catches them up if they become one again.
 */
export function followUpTargets(me: PeerId, post: RoutedPost): PeerId[] {
  return [me, ...(post.viewers ?? [])];
}

/** [MOM-5] [MOM-6] My like or comment: on my post as a follow-up; on a friend's, to its author. */
export function reactionTargets(me: PeerId, post: RoutedPost): PeerId[] {
  return post.author === me ? followUpTargets(me, post) : [post.author];
}

/**
 * [MOM-10] A like or comment `from` wrote to me about my post goes on, signed as it is, to the
 * post's other viewers; anything else is not forwarded.
 */
export function forwardTargets(
  me: PeerId,
  from: PeerId,
  event: MomentEvent,
  post: RoutedPost | undefined,
): PeerId[] {
  if (event.author !== from || (event.type !== 'mom.like' && event.type !== 'mom.comment'))
    return [];
  if (!post || post.deleted || post.author !== me) return [];
  return (post.viewers ?? []).filter((viewer) => viewer !== from && viewer !== me);
}
