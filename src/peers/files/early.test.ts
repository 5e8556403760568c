/**
 * [FILE-12] A file channel may arrive before its FILE_GET: the request and
 * the channel travel different routes. The author holds such a channel from a
 * friend for a short while, bounded per peer and in all, instead of closing
 * it and leaving the receiver to wait out its setup timeout.
 */
import { describe, expect, it } from 'vitest';
import { PlumeDatabase } from '../../db/db';
import { directConversationId, eventIdOf } from '../../lib/convId';
import type { PeerId } from '../../lib/ids';
import { MemoryChannel } from '../memory/MemoryChannel';
import { MemoryHub, randomPeerId } from '../memory/MemoryHub';
import type { OutgoingFrame } from '../session/frames';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import { waitFor } from '../session/testing';
import { chatPair } from '../sync/testing';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import {
  EARLY_CHANNEL_HOLD_MS,
  FILE_LABEL,
  MAX_EARLY_CHANNELS,
  MAX_EARLY_CHANNELS_PER_PEER,
  SETUP_TIMEOUT_MS,
} from './constants';
import { EarlyChannels } from './EarlyChannels';
import { fileFrames, type FileGetFrame } from './frames';
import { Server } from './Server';
import {
  addFiles,
  frameSpy,
  sha256Hex,
  testBytes,
  untilState,
  type FileInstall,
  type FileTestOptions,
} from './testing';
import { fileTestHooks } from './testHooks';

const { warnings, cleanup } = fileTestHooks();

const warned = (text: string) => warnings.filter((w) => w.includes(text)).length;

/** Ada (the author, on `authorEnv`'s clock) and Bob (real time), friends with file engines. */
async function pair(authorEnv?: FakeEnvironment) {
  const { a, b, conv } = await chatPair(new MemoryHub());
  const options: FileTestOptions = { autoDownload: () => true };
  const made = { a: addFiles(a, { ...options, env: authorEnv }), b: addFiles(b, options), conv };
  cleanup.push(
    () => made.a.stop(),
    () => made.b.stop(),
  );
  return made;
}

/**
 * Route Bob's FILE_GETs to Ada through `route`, which sends each (`send`) now,
 * later or never. Ada's file engine has handled an inbound channel before
 * `channelSeen` hears of it (its listener came first).
 */
function routeGets(
  a: FileInstall,
  b: FileInstall,
  route: (frame: FileGetFrame, send: () => boolean) => boolean,
  channelSeen: (tag: unknown) => void = () => undefined,
): void {
  const session = b.engine.manager.session(a.id)!;
  const send = session.send.bind(session);
  session.send = (frame) => {
    if (frame.type !== 'FILE_GET') return send(frame);
    return route(frame as FileGetFrame, () => send(frame));
  };
  cleanup.push(a.transport.onChannel(FILE_LABEL, (channel) => channelSeen(channel.metadata.ch)));
}

/** Every FILE_GET of Bob reaches Ada only after its channel did: the channel wins each race. */
function channelFirst(a: FileInstall, b: FileInstall): void {
  const waiting = new Map<unknown, () => boolean>();
  routeGets(
    a,
    b,
    (frame, send) => {
      waiting.set(frame.ch, send);
      return true;
    },
    (tag) => {
      waiting.get(tag)?.();
      waiting.delete(tag);
    },
  );
}

/** A well-formed channel tag nobody asked for. */
const STRAY_TAG = 'AAAAAAAAAAAAAAAAAAAAAA';
const tagNo = (n: number) => `T${String(n).padStart(21, '0')}`;

describe('a file channel that arrives before its request', () => {
  it('[FILE-12] is held, and served as soon as its FILE_GET comes: one pull, no retry', async () => {
    const { a, b, conv } = await pair();
    const gets = frameSpy(a, 'FILE_GET');
    channelFirst(a, b);
    const bytes = testBytes(300_000, 61);
    const body = await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    // Far sooner than a refused channel's retry, let alone the setup timeout.
    await untilState(b, id, 'ready', 3_000);
    expect(gets.length).toBe(1);
    expect(warned('refusing a file channel')).toBe(0);
    const blob = await b.files.open(id);
    expect(await sha256Hex(await blob!.arrayBuffer())).toBe(body.sha256);
  });

  it('[FILE-12] a friend’s channel whose FILE_GET never comes is closed after the hold time', async () => {
    const clock = new FakeEnvironment();
    const { a, b } = await pair(clock);
    const channel = b.transport.connect(a.id, { label: FILE_LABEL, metadata: { ch: STRAY_TAG } });
    await channel.opened;
    await clock.advance(EARLY_CHANNEL_HOLD_MS - 1);
    expect(channel.state).toBe('open');
    await clock.advance(1);
    await waitFor(() => channel.state === 'closed', 1_000, 'the held channel closed');
    expect(warned('its FILE_GET never came')).toBe(1);
  });

  it('[FILE-12] when a held channel expires, the receiver asks again at once, not after its setup timeout', async () => {
    const clock = new FakeEnvironment();
    const { a, b, conv } = await pair(clock);
    const gets = frameSpy(a, 'FILE_GET');
    // The first request is lost on the way; later ones go through.
    let asked = 0;
    let channels = 0;
    routeGets(
      a,
      b,
      (_frame, send) => (asked++ === 0 ? true : send()),
      () => channels++,
    );
    const bytes = testBytes(200_000, 62);
    await a.files.send(conv, new Blob([bytes]), 'x.bin');
    const id = eventIdOf(conv, a.id, 1);
    await waitFor(() => channels === 1, 3_000, 'the first channel, held');
    await clock.advance(EARLY_CHANNEL_HOLD_MS);
    expect(warned('its FILE_GET never came')).toBe(1);
    await untilState(b, id, 'ready', SETUP_TIMEOUT_MS / 4);
    expect(gets.length).toBe(1);
  });

  it('[FILE-12] a friend’s early channels are capped per peer, and a second channel for a tag is refused', async () => {
    const clock = new FakeEnvironment();
    const { a, b } = await pair(clock);
    const dial = (ch: string) => b.transport.connect(a.id, { label: FILE_LABEL, metadata: { ch } });
    const held = Array.from({ length: MAX_EARLY_CHANNELS_PER_PEER }, (_, n) => dial(tagNo(n)));
    await Promise.all(held.map((c) => c.opened));
    const extra = dial(tagNo(MAX_EARLY_CHANNELS_PER_PEER));
    const twin = dial(tagNo(0));
    await Promise.allSettled([extra.opened, twin.opened]);
    await waitFor(() => extra.state === 'closed' && twin.state === 'closed', 1_000, 'refusals');
    expect(warned('too many early channels')).toBe(1);
    expect(warned('second channel for its tag')).toBe(1);
    expect(held.every((c) => c.state === 'open')).toBe(true);
    // A held channel that its dialler closes frees its place at once.
    held[0]!.close();
    const next = dial(tagNo(99));
    await next.opened;
    expect(next.state).toBe('open');
    await clock.advance(EARLY_CHANNEL_HOLD_MS);
    await waitFor(() => [...held.slice(1), next].every((c) => c.state === 'closed'), 1_000, 'all');
  });
});

/** A file channel from `peer`, tagged `ch`, not wired to anything. */
function inbound(peer: PeerId, ch: string): MemoryChannel {
  const init = {
    id: `mc_${peer}_${ch}`,
    peer,
    label: FILE_LABEL,
    metadata: { ch },
    outbound: false,
  };
  return new MemoryChannel(init, { latencyMs: 0, bytesPerTick: Infinity });
}

describe('the early channels held (unit)', () => {
  it('[FILE-12] at most MAX_EARLY_CHANNELS in all, whatever the number of friends', () => {
    const early = new EarlyChannels(new FakeEnvironment());
    const friends = Array.from({ length: MAX_EARLY_CHANNELS + 1 }, () => randomPeerId());
    const results = friends.map((peer) => early.hold(STRAY_TAG, inbound(peer, STRAY_TAG)));
    expect(results.slice(0, MAX_EARLY_CHANNELS).every((r) => r === null)).toBe(true);
    expect(results[MAX_EARLY_CHANNELS]).toBe('too many early channels');
    expect(early.size).toBe(MAX_EARLY_CHANNELS);
  });

  it('[FILE-12] held until taken or expired; the timer is the injected clock', async () => {
    const clock = new FakeEnvironment();
    const early = new EarlyChannels(clock);
    const peer = randomPeerId();
    const taken = inbound(peer, tagNo(1));
    const expiring = inbound(peer, tagNo(2));
    expect(early.hold(tagNo(1), taken)).toBeNull();
    expect(early.hold(tagNo(2), expiring)).toBeNull();
    // Only its own dialler's request takes a channel.
    expect(early.take(randomPeerId(), tagNo(1))).toBeNull();
    expect(early.take(peer, tagNo(1))).toBe(taken);
    await clock.advance(EARLY_CHANNEL_HOLD_MS - 1);
    expect(expiring.state).not.toBe('closed');
    await clock.advance(1);
    expect(expiring.state).toBe('closed');
    expect(taken.state).not.toBe('closed');
    expect(early.size).toBe(0);
    expect(clock.nextDelay()).toBeNull();
  });

  it('[FILE-12] clear() closes every held channel and leaves no timer', () => {
    const clock = new FakeEnvironment();
    const early = new EarlyChannels(clock);
    const channels = [inbound(randomPeerId(), tagNo(1)), inbound(randomPeerId(), tagNo(2))];
    for (const c of channels) early.hold(c.metadata.ch as string, c);
    early.clear();
    expect(channels.every((c) => c.state === 'closed')).toBe(true);
    expect(early.size).toBe(0);
    expect(clock.nextDelay()).toBeNull();
  });
});

describe('the server with early channels (unit)', () => {
  /** A server for `me` whose friends `peers` have live sessions; what it sends is kept. */
  function server(me: PeerId, peers: PeerId[]) {
    const sent: OutgoingFrame[] = [];
    const sessions = new Map(
      peers.map((peer) => {
        const session = { peer, send: (f: OutgoingFrame) => sent.push(f) > 0 };
        return [peer, session as unknown as Session];
      }),
    );
    const manager = { session: (peer: PeerId) => sessions.get(peer) ?? null };
    const db = new PlumeDatabase(`test-early-${crypto.randomUUID()}`);
    const s = new Server({
      db,
      groups: null,
      manager: manager as unknown as SessionManager,
      me,
      env: new FakeEnvironment(),
      sendsSettled: () => Promise.resolve(),
      active: () => undefined,
      acked: () => undefined,
      ended: () => undefined,
    });
    cleanup.push(() => s.stop());
    return { s, sent, session: (peer: PeerId) => sessions.get(peer)! };
  }

  it('[FILE-2] a channel with another friend’s tag, or a second one for a request, is still refused at once', async () => {
    const [me, bob, cy] = [randomPeerId(), randomPeerId(), randomPeerId()];
    const { s, sent, session } = server(me, [bob, cy]);
    const id = eventIdOf(directConversationId(me, bob), me, 1);
    const tag = tagNo(7);
    s.onGet(session(bob), fileFrames.get(id, tag, 0, true));
    // The request is being checked: its tag is known, and only Bob's first channel fits it.
    const guessed = inbound(cy, tag);
    const bobs = inbound(bob, tag);
    const second = inbound(bob, tag);
    s.onChannel(guessed);
    s.onChannel(bobs);
    s.onChannel(second);
    expect([guessed.state, bobs.state, second.state]).toEqual(['closed', 'connecting', 'closed']);
    expect(warned('no matching request')).toBe(2);
    // No such file: refused, and the channel that came for it goes too.
    await waitFor(() => sent.length > 0, 2_000, 'FILE_NO');
    expect(sent[0]).toMatchObject({ type: 'FILE_NO', ch: tag, reason: 'unknown' });
    expect(bobs.state).toBe('closed');
  });

  it('[FILE-12] a held channel goes to the FILE_GET of its dialler, and with its refusal', async () => {
    const [me, bob] = [randomPeerId(), randomPeerId()];
    const { s, sent, session } = server(me, [bob]);
    const tag = tagNo(8);
    const early = inbound(bob, tag);
    s.onChannel(early);
    expect(early.state).toBe('connecting');
    const id = eventIdOf(directConversationId(me, bob), me, 1);
    s.onGet(session(bob), fileFrames.get(id, tag, 0, true));
    await waitFor(() => sent.length > 0, 2_000, 'FILE_NO');
    expect(sent[0]).toMatchObject({ type: 'FILE_NO', ch: tag, reason: 'unknown' });
    expect(early.state).toBe('closed');
    expect(warned('refusing a file channel')).toBe(0);
  });

  it('[FILE-2] a stranger’s channel is never held', () => {
    const { s } = server(randomPeerId(), []);
    const stranger = inbound(randomPeerId(), STRAY_TAG);
    s.onChannel(stranger);
    expect(stranger.state).toBe('closed');
    expect(warned('no authenticated session')).toBe(1);
  });
});
