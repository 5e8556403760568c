/**
 * Transfer bench harness (bench only, never in dist/): Plume's real engines on the real
 * transport, exposed on `window.plumeTransfer` for bench/transfer.bench.mjs. It runs in a page of
 * the same origin as the app (the app's IndexedDB, identity and friends), while no app page of
 * that install is open, and builds what the app builds: a PeerJsTransport to the worker, the
 * FriendsEngine (authenticated sessions), the chat SyncEngine and the FileEngine. Sending a file
 * goes through `FileEngine.send` (chunking, hashing, storing, the signed event) and receiving
 * through the engine's pull (own channel, fingerprint binding, checks, IndexedDB).
 *
 * The group case adds the roster directory and the group actions, so a group's file is pulled
 * from any member who holds it ([GFILE-3]).
 *
 * The baseline is a plain RTCDataChannel between the same two pages, signalled by hand through
 * the bench, moving the same bytes with the same message size and backpressure style.
 */
import { createSHA256 } from 'hash-wasm';
import { ensureConv as ensureConvRow } from '../../src/db/convsRepo';
import { getDb } from '../../src/db/db';
import { getIdentity } from '../../src/db/identityRepo';
import { directConversationId } from '../../src/lib/convId';
import type { ConversationId, EventId, PeerId } from '../../src/lib/ids';
import { setLogFilter } from '../../src/lib/log';
import { signToken } from '../../src/lib/signalToken';
import { signalingServerFromLocation } from '../../src/peers/config';
import type { FileProgress } from '../../src/peers/files/api';
import {
  CHUNK_BYTES,
  GENTLE_START_BYTES,
  HIGH_WATER_BYTES,
  LOW_WATER_BYTES,
} from '../../src/peers/files/constants';
import { FileEngine } from '../../src/peers/files/FileEngine';
import { FriendsEngine } from '../../src/peers/friends/FriendsEngine';
import { GroupsEngine } from '../../src/peers/groups/GroupsEngine';
import { RosterDirectory } from '../../src/peers/groups/RosterDirectory';
import { PeerJsTransport } from '../../src/peers/peerjs/PeerJsTransport';
import { SyncEngine } from '../../src/peers/sync/SyncEngine';
import {
  rawAnswer,
  rawClose,
  rawOffer,
  rawReceived,
  rawSend,
  type Backpressure,
} from './transferRaw';

const MIB = 1024 * 1024;

interface Running {
  transport: PeerJsTransport;
  friends: FriendsEngine;
  sync: SyncEngine;
  files: FileEngine;
  directory: RosterDirectory;
  groups: GroupsEngine;
}

let running: Running | null = null;
/** The file this page generated (sender), kept for the baseline too. */
let source: Blob | null = null;
/** FILE_GETs this page answered: from whom (the group case tells which holders served). */
const gets: { from: PeerId; chunk: number }[] = [];
/** Progress of every file on this page, with when (performance.now()). */
const seen: { at: number; p: FileProgress }[] = [];

function engines(): Running {
  if (!running) throw new Error('start() first');
  return running;
}

/**
 * Start Plume's engines on this page; resolves with my id once signaling is online. With
 * `ask`, files wait for `accept` instead of coming at once.
 */
async function start(ask = false): Promise<PeerId> {
  // BENCH_TRANSFER_DEBUG: the engine's debug log in the page console (the bench prints it).
  if (new URLSearchParams(location.search).has('debug')) setLogFilter('peers:files*');
  const keys = await getIdentity();
  if (!keys) throw new Error('no identity in this install');
  const db = getDb();
  const transport = new PeerJsTransport({
    id: keys.id,
    signToken: () => signToken(keys.id, keys.privateKey, keys.publicKeyRaw),
    server: signalingServerFromLocation(location),
    // Loopback only: host candidates, no STUN or TURN to wait for.
    iceServers: [],
  });
  const directory = new RosterDirectory(db, keys.id);
  const friends = new FriendsEngine({ transport, keys, db, groups: directory });
  const sync = new SyncEngine({ manager: friends.manager, keys, db, groups: directory });
  const groups = new GroupsEngine({ db, keys, directory, sync });
  const files = new FileEngine({
    manager: friends.manager,
    transport,
    keys,
    db,
    sync,
    autoDownload: () => !ask,
    groups: directory,
  });
  files.on('progress', (p) => seen.push({ at: performance.now(), p }));
  friends.manager.on('up', (session) =>
    session.on('frame', (frame) => {
      if (frame.type === 'FILE_GET') {
        gets.push({ from: session.peer, chunk: Number(frame.from) });
      }
    }),
  );
  friends.start();
  sync.start();
  files.start();
  running = { transport, friends, sync, files, directory, groups };
  await until(() => transport.status === 'online', 30_000, 'signaling online');
  return keys.id;
}

async function until(test: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!test()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Wait for an authenticated session with `peer`. */
async function waitPeer(peer: PeerId, ms: number): Promise<void> {
  const { friends } = engines();
  await until(() => friends.manager.session(peer) !== null, ms, `session with ${peer}`);
}

/** A group of me and these friends; its id. */
function createGroup(name: string, peers: PeerId[]): Promise<ConversationId> {
  return engines().groups.create(name, peers);
}

/** Wait until this install holds `conv` with `members` members. */
async function waitGroup(conv: ConversationId, members: number, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  for (;;) {
    const fold = await engines().directory.fold(conv);
    if (fold && Object.keys(fold.members).length === members) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for group ${conv}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The receive records asked about so far (files found with `ask`). */
function asked(): EventId[] {
  const ids = seen.filter((s) => s.p.state === 'ask').map((s) => s.p.id);
  return [...new Set(ids)];
}

/** Fetch a file found with `ask`. */
function accept(id: EventId): Promise<void> {
  return engines().files.accept(id);
}

/** The direct conversation row with `peer` (what opening the chat does). */
async function ensureConv(peer: PeerId): Promise<ConversationId> {
  const self = (await getIdentity())!;
  const conv = directConversationId(self.id, peer);
  const members = [self.id, peer].sort();
  await ensureConvRow(getDb(), { conv, peer, members }, Date.now());
  return conv;
}

/**
 * Make `mb` MiB of pseudo-random bytes as a Blob built from 1 MiB parts (each part leaves JS
 * memory once it is in the Blob). Returns its SHA-256, computed here, independently of Plume.
 */
async function makeSource(mb: number, seed: number): Promise<{ sha256: string; ms: number }> {
  const started = performance.now();
  const base = new Uint8Array(MIB);
  for (let at = 0; at < MIB; at += 65_536) crypto.getRandomValues(base.subarray(at, at + 65_536));
  const hasher = await createSHA256();
  const parts: Blob[] = [];
  for (let i = 0; i < mb; i++) {
    const part = base.slice();
    const view = new DataView(part.buffer);
    // Every MiB differs from the others.
    for (let k = 0; k < 64; k++) view.setUint32(k * 16_384, (seed * 7919 + i * 64 + k) >>> 0);
    hasher.update(part);
    parts.push(new Blob([part]));
  }
  source = new Blob(parts, { type: 'application/octet-stream' });
  return { sha256: hasher.digest('hex'), ms: performance.now() - started };
}

/** Send the source through Plume: store, hash, append the event. */
async function sendSource(conv: ConversationId): Promise<{ prepareMs: number; sha256: string }> {
  if (!source) throw new Error('makeSource() first');
  const started = performance.now();
  const body = await engines().files.send(conv, source, 'bench.bin');
  return { prepareMs: performance.now() - started, sha256: body.sha256 };
}

/** Resolves once the receiver's channel is bound (bytes flow from now on). */
async function waitActive(ms: number): Promise<void> {
  await until(
    () => seen.some((s) => s.p.state === 'active' && s.p.direction === 'receive'),
    ms,
    'active',
  );
}

/** When the receiver found the file, when bytes began to flow, when it was verified and ready. */
async function waitReady(ms: number): Promise<{
  id: EventId;
  foundAt: number;
  activeAt: number;
  readyAt: number;
  bytes: number;
  timeline: [number, number][];
}> {
  await until(
    () => seen.some((s) => s.p.state === 'ready' && s.p.direction === 'receive'),
    ms,
    'ready',
  );
  const ready = seen.find((s) => s.p.state === 'ready' && s.p.direction === 'receive')!;
  const mine = seen.filter((s) => s.p.id === ready.p.id);
  const found = mine[0]!;
  const active = mine.find((s) => s.p.state === 'active') ?? found;
  const failed = mine.find((s) => s.p.state === 'failed');
  if (failed) throw new Error(`transfer failed: ${failed.p.error}`);
  return {
    id: ready.p.id,
    foundAt: found.at,
    activeAt: active.at,
    readyAt: ready.at,
    bytes: ready.p.bytes,
    timeline: mine.map((s) => [Math.round(s.at - active.at), s.p.bytes]),
  };
}

/** The receiver's states so far (for a failure report). */
function states(): string[] {
  return seen.map((s) => `${Math.round(s.at)} ${s.p.direction} ${s.p.state} ${s.p.bytes}`);
}

/** SHA-256 of the file as the receiver opens it (read back from IndexedDB). */
async function openedHash(id: EventId): Promise<{ sha256: string; size: number; ms: number }> {
  const started = performance.now();
  const blob = await engines().files.open(id);
  if (!blob) throw new Error('not ready');
  const hasher = await createSHA256();
  for (let at = 0; at < blob.size; at += 8 * MIB) {
    hasher.update(new Uint8Array(await blob.slice(at, at + 8 * MIB).arrayBuffer()));
  }
  return { sha256: hasher.digest('hex'), size: blob.size, ms: performance.now() - started };
}

function stop(): void {
  if (!running) return;
  running.files.stop();
  running.sync.stop();
  running.directory.close();
  running.friends.stop();
  running.transport.destroy();
  running = null;
}

const api = {
  ready: true,
  chunkBytes: CHUNK_BYTES,
  start,
  waitPeer,
  ensureConv,
  createGroup,
  waitGroup,
  asked,
  accept,
  gets: () => gets,
  makeSource,
  sendSource,
  waitActive,
  waitReady,
  states,
  openedHash,
  stop,
  rawOffer,
  rawAnswer,
  rawReceived,
  /** Plume's sender backpressure (the baseline uses the same unless told otherwise). */
  backpressure: {
    high: HIGH_WATER_BYTES,
    low: LOW_WATER_BYTES,
    gentle: GENTLE_START_BYTES,
  } satisfies Backpressure,
  rawSend: (answerSdp: string, messageBytes: number, backpressure: Backpressure) => {
    if (!source) throw new Error('makeSource() first');
    return rawSend(source, answerSdp, messageBytes, backpressure);
  },
  rawClose,
};

export type PlumeTransferBench = typeof api;

declare global {
  interface Window {
    plumeTransfer?: PlumeTransferBench;
  }
}

window.plumeTransfer = api;
