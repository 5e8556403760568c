import { describe, expect, it } from 'vitest';
import { ensureConv } from '../../db/convsRepo';
import { allChunks } from '../../db/filesRepo';
import { directConversationId } from '../../lib/convId';
import type { ConversationId, EventId } from '../../lib/ids';
import { befriend } from '../friends/testing';
import { MemoryHub } from '../memory/MemoryHub';
import type { ControlFrame } from '../session/frames';
import { waitFor } from '../session/testing';
import { makeChatInstall, type ChatInstall } from '../sync/testing';
import { fileFrames } from './frames';
import {
  addFiles,
  fileRow,
  frameSpy,
  sha256Hex,
  testBytes,
  untilFile,
  untilState,
  type FileInstall,
} from './testing';
import { fileTestHooks } from './testHooks';

const { cleanup } = fileTestHooks();

/** `a` and `b` become friends with a direct chat each side. */
async function friends(a: ChatInstall, b: ChatInstall): Promise<void> {
  await befriend(a, b);
  const conv = directConversationId(a.id, b.id);
  await ensureConv(a.db, { conv, peer: b.id, members: [a.id, b.id] }, Date.now());
  await ensureConv(b.db, { conv, peer: a.id, members: [a.id, b.id] }, Date.now());
  a.sync.resync(b.id);
  b.sync.resync(a.id);
}

async function untilMembers(install: ChatInstall, conv: ConversationId, n: number) {
  await waitFor(
    async () => Object.keys((await install.groups.view(conv))?.members ?? {}).length === n,
    4000,
    `${install.name} holds ${n} members`,
  );
}

interface Trio {
  hub: MemoryHub;
  a: FileInstall;
  b: FileInstall;
  c: FileInstall;
  conv: ConversationId;
}

/**
 * A group of Ada, Bob and Cy made by Ada, who is friends with both. With `strangers`, Bob and
 * Cy are no friends: their session is keyed by the roster ([GRP-30]); else all are friends.
 */
async function trio(hub: MemoryHub, strangers: boolean, wants = () => true): Promise<Trio> {
  const made: FileInstall[] = [];
  for (const name of ['Ada', 'Bob', 'Cy']) {
    const install = await makeChatInstall(hub, name, { roster: true });
    const files = addFiles(install, { autoDownload: () => wants() });
    cleanup.push(() => files.stop());
    made.push(files);
  }
  const [a, b, c] = made as [FileInstall, FileInstall, FileInstall];
  await friends(a, b);
  await friends(a, c);
  if (!strangers) await friends(b, c);
  const conv = await a.groups.create('Club', [b.id, c.id]);
  await untilMembers(b, conv, 3);
  await untilMembers(c, conv, 3);
  if (strangers) await link(b, c);
  return { hub, a, b, c, conv };
}

/** Bob dials Cy, no friend: the roster-keyed session both ends hold. */
async function link(b: FileInstall, c: FileInstall): Promise<void> {
  b.engine.manager.dial(c.id);
  await waitFor(() => b.engine.manager.session(c.id)?.rosterKeyed === true, 4000, 'B–C up');
  await waitFor(() => c.engine.manager.session(b.id)?.rosterKeyed === true, 4000, 'C–B up');
}

/** `install` drops off the network: its sessions with the others end. */
async function offline(hub: MemoryHub, install: FileInstall, others: FileInstall[]) {
  hub.setOffline(install.transport, true);
  for (const other of others) hub.drop(install.id, other.id);
  await waitFor(
    () => others.every((o) => o.engine.manager.session(install.id) === null),
    4000,
    `${install.name} gone`,
  );
}

async function openedHash(install: FileInstall, id: EventId): Promise<string> {
  const blob = await install.files.open(id);
  if (!blob) throw new Error(`${install.name} cannot open ${id}`);
  return sha256Hex(await blob.arrayBuffer());
}

/** FILE_GET frames `install` receives from now on, with whom they came from. */
function getsTo(install: FileInstall): { from: string; frame: ControlFrame }[] {
  const seen: { from: string; frame: ControlFrame }[] = [];
  const { manager } = install.engine;
  const listen = (session: NonNullable<ReturnType<typeof manager.session>>) =>
    session.on('frame', (frame) => {
      if (frame.type === 'FILE_GET') seen.push({ from: session.peer, frame });
    });
  for (const peer of manager.livePeers) {
    const session = manager.session(peer);
    if (session) listen(session);
  }
  manager.on('up', listen);
  return seen;
}

/** A slow network (a few MB/s), so a file of some MB is still moving when a test interrupts. */
function slowHub(): MemoryHub {
  return new MemoryHub({ latencyMs: 5, bytesPerTick: 32 * 1024 });
}

/** The id of the last file `install` sent in `conv`. */
async function lastSent(install: FileInstall, conv: ConversationId): Promise<EventId> {
  const rows = await install.db.files.where('conv').equals(conv).toArray();
  const mine = rows.filter((r) => r.direction === 'send').sort((x, y) => x.updatedAt - y.updatedAt);
  const row = mine[mine.length - 1];
  if (!row) throw new Error(`${install.name} sent no file in ${conv}`);
  return row.id;
}

const TAG = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('group files from any member', () => {
  it('[GFILE-1][GFILE-3] a member who is no friend pulls a file from a holder who did not send it, over the group session', async () => {
    const { hub, a, b, c, conv } = await trio(new MemoryHub(), true);
    await offline(hub, c, [a, b]);
    const bytes = testBytes(600_000, 31);
    const body = await a.files.send(conv, new Blob([bytes]), 'club.bin');
    const id = await lastSent(a, conv);
    await untilState(b, id, 'ready');
    await offline(hub, a, [b]);
    const toB = getsTo(b);
    hub.setOffline(c.transport, false);
    await link(b, c);
    await untilState(c, id, 'ready', 10_000);
    expect(await openedHash(c, id)).toBe(body.sha256);
    expect(toB.map((g) => g.from)).toEqual([c.id]);
    expect(c.engine.manager.session(b.id)?.rosterKeyed).toBe(true);
  }, 30_000);

  it('[GFILE-4] when the holder goes away mid-file, the pull goes on from another holder at the chunk it reached', async () => {
    const { hub, a, b, c, conv } = await trio(slowHub(), false);
    await offline(hub, c, [a, b]);
    const body = await a.files.send(conv, new Blob([testBytes(4_000_000, 32)]), 'big.bin');
    const id = await lastSent(a, conv);
    await untilState(b, id, 'ready', 15_000);
    const toA = getsTo(a);
    const toB = getsTo(b);
    hub.setOffline(c.transport, false);
    await untilFile(c, id, (r) => r.next >= 8, 15_000, 'eight chunks stored');
    const [first, other] = toA.length > 0 ? [a, b] : [b, a];
    const gets = first === a ? toB : toA;
    await offline(hub, first, [other, c]);
    const reached = (await fileRow(c, id)).next;
    await untilState(c, id, 'ready', 20_000);
    expect(await openedHash(c, id)).toBe(body.sha256);
    // The other holder was asked from where the first stopped, never from zero, without the manifest.
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((g) => g.from === c.id)).toBe(true);
    const resumed = gets[0]!.frame as unknown as { from: number; manifest: boolean };
    expect(resumed.manifest).toBe(false);
    expect(resumed.from).toBeGreaterThanOrEqual(reached);
    expect(resumed.from).toBeLessThan((await fileRow(c, id)).count);
  }, 45_000);

  it('[GFILE-4] a holder sending a corrupt chunk is dropped in favour of another', async () => {
    const { hub, a, b, c, conv } = await trio(new MemoryHub(), false);
    await offline(hub, c, [a, b]);
    const body = await a.files.send(conv, new Blob([testBytes(1_000_000, 33)]), 'club.bin');
    const id = await lastSent(a, conv);
    const held = await untilState(b, id, 'ready');
    // Bob's stored copy goes bad at chunk 5 (same length, other bytes).
    const rows = await allChunks(b.db, held.key);
    const size = held.body.chunkSize;
    const row = rows.find((r) => r.index <= 5 && 5 < r.index + (r.count ?? 1))!;
    const bad = new Uint8Array(await row.data.arrayBuffer());
    bad[(5 - row.index) * size + 7]! ^= 0xff;
    await b.db.fileChunks.put({ ...row, data: new Blob([bad]) });
    await offline(hub, a, [b]);
    const toB = getsTo(b);
    hub.setOffline(c.transport, false);
    // Only Bob is there: Cy keeps what verified before the corrupt chunk, and waits.
    await waitFor(() => toB.length > 0, 5000, 'C asks B');
    const paused = await untilFile(
      c,
      id,
      (r) => r.state === 'waiting' && r.next > 0,
      5000,
      'B dropped',
    );
    expect(paused.next).toBe(5);
    const toA = getsTo(a);
    hub.setOffline(a.transport, false);
    await untilState(c, id, 'ready', 15_000);
    expect(await openedHash(c, id)).toBe(body.sha256);
    expect(toA.filter((g) => g.from === c.id)[0]?.frame).toMatchObject({ from: 5 });
    // Bob was never asked again for that file.
    expect(toB.filter((g) => g.from === c.id)).toHaveLength(1);
  }, 30_000);

  it('[GFILE-2][GFILE-3] a removed member can neither serve nor fetch the group’s files', async () => {
    let wanted = true;
    const { hub, a, b, c, conv } = await trio(new MemoryHub(), false, () => wanted);
    const body = await a.files.send(conv, new Blob([testBytes(300_000, 34)]), 'club.bin');
    const id = await lastSent(a, conv);
    await untilState(c, id, 'ready');
    wanted = false;
    const second = await a.files.send(conv, new Blob([testBytes(200_000, 35)]), 'more.bin');
    const secondId = await lastSent(a, conv);
    await untilState(b, secondId, 'ask');
    await untilState(c, secondId, 'ask');
    await a.groups.remove(conv, c.id);
    await waitFor(async () => (await c.groups.view(conv))?.members[c.id] === undefined);
    await waitFor(async () => (await b.groups.view(conv))?.members[c.id] === undefined);
    // Cy, out, asks Bob (a friend: their session stays) for the file: refused.
    const noToC = frameSpy(c, 'FILE_NO');
    c.engine.manager.session(b.id)!.send(fileFrames.get(secondId, TAG, 0, true));
    await waitFor(() => noToC.length > 0, 4000, 'B answers C');
    expect(noToC[0]).toMatchObject({ id: secondId, reason: 'unknown' });
    // Bob asks Cy, who holds the first file whole: refused too.
    const noToB = frameSpy(b, 'FILE_NO');
    b.engine.manager.session(c.id)!.send(fileFrames.get(id, TAG, 0, true));
    await waitFor(() => noToB.length > 0, 4000, 'C answers B');
    expect(noToB[0]).toMatchObject({ id, reason: 'unknown' });
    // Bob wants the second file while only Cy is there: Cy is never asked; Ada serves it later.
    await offline(hub, a, [b, c]);
    const toC = getsTo(c);
    await b.files.accept(secondId);
    // Cy's own wish for it goes nowhere either: nobody serves a group's file to a non-member.
    await c.files.accept(secondId);
    hub.setOffline(a.transport, false);
    await untilState(b, secondId, 'ready', 10_000);
    expect(await openedHash(b, secondId)).toBe(second.sha256);
    expect(toC).toHaveLength(0);
    expect((await fileRow(c, secondId)).state).toBe('waiting');
    expect(await openedHash(c, id)).toBe(body.sha256);
  }, 30_000);

  it('[GFILE-2] a file of another group is refused', async () => {
    const { a, b, c, conv } = await trio(new MemoryHub(), false);
    const other = await a.groups.create('Side', [c.id]);
    await untilMembers(c, other, 2);
    await a.files.send(other, new Blob([testBytes(200_000, 36)]), 'side.bin');
    const id = await lastSent(a, other);
    await untilState(c, id, 'ready');
    // Bob shares the first group with both, but not this one: neither Ada nor Cy serves it.
    const no = frameSpy(b, 'FILE_NO');
    b.engine.manager.session(a.id)!.send(fileFrames.get(id, TAG, 0, true));
    b.engine.manager.session(c.id)!.send(fileFrames.get(id, 'BBBBBBBBBBBBBBBBBBBBBB', 0, true));
    await waitFor(() => no.length === 2, 4000, 'both answer');
    expect(no.map((f) => (f as { reason?: string }).reason)).toEqual(['unknown', 'unknown']);
    expect(await b.db.files.get(id)).toBeUndefined();
    // The same file is served within its group: Cy gets it from Ada.
    expect((await fileRow(c, id)).state).toBe('ready');
    void conv;
  }, 30_000);
});
