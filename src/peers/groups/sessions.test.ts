import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateIdentityKeys } from '../../lib/identity';
import type { ConversationId, PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { createReachToken } from '../../lib/reach';
import { profileFrame, reachFrame } from '../friends/frames';
import { befriend, FAST, makeInstall, type Install } from '../friends/testing';
import { MemoryHub } from '../memory/MemoryHub';
import type { Session } from '../session/Session';
import { makeRawPeer, rawHandshake, waitFor, type FrameLog } from '../session/testing';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import type { GroupDirectory } from './contract';
import { RosterSessions } from './RosterSessions';
import { FakeGroupDirectory, type FakeMember } from './testing';

const G1 = 'g:aaaaaaaaaaaaaaaaaaaaaaaaaa' as ConversationId;
const G2 = 'g:bbbbbbbbbbbbbbbbbbbbbbbbbb' as ConversationId;

/** A group frame as sync would send it: only the session's gate matters here. */
const HAVE = { type: 'HAVE', v: 1, conv: G1, vv: {}, ack: 0, epoch: 'e' };

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

interface Member extends Install {
  env: FakeEnvironment;
  directory: FakeGroupDirectory;
  /** Every session that came up, in order. */
  sessions: Session[];
  closes: { peer: PeerId; reason: string | null }[];
}

/**
 * An install whose handshakes consult its own directory. Timers run on a fake clock, so a test
 * shows that no stranger timer closes a member's session by moving the clock, not by waiting.
 */
async function member(hub: MemoryHub, name: string): Promise<Member> {
  const env = new FakeEnvironment();
  let directory: FakeGroupDirectory | null = null;
  const groups: Pick<GroupDirectory, 'rosterKey'> = {
    rosterKey: (peer) => directory!.rosterKey(peer),
  };
  const install = await makeInstall(hub, name, { ...FAST, env, groups });
  cleanup.push(() => install.stop());
  directory = new FakeGroupDirectory(install.id);
  const made: Member = { ...install, env, directory, sessions: [], closes: [] };
  install.engine.manager.on('up', (session) => {
    made.sessions.push(session);
    session.on('closed', (reason) => made.closes.push({ peer: session.peer, reason }));
  });
  return made;
}

function entry(install: Install): FakeMember {
  return { id: install.id, pub: install.keys.publicKeyRaw };
}

/** Both sides hold `conv` with exactly these members. */
function roster(conv: ConversationId, ...members: Member[]): void {
  for (const m of members) m.directory.setRoster(conv, members.map(entry));
}

function live(m: Install, peer: PeerId): Session | null {
  return m.engine.manager.session(peer);
}

describe('sessions between members who are not friends', () => {
  it('[GRP-30][GRP-31] a member opens a session keyed by the roster; it is no stranger and stores no person', async () => {
    const hub = new MemoryHub();
    const a = await member(hub, 'Ada');
    const b = await member(hub, 'Bob');
    roster(G1, a, b);
    a.engine.manager.dial(b.id);
    await waitFor(() => live(a, b.id) !== null && live(b, a.id) !== null);
    for (const [me, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      const session = live(me, peer.id)!;
      expect(session.rosterKeyed).toBe(true);
      expect(session.known).toBe(true);
      expect(me.engine.manager.strangerCount).toBe(0);
      expect(await me.person(peer.id)).toBeNull();
    }
    // Long past the stranger timeout, and a group frame flows: the session stays.
    b.engine.send(a.id, HAVE);
    await a.env.advance(FAST.strangerTimeoutMs! * 10);
    await b.env.advance(FAST.strangerTimeoutMs! * 10);
    expect(live(a, b.id)).toBe(a.sessions[0]);
    expect(a.closes).toEqual([]);
  });

  it('[GRP-31] a member who is no friend gets no friend frames through: PROFILE is dropped, the session stays', async () => {
    const hub = new MemoryHub();
    const a = await member(hub, 'Ada');
    const b = await member(hub, 'Bob');
    roster(G1, a, b);
    b.engine.manager.dial(a.id);
    await waitFor(() => live(a, b.id) !== null && live(b, a.id) !== null);
    const dropped: unknown[] = [];
    cleanup.push(
      setLogSink((level, namespace, args) => {
        if (namespace === 'peers:friends' && args[0] === 'dropping') dropped.push(args[1]);
      }),
    );
    const profile = { name: 'Mallory', statusLine: '', avatar: null, version: 9 };
    b.engine.send(a.id, profileFrame(profile));
    b.engine.send(a.id, reachFrame(createReachToken()));
    await waitFor(() => dropped.length === 2);
    expect(dropped).toEqual(['PROFILE', 'REACH']);
    expect(await a.person(b.id)).toBeNull();
    expect(live(a, b.id)!.closed).toBe(false);
    expect(live(a, b.id)).not.toBeNull();
  });

  it('[GRP-30] a friend in the same group keeps the friend session: the directory is not asked', async () => {
    const hub = new MemoryHub();
    const a = await member(hub, 'Ada');
    const b = await member(hub, 'Bob');
    roster(G1, a, b);
    await befriend(a, b);
    // The befriending session began keyed by the roster; the stored friend now keys it.
    await waitFor(() => live(a, b.id)?.rosterKeyed === false);
    const asked = a.directory.calls.rosterKey + b.directory.calls.rosterKey;
    a.engine.manager.closePeer(b.id);
    await waitFor(() => live(b, a.id) === null);
    b.engine.dialer.retryAll();
    await waitFor(() => live(a, b.id) !== null && live(b, a.id) !== null);
    expect(live(a, b.id)!.rosterKeyed).toBe(false);
    expect(live(b, a.id)!.rosterKeyed).toBe(false);
    expect(a.directory.calls.rosterKey + b.directory.calls.rosterKey).toBe(asked);
  });

  it('[GRP-32] a stranger, a removed member and a member of another group get a stranger session: a group frame closes it', async () => {
    const hub = new MemoryHub();
    const a = await member(hub, 'Ada');
    const stranger = await member(hub, 'Sam');
    const removed = await member(hub, 'Rex');
    const other = await member(hub, 'Olga');
    roster(G1, a, removed);
    a.directory.remove(G1, removed.id);
    // Olga is in G2 with someone else; A's rosters know nothing of her.
    roster(G2, other, removed);
    for (const peer of [stranger, removed, other]) {
      peer.engine.manager.dial(a.id);
      // Both ends up: the peer's own session carries the frame.
      await waitFor(() => a.sessions.some((s) => s.peer === peer.id) && live(peer, a.id) !== null);
      const session = a.sessions.find((s) => s.peer === peer.id)!;
      expect(session.rosterKeyed).toBe(false);
      expect(session.known).toBe(false);
      peer.engine.send(a.id, HAVE);
      await waitFor(() => session.closed);
      expect(a.closes.find((c) => c.peer === peer.id)?.reason).toBe('stranger');
    }
  });

  it('[GRP-30] a roster key that is not the peer\u2019s is refused at HELLO: no AUTH, no session', async () => {
    const hub = new MemoryHub();
    const a = await member(hub, 'Ada');
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const impostor = await generateIdentityKeys();
    a.directory.setRoster(G1, [entry(a), { id: raw.keys.id, pub: impostor.publicKeyRaw }]);
    const failed: (string | null)[] = [];
    a.engine.manager.on('failed', (peer, reason) => {
      if (peer === raw.keys.id) failed.push(reason);
    });
    const log: FrameLog = await raw.dial(a.id);
    await rawHandshake(raw, log).catch(() => undefined);
    await waitFor(() => log.closed);
    expect(failed).toEqual(['key-changed']);
    expect(log.frames.map((f) => f.type)).toEqual(['HELLO']);
    expect(a.sessions).toEqual([]);
  });

  it('[GRP-33] a removal closes the member\u2019s session with not-member; sharing another group keeps it', async () => {
    const hub = new MemoryHub();
    const a = await member(hub, 'Ada');
    const b = await member(hub, 'Bob');
    const c = await member(hub, 'Cy');
    roster(G1, a, b, c);
    roster(G2, a, c);
    const guard = new RosterSessions({ manager: a.engine.manager, directory: a.directory });
    guard.start();
    cleanup.push(() => guard.stop());
    b.engine.manager.dial(a.id);
    c.engine.manager.dial(a.id);
    await waitFor(() => live(a, b.id) !== null && live(a, c.id) !== null);
    a.directory.remove(G1, c.id);
    a.directory.remove(G1, b.id);
    await guard.checkAll();
    await waitFor(() => live(a, b.id) === null);
    expect(a.closes).toEqual([{ peer: b.id, reason: 'not-member' }]);
    // C is still in G2 with A.
    expect(live(a, c.id)).not.toBeNull();
    a.directory.dissolve(G2);
    await guard.checkAll();
    await waitFor(() => live(a, c.id) === null);
    expect(a.closes.map((c) => c.reason)).toEqual(['not-member', 'not-member']);
  });

  it('[GRP-33] a friend\u2019s session survives leaving every shared group', async () => {
    const hub = new MemoryHub();
    const a = await member(hub, 'Ada');
    const b = await member(hub, 'Bob');
    roster(G1, a, b);
    await befriend(a, b);
    await waitFor(() => live(a, b.id)?.rosterKeyed === false);
    const guard = new RosterSessions({ manager: a.engine.manager, directory: a.directory });
    guard.start();
    cleanup.push(() => guard.stop());
    a.directory.remove(G1, b.id);
    await guard.checkAll();
    expect(live(a, b.id)).not.toBeNull();
    expect(a.closes).toEqual([]);
  });
});
