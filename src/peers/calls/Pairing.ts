/**
 * The media link of each pair in a call ([CALL-7], [CALL-8]): once both
 * people are in, the pair is connecting; the smaller PeerId dials, the other
 * answers; the link is bound to the session by its fingerprints (PeerLink)
 * and the pair is connected once verified. A pair that does not get there in
 * CONNECT_TIMEOUT_MS, or whose link breaks, is given up.
 */
import type { MediaLink } from '../media';
import type { CallEndReason } from './api';
import type { CallContext } from './Call';
import { arm, disarm, present, type Person } from './callModel';
import { CONNECT_TIMEOUT_MS, LEAVE_WAIT_MS } from './constants';
import { PeerLink } from './PeerLink';

/** The call as its pairing sees it. */
export interface PairingHost {
  ctx: CallContext;
  call: { readonly id: string; readonly ended: boolean };
  /** The pair's link is verified. */
  connected(p: Person): void;
  /** Give the pair up: tell them and drop them. */
  fail(p: Person, why: string): void;
  /** Drop them without a word (they cannot hear us anyway). */
  drop(p: Person, reason: CallEndReason): void;
}

/** Media links of one call. */
export class Pairing {
  readonly #host: PairingHost;

  constructor(host: PairingHost) {
    this.#host = host;
  }

  /** Both of us are in: set the pair connecting; the smaller PeerId dials. */
  pairUp(p: Person): void {
    const { ctx, call } = this.#host;
    if (!present(p) || p.state === 'connected') return;
    if (p.state === 'ringing' || p.timer === null) {
      p.state = 'connecting';
      arm(ctx.timers, p, CONNECT_TIMEOUT_MS, () =>
        this.#host.fail(p, 'no verified media link in time'),
      );
    }
    if (p.link || !(ctx.me < p.peer)) return;
    const stream = ctx.local.stream;
    if (!stream) return this.#host.fail(p, 'no local media');
    this.#attach(p, ctx.media.call(p.peer, stream, { call: call.id }));
  }

  /** [CALL-7] Answer `link` from `p` (a present person), or say why not. */
  answer(p: Person, link: MediaLink): string | null {
    const { ctx } = this.#host;
    if (!(link.peer < ctx.me)) return 'the other side dials this pair';
    if (p.link && !p.link.link.closed) return 'a link with them exists';
    const stream = ctx.local.stream;
    if (!stream) return 'no local media';
    link.answer(stream);
    this.#attach(p, link);
    if (p.joined) this.pairUp(p);
    return null;
  }

  #attach(p: Person, link: MediaLink): void {
    const { ctx, call } = this.#host;
    const peerLink: PeerLink = new PeerLink(link, {
      call: call.id,
      timers: ctx.timers,
      send: (frame) => ctx.send(p.peer, frame),
      tracks: () => ({ audio: ctx.local.audio, video: ctx.local.video }),
      verified: () => this.#verified(p),
      stream: () => ctx.changed(),
      mismatch: () => this.#host.fail(p, 'fingerprint mismatch'),
      closed: () => this.#closed(p, peerLink),
    });
    p.link = peerLink;
    const early = p.pendingFp;
    p.pendingFp = null;
    if (early?.link === link.id) peerLink.receive(early);
  }

  #verified(p: Person): void {
    if (!present(p) || this.#host.call.ended) return;
    disarm(this.#host.ctx.timers, p);
    p.state = 'connected';
    this.#host.connected(p);
  }

  /** [CALL-6] A link closed by itself: offline, or wait briefly for the LEAVE that explains it. */
  #closed(p: Person, link: PeerLink): void {
    const { ctx, call } = this.#host;
    if (p.link !== link || !present(p) || call.ended) return;
    p.link = null;
    p.speaking = false;
    if (!ctx.hasSession(p.peer)) return this.#host.drop(p, 'offline');
    p.state = 'connecting';
    arm(ctx.timers, p, LEAVE_WAIT_MS, () => this.#host.fail(p, 'media link closed'));
    ctx.changed();
  }
}
