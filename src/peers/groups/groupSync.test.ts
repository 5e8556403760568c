import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureConv } from '../../db/convsRepo';
import { getConv } from '../../db/convsRepo';
import { pageBefore } from '../../db/messagesRepo';
import { base64urlEncode } from '../../lib/base64url';
import { signEvent } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import { groupConversationId } from '../../lib/groupId';
import type { ConversationId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { acceptFriendRequest, declineFriendRequest } from '../friends/actions';
import { requestFriendInGroup } from '../friends/groupRequest';
import { requestFrame } from '../friends/frames';
import { befriend, untilState } from '../friends/testing';
import { MemoryHub } from '../memory/MemoryHub';
import type { OutgoingFrame } from '../session/frames';
import { waitFor } from '../session/testing';
import { eventsFrame, haveFrame } from '../sync/frames';
import { logOf, makeChatInstall, type ChatInstall } from '../sync/testing';
import { GroupActionError } from './GroupsEngine';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

/** Installs named `names` on one hub. */
async function installs(...names: string[]): Promise<ChatInstall[]> {
  const hub = new MemoryHub();
  const made: ChatInstall[] = [];
  for (const name of names) {
    const install = await makeChatInstall(hub, name);
    cleanup.push(() => install.stop());
    made.push(install);
  }
  return made;
}

/** `a` and `b` become friends with a direct chat each side. */
async function friends(a: ChatInstall, b: ChatInstall): Promise<ConversationId> {
  await befriend(a, b);
  const conv = directConversationId(a.id, b.id);
  await ensureConv(a.db, { conv, peer: b.id, members: [a.id, b.id] }, Date.now());
  await ensureConv(b.db, { conv, peer: a.id, members: [a.id, b.id] }, Date.now());
  a.sync.resync(b.id);
  b.sync.resync(a.id);
  return conv;
}

/** The texts `install` shows in `conv`, oldest first. */
async function shown(install: ChatInstall, conv: ConversationId): Promise<string[]> {
  return (await pageBefore(install.db, conv, null, 100)).map((m) => m.text);
}

async function untilShown(install: ChatInstall, conv: ConversationId, text: string) {
  await waitFor(
    async () => (await shown(install, conv)).includes(text),
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

/** Texts in `install`'s stored log of `conv`, shown or not. */
async function storedTexts(install: ChatInstall, conv: ConversationId): Promise<string[]> {
  return (await logOf(install, conv))
    .filter((e) => e.type === 'text')
    .map((e) => (e.body as { text: string }).text);
}

/** The frames `from` sends `to` from now on. */
function recordSent(from: ChatInstall, to: ChatInstall): OutgoingFrame[] {
  const frames: OutgoingFrame[] = [];
  const session = from.engine.manager.session(to.id)!;
  const send = session.send.bind(session);
  session.send = (frame: OutgoingFrame) => {
    frames.push(frame);
    return send(frame);
  };
  return frames;
}

/**
 * A positive barrier: `from` sends `to` a direct message, and `to` stores it. Frames on one
 * session are handled in order, so everything `from` sent before has been handled by then.
 */
async function barrier(from: ChatInstall, to: ChatInstall, text: string): Promise<void> {
  const direct = directConversationId(from.id, to.id);
  await from.sync.append(direct, 'text', { text });
  await untilShown(to, direct, text);
}

describe('group sync over the memory transport', () => {
  it('[GRP-19][GRP-21] three friends: A creates a group with B and C, and each one’s message reaches all', async () => {
    const [a, b, c] = await installs('Ada', 'Bob', 'Cy');
    await friends(a!, b!);
    await friends(a!, c!);
    await friends(b!, c!);
    const conv = await a!.groups.create('Trip', [b!.id, c!.id]);
    await untilMembers(b!, conv, 3);
    await untilMembers(c!, conv, 3);
    expect((await getConv(c!.db, conv))?.kind).toBe('group');
    expect((await getConv(c!.db, conv))?.name).toBe('Trip');
    expect((await b!.groups.view(conv))?.owner).toBe(a!.id);
    for (const [i, who] of [a!, b!, c!].entries()) {
      await who.sync.append(conv, 'text', { text: `hello from ${i}` });
    }
    for (const who of [a!, b!, c!]) {
      for (const i of [0, 1, 2]) await untilShown(who, conv, `hello from ${i}`);
    }
  });

  it('[GRP-19][GRP-20][GRP-80] any member relays: B carries A’s events to C while A is offline; A and C never connected; C is not shown what was written before it joined', async () => {
    const [a, b, c] = await installs('Ada', 'Bob', 'Cy');
    await friends(a!, b!);
    await friends(b!, c!);
    const conv = await a!.groups.create('Relay', [b!.id]);
    await a!.sync.append(conv, 'text', { text: 'from A' });
    await untilShown(b!, conv, 'from A');
    a!.stop();
    await b!.groups.invite(conv, [c!.id]);
    await waitFor(
      async () => (await storedTexts(c!, conv)).includes('from A'),
      4000,
      'C holds A’s text',
    );
    // Written before C's admission: held and relayed on, never shown to C.
    expect(await shown(c!, conv)).toEqual([]);
    expect(await shown(b!, conv)).toEqual(['from A']);
    expect(a!.engine.manager.session(c!.id)).toBeFalsy();
    const fromA = (await logOf(c!, conv)).filter((e) => e.author === a!.id);
    expect(fromA.map((e) => e.type)).toEqual(['group.create', 'group.add', 'text']);
    // The roster gives C the key of A, whom C never met.
    expect(await c!.directory.rosterKey(a!.id)).toBe(base64urlEncode(a!.keys.publicKeyRaw));
    await c!.sync.append(conv, 'text', { text: 'from C' });
    await untilShown(b!, conv, 'from C');
  });

  it('[GRP-19] live relay: while A stays online, each of its messages reaches C through B as it comes, in order, once', async () => {
    const [a, b, c] = await installs('Ada', 'Bob', 'Cy');
    await friends(a!, b!);
    await friends(b!, c!);
    const conv = await a!.groups.create('Chain', [b!.id]);
    await untilMembers(b!, conv, 2);
    await b!.groups.invite(conv, [c!.id]);
    await untilMembers(c!, conv, 3);
    await untilMembers(a!, conv, 3);
    const toC = recordSent(b!, c!);
    for (const text of ['one', 'two', 'three']) await a!.sync.append(conv, 'text', { text });
    await untilShown(c!, conv, 'three');
    expect(await storedTexts(c!, conv)).toEqual(['one', 'two', 'three']);
    expect(a!.engine.manager.session(c!.id)).toBeFalsy();
    // B forwarded A's events itself: they are in the EVENTS frames B sent C.
    const relayed = toC.flatMap((frame) => {
      const f = frame as { conv?: string; events?: { author: string; type: string }[] };
      return frame.type === 'EVENTS' && f.conv === conv ? (f.events ?? []) : [];
    });
    expect(relayed.filter((e) => e.author === a!.id && e.type === 'text')).toHaveLength(3);
  });

  it('[GRP-60][GRP-19] a removed member is sent exactly the removal, folds itself out, and then nothing', async () => {
    const [a, b, c] = await installs('Ada', 'Bob', 'Cy');
    await friends(a!, b!);
    await friends(a!, c!);
    await friends(b!, c!);
    const conv = await a!.groups.create('Club', [b!.id, c!.id]);
    await untilMembers(c!, conv, 3);
    await untilMembers(b!, conv, 3);
    await a!.sync.append(conv, 'text', { text: 'before' });
    await untilShown(c!, conv, 'before');
    await untilShown(b!, conv, 'before');
    const fromA = recordSent(a!, c!);
    const fromB = recordSent(b!, c!);
    await a!.groups.remove(conv, c!.id);
    await untilMembers(b!, conv, 2);
    // C's device folds the removal: it is out, and knows who took it out.
    await waitFor(async () => (await c!.groups.view(conv))?.members[c!.id] === undefined);
    const fold = (await c!.groups.view(conv))!;
    expect(fold.removedAt[c!.id]).toBeDefined();
    expect(Object.keys(fold.members).sort()).toEqual([a!.id, b!.id].sort());
    await a!.sync.append(conv, 'text', { text: 'after' });
    await b!.sync.append(conv, 'text', { text: 'after from B' });
    await untilShown(b!, conv, 'after');
    await untilShown(a!, conv, 'after from B');
    await barrier(a!, c!, 'a to c');
    await barrier(b!, c!, 'b to c');
    const groupEvents = (frames: OutgoingFrame[]) =>
      frames
        .filter((f) => f.type === 'EVENTS' && (f as { conv?: string }).conv === conv)
        .flatMap((f) => (f as unknown as { events: { type: string }[] }).events.map((e) => e.type));
    // C was up to date: the removal alone went to it (from A, and B may relay it), nothing else.
    expect(groupEvents(fromA)).toEqual(['group.remove']);
    expect(groupEvents(fromB).every((type) => type === 'group.remove')).toBe(true);
    expect(await storedTexts(c!, conv)).toEqual(['before']);
    // C, out, writes nothing more; what it held stays readable.
    await expect(c!.sync.append(conv, 'text', { text: 'late' })).rejects.toThrow();
    expect(await shown(c!, conv)).toContain('before');
  });

  it('[GRP-60][GRP-33] a removed member who is no friend gets its removal over the roster-keyed session, which then closes', async () => {
    const hub = new MemoryHub();
    const made: ChatInstall[] = [];
    for (const name of ['Ada', 'Bob', 'Cy']) {
      const install = await makeChatInstall(hub, name, { roster: true });
      cleanup.push(() => install.stop());
      made.push(install);
    }
    const [a, b, c] = made;
    await friends(a!, b!);
    await friends(a!, c!);
    const conv = await a!.groups.create('Club', [b!.id, c!.id]);
    await a!.groups.setRole(conv, b!.id, 'admin');
    await waitFor(async () => (await c!.groups.view(conv))?.members[b!.id]?.role === 'admin');
    await waitFor(async () => (await b!.groups.view(conv))?.members[b!.id]?.role === 'admin');
    // B and C are no friends: their session is keyed by the roster.
    b!.engine.manager.dial(c!.id);
    await waitFor(() => b!.engine.manager.session(c!.id)?.rosterKeyed === true);
    await waitFor(() => c!.engine.manager.session(b!.id)?.rosterKeyed === true);
    // Either end may close first (C folds itself out and closes too): one of them says why.
    const closedBy = (from: ChatInstall, to: ChatInstall) =>
      new Promise<string | null>((resolve) =>
        from.engine.manager.session(to.id)!.on('closed', resolve),
      );
    const closed = Promise.all([closedBy(b!, c!), closedBy(c!, b!)]);
    // Only B can tell C: A is away.
    a!.stop();
    await waitFor(() => c!.engine.manager.session(a!.id) === null);
    await b!.groups.remove(conv, c!.id);
    await waitFor(async () => (await c!.groups.view(conv))?.members[c!.id] === undefined);
    expect((await c!.groups.view(conv))?.removedAt[c!.id]).toBeDefined();
    expect(await closed).toContain('not-member');
  });

  it('[GRP-19][GRP-76] a frame for a group the peer does not share is refused: nothing stored, and nothing of the group sent', async () => {
    const [a, b, d] = await installs('Ada', 'Bob', 'Dee');
    await friends(a!, b!);
    await friends(a!, d!);
    const conv = await a!.groups.create('Closed', [b!.id]);
    await untilMembers(b!, conv, 2);
    const held = (await logOf(a!, conv)).length;
    const sent = recordSent(a!, d!);
    const session = d!.engine.manager.session(a!.id)!;
    session.send(haveFrame(conv, {}, 0, 'dee'));
    const own = await signEvent(
      {
        conv,
        author: d!.id,
        seq: 1,
        lamport: 99,
        ts: Date.now(),
        type: 'text',
        body: { text: 'in' },
      },
      d!.keys.privateKey,
    );
    session.send(eventsFrame(conv, [own]));
    await barrier(d!, a!, 'after the frames');
    expect((await logOf(a!, conv)).length).toBe(held);
    // Its HAVEs are answered once per epoch, and with nothing it could learn the group by.
    const ofGroup = sent.filter((f) => (f as { conv?: string }).conv === conv);
    expect(ofGroup.length).toBeGreaterThan(0);
    for (const frame of ofGroup)
      expect(frame).toEqual(expect.objectContaining({ type: 'HAVE', vv: {}, ack: 0 }));
  });

  it('[GRP-14][GRP-19] forged and misaddressed events are dropped, the rest of the frame is kept', async () => {
    const [a, b] = await installs('Ada', 'Bob');
    await friends(a!, b!);
    const conv = await a!.groups.create('Pair', [b!.id]);
    await untilMembers(b!, conv, 2);
    const other = groupConversationId(base64urlEncode(b!.keys.publicKeyRaw), 'B'.repeat(21) + 'A');
    const now = Date.now();
    const forged = await signEvent(
      { conv, author: a!.id, seq: 9, lamport: 50, ts: now, type: 'text', body: { text: 'forged' } },
      b!.keys.privateKey,
    );
    const elsewhere = await signEvent(
      {
        conv: other,
        author: b!.id,
        seq: 1,
        lamport: 50,
        ts: now,
        type: 'text',
        body: { text: 'x' },
      },
      b!.keys.privateKey,
    );
    const real = await signEvent(
      { conv, author: b!.id, seq: 1, lamport: 60, ts: now, type: 'text', body: { text: 'real' } },
      b!.keys.privateKey,
    );
    b!.engine.manager.session(a!.id)!.send(eventsFrame(conv, [forged, elsewhere, real]));
    await untilShown(a!, conv, 'real');
    expect(await storedTexts(a!, conv)).toEqual(['real']);
  });

  it('[GRP-21] an action the fold would void is refused before anything is signed', async () => {
    const [a, b, c] = await installs('Ada', 'Bob', 'Cy');
    await friends(a!, b!);
    await friends(a!, c!);
    const conv = await a!.groups.create('Ranks', [b!.id, c!.id]);
    await untilMembers(b!, conv, 3);
    const before = (await logOf(b!, conv)).length;
    await expect(b!.groups.remove(conv, a!.id)).rejects.toMatchObject({ reason: 'rank' });
    await expect(b!.groups.setRole(conv, c!.id, 'admin')).rejects.toBeInstanceOf(GroupActionError);
    await expect(a!.groups.invite(conv, [b!.id])).rejects.toMatchObject({
      reason: 'already-member',
    });
    expect((await logOf(b!, conv)).length).toBe(before);
    await a!.groups.setRole(conv, b!.id, 'admin');
    await waitFor(async () => (await b!.groups.view(conv))?.members[b!.id]?.role === 'admin');
  });
});

/** Three installs whose handshakes use their rosters: Ada is friends with Bob and Cy, who are not. */
async function rosterTrio(): Promise<{
  a: ChatInstall;
  b: ChatInstall;
  c: ChatInstall;
  conv: ConversationId;
}> {
  const hub = new MemoryHub();
  const made: ChatInstall[] = [];
  for (const name of ['Ada', 'Bob', 'Cy']) {
    const install = await makeChatInstall(hub, name, { roster: true });
    cleanup.push(() => install.stop());
    made.push(install);
  }
  const [a, b, c] = made as [ChatInstall, ChatInstall, ChatInstall];
  await friends(a, b);
  await friends(a, c);
  const conv = await a.groups.create('Club', [b.id, c.id]);
  await untilMembers(b, conv, 3);
  await untilMembers(c, conv, 3);
  b.engine.manager.dial(c.id);
  await waitFor(() => b.engine.manager.session(c.id)?.rosterKeyed === true);
  await waitFor(() => c.engine.manager.session(b.id)?.rosterKeyed === true);
  return { a, b, c, conv };
}

/** Bob asks Cy, a member who is no friend, over their group session. */
async function askOverGroup(b: ChatInstall, c: ChatInstall, conv: ConversationId) {
  const outcome = await requestFriendInGroup(
    b.deps,
    { id: c.id, pub: c.keys.publicKeyRaw, name: c.id.slice(0, 8) },
    { conv, name: 'Club' },
  );
  expect(outcome).toMatchObject({ ok: true, state: 'outgoing' });
  await untilState(c, b.id, 'incoming');
}

describe('a friend request over a group session', () => {
  it('[GRP-61] opens a request "from group" on the other side; accepting makes friends with the roster key and exchanges reach tokens', async () => {
    const { b, c, conv } = await rosterTrio();
    const session = c.engine.manager.session(b.id)!;
    await askOverGroup(b, c, conv);
    const asked = (await c.person(b.id))!;
    expect(asked.viaGroup).toEqual({ conv, name: 'Club' });
    expect(base64urlEncode(asked.pub)).toBe(base64urlEncode(b.keys.publicKeyRaw));
    // The group session carried it and stays: no stranger's close.
    expect(session.closed).toBe(false);
    await acceptFriendRequest(c.deps, b.id);
    await untilState(b, c.id, 'friend');
    await untilState(c, b.id, 'friend');
    expect(base64urlEncode((await b.person(c.id))!.pub)).toBe(base64urlEncode(c.keys.publicKeyRaw));
    // As between friends, each holds a reach token the other gave.
    await waitFor(async () => (await b.person(c.id))?.reachHeld !== undefined);
    await waitFor(async () => (await c.person(b.id))?.reachHeld !== undefined);
  });

  it('[GRP-61] declining leaves them members who are no friends: group messages still flow', async () => {
    const { b, c, conv } = await rosterTrio();
    await askOverGroup(b, c, conv);
    await declineFriendRequest(c.deps, b.id);
    await untilState(b, c.id, 'declined');
    expect((await c.person(b.id))?.state).toBe('rejected');
    await b.sync.append(conv, 'text', { text: 'no hard feelings' });
    await untilShown(c, conv, 'no hard feelings');
    expect((await b.groups.view(conv))?.members[c.id]).toBeDefined();
  });

  it('[GRP-61] a request naming a group the two do not share is a stranger’s: closed, nothing stored', async () => {
    const { b, c } = await rosterTrio();
    const elsewhere = groupConversationId(
      base64urlEncode(b.keys.publicKeyRaw),
      'C'.repeat(21) + 'A',
    );
    const session = c.engine.manager.session(b.id)!;
    const closed = new Promise<string | null>((resolve) => session.on('closed', resolve));
    const proof = base64urlEncode(new Uint8Array(32));
    b.engine.manager
      .session(c.id)!
      .send(requestFrame(proof, await b.engine.myProfile(), elsewhere));
    expect(await closed).toBe('stranger');
    expect(await c.person(b.id)).toBeNull();
  });
});
