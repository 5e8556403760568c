/**
 * Test helpers for sessions on the in-memory transport: honest nodes with a
 * SessionManager, and a "raw" peer that speaks the handshake by hand so tests
 * can break each rule on purpose. No test-framework imports.
 */
import { generateIdentityKeys, type IdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { MemoryHub } from '../memory/MemoryHub';
import type { MemoryTransport } from '../memory/MemoryTransport';
import type { Channel } from '../transport';
import type { SessionCloseReasonKey } from './closeReasons';
import { MAX_CONTROL_FRAME_BYTES, SESSION_LABEL } from './constants';
import { decodeControlFrame, type ControlFrame } from './frames';
import { authFrame, helloFrame, newNonce, type PinnedPeer } from './handshake';
import { SessionManager } from './SessionManager';
import type { Clock } from '../../lib/clock';

const logger = log('test:sessions');

/** Poll `predicate` until true, or throw after `ms`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  ms = 2000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolve after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An honest node: keys, transport, manager, and what its manager reported. */
export interface TestNode {
  keys: IdentityKeys;
  id: PeerId;
  transport: MemoryTransport;
  manager: SessionManager;
  /** Pinned keys and blocks this node's handshake consults. */
  pins: Map<PeerId, PinnedPeer>;
  ups: PeerId[];
  downs: PeerId[];
  failures: { peer: PeerId; reason: SessionCloseReasonKey | null }[];
  stop(): void;
}

/** A node online on `hub` with a started SessionManager. */
export async function makeNode(
  hub: MemoryHub,
  options: {
    handshakeTimeoutMs?: number;
    raceWindowMs?: number;
    keys?: IdentityKeys;
    keepalive?: { keepaliveMs: number; idleTimeoutMs: number };
    timers?: Clock;
    now?: () => number;
  } = {},
): Promise<TestNode> {
  const keys = options.keys ?? (await generateIdentityKeys());
  const transport = hub.createTransport(keys.id);
  const pins = new Map<PeerId, PinnedPeer>();
  const manager = new SessionManager({
    transport,
    keys,
    lookup: (peer) => Promise.resolve(pins.get(peer) ?? null),
    handshakeTimeoutMs: options.handshakeTimeoutMs,
    raceWindowMs: options.raceWindowMs,
    keepalive: options.keepalive,
    timers: options.timers,
    now: options.now,
  });
  const node: TestNode = {
    keys,
    id: keys.id,
    transport,
    manager,
    pins,
    ups: [],
    downs: [],
    failures: [],
    stop: () => {
      manager.stop();
      transport.destroy();
    },
  };
  manager.on('up', (s) => node.ups.push(s.peer));
  manager.on('down', (peer) => node.downs.push(peer));
  manager.on('failed', (peer, reason) => node.failures.push({ peer, reason }));
  manager.start();
  await waitFor(() => transport.status === 'online', 1000, 'transport online');
  return node;
}

/** Collects a channel's control frames for a raw peer. */
export class FrameLog {
  readonly frames: ControlFrame[] = [];
  closed = false;
  constructor(readonly channel: Channel) {
    channel.on('message', (data) => {
      const frame = decodeControlFrame(data, MAX_CONTROL_FRAME_BYTES);
      if (frame) this.frames.push(frame);
      else logger.debug('raw peer got a non-frame');
    });
    channel.on('closed', () => {
      this.closed = true;
    });
  }

  /** The first frame of `type`, waiting up to `ms`. */
  async next(type: string, ms = 2000): Promise<ControlFrame> {
    let found: ControlFrame | undefined;
    await waitFor(() => (found = this.frames.find((f) => f.type === type)) !== undefined, ms, type);
    return found!;
  }

  /** Send any JSON value as text. */
  send(value: unknown): void {
    this.channel.send(JSON.stringify(value));
  }
}

/** A raw peer: real keys and transport, no manager; dials session channels by hand. */
export async function makeRawPeer(hub: MemoryHub): Promise<{
  keys: IdentityKeys;
  transport: MemoryTransport;
  dial(to: PeerId): Promise<FrameLog>;
}> {
  const keys = await generateIdentityKeys();
  const transport = hub.createTransport(keys.id);
  await waitFor(() => transport.status === 'online', 1000, 'raw transport online');
  return {
    keys,
    transport,
    dial: async (to) => {
      const channel = transport.connect(to, { label: SESSION_LABEL });
      const frames = new FrameLog(channel);
      await channel.opened;
      return frames;
    },
  };
}

/** A raw peer as {@link makeRawPeer} returns it. */
export type RawPeer = Awaited<ReturnType<typeof makeRawPeer>>;

/**
 * Speak an honest handshake on a raw peer's channel: HELLO, then AUTH once the
 * other side's HELLO arrived. Resolves when our AUTH is sent.
 */
export async function rawHandshake(raw: RawPeer, log: FrameLog): Promise<void> {
  const nonce = newNonce();
  log.send(helloFrame(raw.keys.id, raw.keys.publicKeyRaw, nonce));
  const theirs = await log.next('HELLO');
  const fps = await log.channel.fingerprints();
  if (!fps) throw new Error('raw peer: no fingerprints');
  log.send(await authFrame(raw.keys.privateKey, nonce, theirs.nonce as string, fps));
}
