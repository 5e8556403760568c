/**
 * File channels that came before their FILE_GET. The receiver sends the
 * request on the session and dials at once; the two travel different routes
 * and session frames are handled one at a time, so the channel may win. Such
 * a channel is held for EARLY_CHANNEL_HOLD_MS, waiting for its request, then
 * closed. Only friends with a live session get here (the server checks), and
 * the caps bound what even a friend can make us hold. Spec: docs/protocol.md
 * [FILE-12].
 */
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { Channel, Unsubscribe } from '../transport';
import {
  EARLY_CHANNEL_HOLD_MS,
  MAX_EARLY_CHANNELS,
  MAX_EARLY_CHANNELS_PER_PEER,
} from './constants';
import type { Clock, TimerHandle } from '../../lib/clock';

const logger = log('peers:files:early');

/** Why a channel could not be held: the server closes it and logs this. */
export type NotHeld = 'second channel for its tag' | 'too many early channels';

interface Held {
  channel: Channel;
  timer: TimerHandle;
  off: Unsubscribe;
}

/** Channels waiting for their FILE_GET, per peer and tag. */
export class EarlyChannels {
  readonly #env: Clock;
  readonly #byPeer = new Map<PeerId, Map<string, Held>>();
  #count = 0;

  constructor(env: Clock) {
    this.#env = env;
  }

  /** Channels held now (all peers). */
  get size(): number {
    return this.#count;
  }

  /** Hold `channel` (tagged `tag`) until its request comes; null when held, else why not. */
  hold(tag: string, channel: Channel): NotHeld | null {
    const tags = this.#byPeer.get(channel.peer) ?? new Map<string, Held>();
    if (tags.has(tag)) return 'second channel for its tag';
    if (tags.size >= MAX_EARLY_CHANNELS_PER_PEER || this.#count >= MAX_EARLY_CHANNELS) {
      return 'too many early channels';
    }
    const held: Held = {
      channel,
      timer: this.#env.setTimeout(() => this.#expire(channel.peer, tag), EARLY_CHANNEL_HOLD_MS),
      // The dialler gave up (its pull ended): the slot is free again.
      off: channel.on('closed', () => {
        this.take(channel.peer, tag);
      }),
    };
    tags.set(tag, held);
    this.#byPeer.set(channel.peer, tags);
    this.#count++;
    logger.debug('holding a file channel from', channel.peer, 'until its FILE_GET comes');
    return null;
  }

  /** The channel `peer` opened with `tag`, if held; it is no longer held. */
  take(peer: PeerId, tag: string): Channel | null {
    const tags = this.#byPeer.get(peer);
    const held = tags?.get(tag);
    if (!tags || !held) return null;
    tags.delete(tag);
    if (tags.size === 0) this.#byPeer.delete(peer);
    this.#count--;
    this.#env.clearTimeout(held.timer);
    held.off();
    return held.channel;
  }

  /** Close every held channel (the engine stops). */
  clear(): void {
    for (const [peer, tags] of [...this.#byPeer]) {
      for (const tag of [...tags.keys()]) this.take(peer, tag)?.close();
    }
  }

  #expire(peer: PeerId, tag: string): void {
    const channel = this.take(peer, tag);
    if (!channel) return;
    // Closing tells the receiver, whose pull then tries again soon ([FILE-5]).
    logger.warn('closing a file channel from', peer, '(its FILE_GET never came)');
    channel.close();
  }
}
