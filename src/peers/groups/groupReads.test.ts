import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureConv } from '../../db/convsRepo';
import { listMarks } from '../../db/groupMarks';
import { pageBefore } from '../../db/messagesRepo';
import { directConversationId } from '../../lib/convId';
import { signReadMark } from '../../lib/group/readMark';
import type { ConversationId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { befriend } from '../friends/testing';
import { MemoryHub } from '../memory/MemoryHub';
import type { OutgoingFrame } from '../session/frames';
import { waitFor } from '../session/testing';
import { makeChatInstall, type ChatInstall } from '../sync/testing';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import { GroupReads, MARK_COALESCE_MS } from './GroupReads';
import { readsFrame } from './readsFrame';

interface ReadsInstall extends ChatInstall {
  reads: GroupReads;
  clock: FakeEnvironment;
}

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function installs(...names: string[]): Promise<ReadsInstall[]> {
  const hub = new MemoryHub();
  const made: ReadsInstall[] = [];
  for (const name of names) {
    const install = (await makeChatInstall(hub, name)) as ReadsInstall;
    install.clock = new FakeEnvironment();
    install.reads = new GroupReads({
      manager: install.engine.manager,
      keys: install.keys,
      db: install.db,
      directory: install.directory,
      onReadState: (listener) => install.sync.on('readState', listener),
      readReceipts: () => Promise.resolve(install.readReceipts),
      clock: install.clock,
    });
    install.reads.start();
    cleanup.push(() => {
      install.reads.stop();
      install.stop();
    });
    made.push(install);
  }
  return made;
}

async function friends(a: ChatInstall, b: ChatInstall): Promise<void> {
  await befriend(a, b);
  const conv = directConversationId(a.id, b.id);
  await ensureConv(a.db, { conv, peer: b.id, members: [a.id, b.id] }, Date.now());
  await ensureConv(b.db, { conv, peer: a.id, members: [a.id, b.id] }, Date.now());
  a.sync.resync(b.id);
  b.sync.resync(a.id);
}

async function untilShown(install: ChatInstall, conv: ConversationId, text: string) {
  await waitFor(
    async () => (await pageBefore(install.db, conv, null, 100)).some((m) => m.text === text),
    4000,
    `${install.name} shows ${text}`,
  );
}

async function untilMembers(install: ChatInstall, conv: ConversationId, n: number) {
  await waitFor(
    async () => Object.keys((await install.groups.view(conv))?.members ?? {}).length === n,
    4000,
    `${install.name} holds ${n} members`,
  );
}

/** The mark `install` holds for `member` in `conv` (0: none). */
async function markOf(install: ChatInstall, conv: ConversationId, member: ChatInstall) {
  return (await listMarks(install.db, conv)).find((m) => m.member === member.id)?.upto ?? 0;
}

/** The READS frames `from` sends `to` from now on. */
function recordReads(from: ChatInstall, to: ChatInstall): OutgoingFrame[] {
  const frames: OutgoingFrame[] = [];
  const session = from.engine.manager.session(to.id)!;
  const send = session.send.bind(session);
  session.send = (frame: OutgoingFrame) => {
    if (frame.type === 'READS') frames.push(frame);
    return send(frame);
  };
  return frames;
}

/** Frames on one session are handled in order: once `to` shows this, it handled the ones before. */
async function barrier(from: ChatInstall, to: ChatInstall, text: string): Promise<void> {
  const direct = directConversationId(from.id, to.id);
  await from.sync.append(direct, 'text', { text });
  await untilShown(to, direct, text);
}

/** A (friend of B only), B, C (friend of B only) in one group; A wrote `hello`. */
async function chain() {
  const [a, b, c] = await installs('Ada', 'Bob', 'Cy');
  await friends(a!, b!);
  await friends(b!, c!);
  const conv = await a!.groups.create('Chain', [b!.id]);
  await untilMembers(b!, conv, 2);
  await b!.groups.invite(conv, [c!.id]);
  await untilMembers(c!, conv, 3);
  await untilMembers(a!, conv, 3);
  const hello = await a!.sync.append(conv, 'text', { text: 'hello' });
  await untilShown(c!, conv, 'hello');
  return { a: a!, b: b!, c: c!, conv, hello };
}

describe('group read marks over the memory transport', () => {
  it('[GRP-50][GRP-53] C’s mark reaches A through B; A and C never connected', async () => {
    const { a, b, c, conv, hello } = await chain();
    await c.sync.markRead(conv);
    // Coalesced: nothing goes out before the wait ends.
    expect(await markOf(c, conv, c)).toBe(0);
    await c.clock.advance(MARK_COALESCE_MS);
    await waitFor(
      async () => (await markOf(a, conv, c)) >= hello.lamport,
      4000,
      'A holds C’s mark',
    );
    expect(await markOf(b, conv, c)).toBe(await markOf(a, conv, c));
    expect(a.engine.manager.session(c.id)).toBeFalsy();
  });

  it('[GRP-53] reads while scrolling go out as one mark per wait, the highest', async () => {
    const { a, b, conv } = await chain();
    const sent = recordReads(b, a);
    for (const text of ['one', 'two', 'three']) {
      await a.sync.append(conv, 'text', { text });
      await untilShown(b, conv, text);
      await b.sync.markRead(conv);
      await b.clock.advance(MARK_COALESCE_MS / 4);
    }
    await b.clock.advance(MARK_COALESCE_MS);
    const top = (await pageBefore(b.db, conv, null, 100)).at(-1)!.lamport;
    await waitFor(async () => (await markOf(a, conv, b)) === top, 4000, 'A holds B’s last mark');
    await barrier(b, a, 'after the marks');
    expect(sent).toHaveLength(1);
  });

  it('[GRP-52] a lower mark changes nothing, and is not relayed', async () => {
    const { a, b, c, conv, hello } = await chain();
    const high = await signReadMark(conv, c.id, hello.lamport + 5, c.keys.privateKey);
    const low = await signReadMark(conv, c.id, hello.lamport, c.keys.privateKey);
    c.engine.manager.session(b.id)!.send(readsFrame(conv, [high]));
    await waitFor(async () => (await markOf(a, conv, c)) === high.upto, 4000, 'A holds the high');
    const relayed = recordReads(b, a);
    c.engine.manager.session(b.id)!.send(readsFrame(conv, [low]));
    await barrier(c, b, 'after the low');
    await barrier(b, a, 'b to a');
    expect(await markOf(b, conv, c)).toBe(high.upto);
    expect(relayed).toEqual([]);
    expect((await listMarks(b.db, conv)).filter((m) => m.member === c.id)).toHaveLength(1);
  });

  it('[GRP-51] a mark forged for another member, or of a non-member, is refused', async () => {
    const [a, b, d] = await installs('Ada', 'Bob', 'Dee');
    await friends(a!, b!);
    await friends(a!, d!);
    const conv = await a!.groups.create('Pair', [b!.id]);
    await untilMembers(b!, conv, 2);
    // B signs a mark in A's name, and one for D, who is no member.
    const forged = { ...(await signReadMark(conv, b!.id, 40, b!.keys.privateKey)), member: a!.id };
    const outsider = await signReadMark(conv, d!.id, 40, d!.keys.privateKey);
    const own = await signReadMark(conv, b!.id, 41, b!.keys.privateKey);
    b!.engine.manager.session(a!.id)!.send(readsFrame(conv, [forged, outsider, own]));
    // D itself, no member, sends its own mark.
    d!.engine.manager.session(a!.id)!.send(readsFrame(conv, [outsider]));
    await waitFor(async () => (await markOf(a!, conv, b!)) === 41, 4000, 'A holds B’s own');
    await barrier(d!, a!, 'after the outsider');
    expect((await listMarks(a!.db, conv)).map((m) => m.member)).toEqual([b!.id]);
  });

  it('[GRP-51] a removed member’s mark is refused', async () => {
    const [a, b, c] = await installs('Ada', 'Bob', 'Cy');
    await friends(a!, b!);
    await friends(a!, c!);
    await friends(b!, c!);
    const conv = await a!.groups.create('Club', [b!.id, c!.id]);
    await untilMembers(b!, conv, 3);
    await a!.groups.remove(conv, c!.id);
    await untilMembers(b!, conv, 2);
    const late = await signReadMark(conv, c!.id, 99, c!.keys.privateKey);
    // Relayed by a member who still takes it on: B has C's key from the roster.
    b!.engine.manager.session(a!.id)!.send(readsFrame(conv, [late]));
    await barrier(b!, a!, 'after the late mark');
    expect(await markOf(a!, conv, c!)).toBe(0);
  });

  it('[GRP-50] with read receipts off my mark is not made', async () => {
    const { a, b, conv } = await chain();
    b.readReceipts = false;
    const sent = recordReads(b, a);
    await b.sync.markRead(conv);
    await b.clock.advance(MARK_COALESCE_MS);
    await barrier(b, a, 'after reading');
    expect(await markOf(b, conv, b)).toBe(0);
    expect(sent).toEqual([]);
  });
});
