import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import type { Channel } from '../transport';
import { MAX_PENDING_HANDSHAKES, MAX_STRANGER_SESSIONS, SESSION_LABEL } from './constants';
import type { FrameLog } from './testing';
import {
  makeNode,
  makeRawPeer,
  rawHandshake,
  waitFor,
  type RawPeer,
  type TestNode,
} from './testing';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

async function setup(): Promise<{ hub: MemoryHub; target: TestNode }> {
  cleanup.push(setLogSink(() => undefined));
  const hub = new MemoryHub();
  const target = await makeNode(hub);
  cleanup.push(() => target.stop());
  return { hub, target };
}

async function rawPeer(hub: MemoryHub): Promise<RawPeer> {
  const raw = await makeRawPeer(hub);
  cleanup.push(() => raw.transport.destroy());
  return raw;
}

function busy(node: TestNode, peer: PeerId): number {
  return node.failures.filter((f) => f.peer === peer && f.reason === 'busy').length;
}

describe('session limits [SES-13]', () => {
  it('[SES-13] inbound handshakes beyond the cap are refused with busy; a freed slot is reused', async () => {
    const { hub, target } = await setup();
    // Silent channels: each sits in the handshake until its timeout. A few per stranger, so the
    // transport's own per-stranger budget ([ADM-4]) is not what refuses them.
    const silent: Channel[] = [];
    let raw = await rawPeer(hub);
    for (let i = 0; i < MAX_PENDING_HANDSHAKES; i++) {
      if (i % 4 === 0) raw = await rawPeer(hub);
      const channel = raw.transport.connect(target.id, { label: SESSION_LABEL });
      await channel.opened;
      silent.push(channel);
    }
    const late = await rawPeer(hub);
    const extra = late.transport.connect(target.id, { label: SESSION_LABEL });
    await expect(extra.opened).rejects.toBeInstanceOf(TransportError);
    expect(busy(target, late.keys.id)).toBe(1);
    expect(silent.every((c) => c.state === 'open')).toBe(true);
    silent[0]!.close();
    await waitFor(() => target.failures.length === 2);
    const again = await late.dial(target.id);
    await again.next('HELLO');
    expect(busy(target, late.keys.id)).toBe(1);
  });

  it('[SES-13] strangers filling the handshake slots cannot keep a friend out', async () => {
    const { hub, target } = await setup();
    let raw = await rawPeer(hub);
    for (let i = 0; i < MAX_PENDING_HANDSHAKES; i++) {
      if (i % 4 === 0) raw = await rawPeer(hub);
      await raw.transport.connect(target.id, { label: SESSION_LABEL }).opened;
    }
    const friend = await rawPeer(hub);
    target.transport.trust([friend.keys.id]);
    const log = await friend.dial(target.id);
    await log.next('HELLO');
    expect(busy(target, friend.keys.id)).toBe(0);
    // A stranger still is refused.
    const late = await rawPeer(hub);
    await expect(
      late.transport.connect(target.id, { label: SESSION_LABEL }).opened,
    ).rejects.toBeInstanceOf(TransportError);
    expect(busy(target, late.keys.id)).toBe(1);
  });

  it('[SES-13] stranger sessions beyond the cap close with busy; friends and promoted peers do not count', async () => {
    const { hub, target } = await setup();
    const strangers: { raw: RawPeer; log: FrameLog }[] = [];
    for (let i = 0; i < MAX_STRANGER_SESSIONS; i++) {
      const raw = await rawPeer(hub);
      const log = await raw.dial(target.id);
      await rawHandshake(raw, log);
      strangers.push({ raw, log });
    }
    await waitFor(() => target.ups.length === MAX_STRANGER_SESSIONS);
    expect(target.manager.strangerCount).toBe(MAX_STRANGER_SESSIONS);

    const late = await rawPeer(hub);
    const lateLog = await late.dial(target.id);
    await rawHandshake(late, lateLog);
    await waitFor(() => lateLog.closed);
    expect(busy(target, late.keys.id)).toBe(1);
    expect(target.ups).not.toContain(late.keys.id);

    // A peer with a pinned key is no stranger: it still gets in.
    const friend = await rawPeer(hub);
    target.pins.set(friend.keys.id, { pub: friend.keys.publicKeyRaw, blocked: false });
    await rawHandshake(friend, await friend.dial(target.id));
    await waitFor(() => target.ups.includes(friend.keys.id));

    // A stranger that got a record mid-session frees its slot.
    target.manager.session(strangers[0]!.raw.keys.id)!.markKnown();
    const next = await rawPeer(hub);
    await rawHandshake(next, await next.dial(target.id));
    // Refusals come when the channel arrives or when it authenticates, so before it is up.
    await waitFor(() => target.ups.includes(next.keys.id));
    expect(busy(target, next.keys.id)).toBe(0);
  });
});
