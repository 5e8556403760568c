/**
 * Invitations, re-admissions and the relay's wait on the memory transport: sync engines with
 * their stores. Spec: docs/protocol.md [GRP-72], [GRP-73], [GRP-75].
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureConv } from '../../db/convsRepo';
import { pageBefore } from '../../db/messagesRepo';
import { directConversationId } from '../../lib/convId';
import type { ConversationId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { befriend } from '../friends/testing';
import { MemoryHub } from '../memory/MemoryHub';
import type { OutgoingFrame } from '../session/frames';
import { waitFor } from '../session/testing';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import { RELAY_WAIT_MIN_MS, RELAY_WAIT_SPREAD_MS } from '../sync/constants';
import { logOf, makeChatInstall, type ChatInstall } from '../sync/testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function installs(hub: MemoryHub, ...names: string[]): Promise<ChatInstall[]> {
  const made: ChatInstall[] = [];
  for (const name of names) {
    const install = await makeChatInstall(hub, name);
    cleanup.push(() => install.stop());
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

async function shown(install: ChatInstall, conv: ConversationId): Promise<string[]> {
  return (await pageBefore(install.db, conv, null, 500)).map((m) => m.text);
}

async function untilShown(install: ChatInstall, conv: ConversationId, text: string) {
  await waitFor(
    async () => (await shown(install, conv)).includes(text),
    8000,
    `${install.name} shows ${text}`,
  );
}

async function isMember(install: ChatInstall, conv: ConversationId, who: ChatInstall) {
  return (await install.groups.view(conv))?.members[who.id] !== undefined;
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

interface GroupFrame {
  type: string;
  conv?: string;
  epoch?: string;
  vv?: Record<string, number>;
  events?: { author: string; type: string; body: { member?: string } }[];
}

function ofGroup(frames: readonly OutgoingFrame[], conv: ConversationId): GroupFrame[] {
  return (frames as readonly unknown[] as readonly GroupFrame[]).filter((f) => f.conv === conv);
}

describe('invitations and re-admissions', () => {
  it('[GRP-72][GRP-73] an invitation into a long history: the admission goes first, and the invited device takes it across frames', async () => {
    const [a, b, c] = await installs(new MemoryHub(), 'Ada', 'Bob', 'Cy');
    await friends(a!, b!);
    await friends(a!, c!);
    const conv = await a!.groups.create('Long', [b!.id]);
    // More of Ada's own events than one EVENTS frame holds ([SYNC-2]: 100), before the add of Cy.
    for (let i = 0; i < 120; i++) await a!.sync.append(conv, 'text', { text: `m${i}` });
    const toC = recordSent(a!, c!);
    await a!.groups.invite(conv, [c!.id]);
    // Cy holds all of it ([GRP-73]), and is shown none of what came before the add ([GRP-80]).
    const texts = async () => (await logOf(c!, conv)).filter((e) => e.type === 'text').length;
    await waitFor(async () => (await texts()) === 120, 8000, 'Cy holds m0..m119');
    expect(await shown(c!, conv)).toEqual([]);
    expect(await isMember(c!, conv, c!)).toBe(true);
    // The first EVENTS frame Cy was sent already made Cy a member.
    const first = ofGroup(toC, conv).find((f) => f.type === 'EVENTS')!;
    const adds = first.events!.filter((e) => e.type === 'group.add').map((e) => e.body.member);
    expect(adds).toContain(c!.id);
    await c!.sync.append(conv, 'text', { text: 'hi from Cy' });
    await untilShown(b!, conv, 'hi from Cy');
  }, 30_000);

  it('[GRP-73] a member who left and is added again takes the group again, on a sync state with a fresh epoch', async () => {
    const [a, b, c] = await installs(new MemoryHub(), 'Ada', 'Bob', 'Cy');
    await friends(a!, b!);
    await friends(a!, c!);
    const conv = await a!.groups.create('Again', [b!.id, c!.id]);
    await waitFor(() => isMember(c!, conv, c!), 8000, 'Cy holds the group');
    const toC = recordSent(a!, c!);
    await a!.sync.append(conv, 'text', { text: 'before' });
    await untilShown(c!, conv, 'before');
    await c!.groups.leave(conv);
    await waitFor(async () => !(await isMember(a!, conv, c!)), 8000, 'Ada sees Cy gone');
    await a!.sync.append(conv, 'text', { text: 'while away' });
    await a!.groups.invite(conv, [c!.id]);
    await a!.sync.append(conv, 'text', { text: 'welcome back' });
    await untilShown(c!, conv, 'welcome back');
    await waitFor(() => isMember(c!, conv, c!), 8000, 'Cy is a member again');
    await c!.sync.append(conv, 'text', { text: 'glad to be back' });
    await untilShown(b!, conv, 'glad to be back');
    // Ada's HAVEs after the re-admission carry another epoch than before: Cy answers again.
    const epochs = new Set(
      ofGroup(toC, conv)
        .filter((f) => f.type === 'HAVE')
        .map((f) => f.epoch),
    );
    expect(epochs.size).toBeGreaterThan(1);
  }, 30_000);
});

describe('the relay waits', () => {
  it('[GRP-75] a relayed event is announced by HAVE at once and sent on only after the wait', async () => {
    const hub = new MemoryHub();
    const [a, c] = await installs(hub, 'Ada', 'Cy');
    const env = new FakeEnvironment();
    const b = await makeChatInstall(hub, 'Bob', { env });
    cleanup.push(() => b.stop());
    await friends(a!, b);
    await friends(b, c!);
    const conv = await a!.groups.create('Wait', [b.id]);
    await waitFor(() => isMember(b, conv, b), 8000, 'Bob holds the group');
    await b.groups.invite(conv, [c!.id]);
    await waitFor(() => isMember(c!, conv, c!), 8000, 'Cy holds the group');
    await env.advance(RELAY_WAIT_MIN_MS + RELAY_WAIT_SPREAD_MS);
    await waitFor(() => isMember(a!, conv, c!), 8000, 'Ada sees Cy');
    const toC = recordSent(b, c!);
    const event = await a!.sync.append(conv, 'text', { text: 'through Bob' });
    await untilShown(b, conv, 'through Bob');
    // A direct message from Bob after it: frames are handled in order, so once Cy shows it,
    // Cy has handled everything Bob sent before.
    const direct = directConversationId(b.id, c!.id);
    await b.sync.append(direct, 'text', { text: 'barrier' });
    await untilShown(c!, direct, 'barrier');
    expect(await shown(c!, conv)).not.toContain('through Bob');
    const said = ofGroup(toC, conv).filter((f) => f.type === 'HAVE');
    expect(said.some((f) => (f.vv?.[a!.id] ?? 0) >= event.seq)).toBe(true);
    await env.advance(RELAY_WAIT_MIN_MS + RELAY_WAIT_SPREAD_MS);
    await untilShown(c!, conv, 'through Bob');
  }, 30_000);
});
