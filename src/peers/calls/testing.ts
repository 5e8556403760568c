/**
 * Test helpers: chat installs (real sessions on the memory transport, real
 * SyncEngine and database) that are all friends with each other, each with a
 * CallEngine on fake media and fake devices. No test-framework imports.
 */
import { ensureConv } from '../../db/convsRepo';
import { directConversationId } from '../../lib/convId';
import type { ConversationId, PeerId } from '../../lib/ids';
import { befriend } from '../friends/testing';
import type { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import type { SignalingEnvironment } from '../signalingLifecycle';
import { makeChatInstall, type ChatInstall } from '../sync/testing';
import type { CallPhase, CallSnapshot } from './api';
import { CallEngine } from './CallEngine';
import { FakeDevices, FakeMediaHub, fakeStreamOf, type FakeMediaTransport } from './fakeMedia';

/** An install with a call engine on fake media. */
export interface CallNode extends ChatInstall {
  calls: CallEngine;
  devices: FakeDevices;
  media: FakeMediaTransport;
  /** Every snapshot the engine emitted. */
  snapshots: CallSnapshot[];
  /** Every `logged` event. */
  logged: { peer: PeerId; outcome: string }[];
}

/** Options of {@link callNodes}. */
export interface CallNodeOptions {
  ringTimeoutMs?: number;
  env?: SignalingEnvironment;
  /** The engines' clock (default: Date.now() plus the install's offset). */
  now?: () => number;
}

/** Make every pair of `installs` friends with a direct conversation row. */
export async function befriendAll(installs: ChatInstall[]): Promise<void> {
  for (let i = 0; i < installs.length; i++) {
    for (let j = i + 1; j < installs.length; j++) {
      const a = installs[i]!;
      const b = installs[j]!;
      await befriend(a, b);
      const conv = directConversationId(a.id, b.id);
      await ensureConv(a.db, { conv, peer: b.id, members: [a.id, b.id] }, Date.now());
      await ensureConv(b.db, { conv, peer: a.id, members: [a.id, b.id] }, Date.now());
      a.sync.resync(b.id);
      b.sync.resync(a.id);
    }
  }
}

/** Give `install` a started call engine on `media`. */
export function addCalls(
  install: ChatInstall,
  media: FakeMediaHub,
  options: CallNodeOptions = {},
): CallNode {
  const node = install as CallNode;
  node.devices = new FakeDevices();
  node.media = media.transport(install.id);
  node.snapshots = [];
  node.logged = [];
  node.calls = new CallEngine({
    manager: install.engine.manager,
    media: node.media,
    keys: install.keys,
    sync: install.sync,
    groups: install.directory,
    devices: node.devices,
    createStream: fakeStreamOf,
    ringTimeoutMs: options.ringTimeoutMs,
    env: options.env,
    now: options.now ?? (() => Date.now() + install.clockOffset),
  });
  node.calls.on('changed', (s) => node.snapshots.push(s));
  node.calls.on('logged', (peer, outcome) => node.logged.push({ peer, outcome }));
  node.calls.start();
  const stop = install.stop.bind(install);
  node.stop = () => {
    node.calls.stop();
    stop();
  };
  return node;
}

/** `names.length` installs, all friends, each with a call engine. */
export async function callNodes(
  hub: MemoryHub,
  names: string[],
  options: CallNodeOptions = {},
): Promise<{ nodes: CallNode[]; media: FakeMediaHub }> {
  const media = new FakeMediaHub();
  const installs: ChatInstall[] = [];
  for (const name of names) installs.push(await makeChatInstall(hub, name));
  await befriendAll(installs);
  return { nodes: installs.map((i) => addCalls(i, media, options)), media };
}

/** Wait until `node`'s call reaches `phase`. */
export async function untilPhase(node: CallNode, phase: CallPhase, ms = 3000): Promise<void> {
  await waitFor(
    () => node.calls.snapshot.phase === phase,
    ms,
    `${node.name} in phase ${phase} (is ${node.calls.snapshot.phase})`,
  );
}

/** The participant `peer` in `node`'s snapshot. */
export function participant(node: CallNode, peer: PeerId) {
  return node.calls.snapshot.participants.find((p) => p.peer === peer) ?? null;
}

/**
 * [GCALL-3] A group of `names.length` installs whose handshakes take members' keys from their
 * rosters: the first (the creator) is friends with everyone, no one else is friends with anyone,
 * and every pair holds a session (roster-keyed between members who are not friends), as the mesh
 * of a small group makes them, except that those named in `apart` have a session with the
 * creator only. Each install has a call engine on fake media.
 */
export async function groupCallNodes(
  hub: MemoryHub,
  names: string[],
  options: CallNodeOptions = {},
  apart: ReadonlySet<string> = new Set(),
): Promise<{ nodes: CallNode[]; media: FakeMediaHub; conv: ConversationId }> {
  const media = new FakeMediaHub();
  const installs: ChatInstall[] = [];
  for (const name of names) installs.push(await makeChatInstall(hub, name, { roster: true }));
  const [owner, ...others] = installs as [ChatInstall, ...ChatInstall[]];
  for (const other of others) await befriend(owner, other);
  const conv = await owner.groups.create(
    'Club',
    others.map((o) => o.id),
  );
  for (const install of installs) {
    await waitFor(
      async () =>
        Object.keys((await install.groups.view(conv))?.members ?? {}).length === installs.length,
      4000,
      `${install.name} holds every member`,
    );
  }
  for (let i = 0; i < others.length; i++) {
    for (let j = i + 1; j < others.length; j++) {
      const [x, y] = [others[i]!, others[j]!];
      if (apart.has(x.name) || apart.has(y.name)) continue;
      x.engine.manager.dial(y.id);
      await waitFor(
        () =>
          x.engine.manager.session(y.id)?.rosterKeyed === true &&
          y.engine.manager.session(x.id)?.rosterKeyed === true,
        4000,
        `${x.name} and ${y.name} in session over the group`,
      );
    }
  }
  return { nodes: installs.map((i) => addCalls(i, media, options)), media, conv };
}
