/**
 * [MOM-2] Whether a moments event belongs in the log it arrived in: the log is the pair's, the
 * author is one of the pair, a like or comment is addressed to the post's author, and a forward
 * carries a friend's event on the forwarder's own post. Signatures are checked elsewhere
 * (src/peers/moments); this is the part that needs no key. Pure.
 */
import type { PeerId } from '../ids';
import type { MomentEvent } from './events';
import { momentsLogId } from './logId';

/** Why an event is refused for its log, or null when it belongs there. */
export type AddressError = 'log' | 'author' | 'addressee' | 'forward';

/** [MOM-2] Check `event`, arrived in the moments log of `me` and `peer`. */
export function addressError(event: MomentEvent, me: PeerId, peer: PeerId): AddressError | null {
  if (event.conv !== momentsLogId(me, peer)) return 'log';
  if (event.author !== me && event.author !== peer) return 'author';
  const pair = (id: PeerId) => id === me || id === peer;
  switch (event.type) {
    case 'mom.like':
    case 'mom.comment': {
      const { post } = (event as MomentEvent<'mom.like' | 'mom.comment'>).body;
      return pair(post.author) ? null : 'addressee';
    }
    case 'mom.fwd': {
      const inner = (event as MomentEvent<'mom.fwd'>).body.event;
      const writer = inner.author;
      // The forwarder passes on what a third person wrote to it about its own post.
      const ok =
        inner.body.post.author === event.author &&
        writer !== event.author &&
        writer !== peer &&
        writer !== me &&
        inner.conv === momentsLogId(writer, event.author);
      return ok ? null : 'forward';
    }
    default:
      return null;
  }
}
