import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listInvites } from '../../db/invitesRepo';
import { setLogSink } from '../../lib/log';
import { INVITE_TTL_MS } from '../../lib/invite';
import { MemoryHub } from '../memory/MemoryHub';
import { makeRawPeer, waitFor } from '../session/testing';
import { helloFrame, authFrame, newNonce } from '../session/handshake';
import { acceptFriendRequest, declineFriendRequest } from './actions';
import { requestFrame } from './frames';
import { befriend, makeInstall, sessionsWith, untilState, type Install } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  // Peers going away mid-test log warnings; keep the output readable.
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function installs(hub: MemoryHub, ...names: string[]): Promise<Install[]> {
  const made = await Promise.all(names.map((n) => makeInstall(hub, n)));
  for (const i of made) cleanup.push(() => i.stop());
  return made;
}

describe('friend requests over the memory transport', () => {
  it('[FR-1][FR-3][INV-11] a valid invite makes both sides friends at once, and online', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const { link, record } = await a!.invite();
    const added = await b!.add(link);
    expect(added).toEqual({ ok: true, id: a!.id, state: 'outgoing' });
    await untilState(a!, b!.id, 'friend');
    await untilState(b!, a!.id, 'friend');
    // Each got the other's profile from the request and the accept.
    expect((await a!.person(b!.id))!.name).toBe('Bob');
    expect((await b!.person(a!.id))!.name).toBe('Ada');
    expect((await a!.person(b!.id))!.pub).toEqual(b!.keys.publicKeyRaw);
    const used = (await listInvites(a!.db)).find((r) => r.secret === record.secret)!;
    expect(used.usedBy).toBe(b!.id);
    expect(await b!.outbox(a!.id)).toEqual([]);
    await waitFor(() => a!.online(b!.id) && b!.online(a!.id));
  });

  it('[FR-1] the scanner may be offline: the request waits in the outbox until the inviter appears', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const { link } = await a!.invite();
    hub.setOffline(a!.transport, true);
    const dials = sessionsWith(b!, a!.id);
    await b!.add(link);
    expect((await b!.outbox(a!.id)).map((e) => e.frame.type)).toEqual(['FRIEND_REQUEST']);
    // B dials and redials; every dial fails while A is away.
    await waitFor(() => dials.failed >= 3, 2000, 'three failed dials');
    expect(dials.up).toBe(0);
    expect((await b!.outbox(a!.id)).map((e) => e.frame.type)).toEqual(['FRIEND_REQUEST']);
    expect(await b!.person(a!.id)).toMatchObject({ state: 'outgoing' });
    expect(await a!.person(b!.id)).toBeNull();
    hub.setOffline(a!.transport, false);
    await untilState(b!, a!.id, 'friend');
    await untilState(a!, b!.id, 'friend');
    expect(await b!.outbox(a!.id)).toEqual([]);
  });

  it('[FR-2][INV-11] an expired invite becomes an incoming request; accept makes friends', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const { link } = await a!.invite(Date.now() - INVITE_TTL_MS - 1000);
    await b!.add(link);
    await untilState(a!, b!.id, 'incoming');
    expect(await b!.person(a!.id)).toMatchObject({ state: 'outgoing' });
    expect((await a!.person(b!.id))!.name).toBe('Bob');
    await acceptFriendRequest(a!.deps, b!.id);
    await untilState(b!, a!.id, 'friend');
    await untilState(a!, b!.id, 'friend');
    expect(await b!.outbox(a!.id)).toEqual([]);
  });

  it('[FR-4][INV-11] an invite used by someone else asks; decline reaches the scanner', async () => {
    const hub = new MemoryHub();
    const [a, b, c] = await installs(hub, 'Ada', 'Bob', 'Cy');
    const { link } = await a!.invite();
    await c!.add(link);
    await untilState(a!, c!.id, 'friend');
    await b!.add(link);
    await untilState(a!, b!.id, 'incoming');
    await declineFriendRequest(a!.deps, b!.id);
    await untilState(b!, a!.id, 'declined');
    expect(await b!.outbox(a!.id)).toEqual([]);
    // Hidden on A's side but remembered, so a resent request is declined again.
    expect(await a!.person(b!.id)).toMatchObject({ state: 'rejected' });
  });

  it('[FR-4] accept while the requester is offline: it learns on its next session', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const { link } = await a!.invite(Date.now() - INVITE_TTL_MS - 1000);
    await b!.add(link);
    await untilState(a!, b!.id, 'incoming');
    hub.setOffline(b!.transport, true);
    hub.drop(a!.id, b!.id);
    const dials = sessionsWith(a!, b!.id);
    await acceptFriendRequest(a!.deps, b!.id);
    // A dials to tell B; every dial fails while B is away.
    await waitFor(() => dials.failed >= 2, 2000, 'two failed dials');
    expect(dials.up).toBe(0);
    expect(await b!.person(a!.id)).toMatchObject({ state: 'outgoing' });
    hub.setOffline(b!.transport, false);
    await untilState(b!, a!.id, 'friend');
  });

  it('[FR-2] a stranger whose proof matches no invite is dropped and nothing is stored', async () => {
    const hub = new MemoryHub();
    const [a] = await installs(hub, 'Ada');
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const log = await raw.dial(a!.id);
    const nonce = newNonce();
    log.send(helloFrame(raw.keys.id, raw.keys.publicKeyRaw, nonce));
    const theirs = await log.next('HELLO');
    const fps = (await log.channel.fingerprints())!;
    log.send(await authFrame(raw.keys.privateKey, nonce, theirs.nonce as string, fps));
    await waitFor(() => a!.online(raw.keys.id));
    const profile = { name: 'Eve', statusLine: '', avatar: null, version: 0 };
    log.send(requestFrame('A'.repeat(43), profile));
    await waitFor(() => log.closed);
    expect(await a!.person(raw.keys.id)).toBeNull();
  });

  it('[FR-2] a stranger that sends nothing, or anything but a request, is dropped', async () => {
    const hub = new MemoryHub();
    const [a] = await installs(hub, 'Ada');
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    for (const send of [null, { type: 'PROFILE_HAVE', v: 1, version: 0 }]) {
      const log = await raw.dial(a!.id);
      const nonce = newNonce();
      log.send(helloFrame(raw.keys.id, raw.keys.publicKeyRaw, nonce));
      const theirs = await log.next('HELLO');
      const fps = (await log.channel.fingerprints())!;
      log.send(await authFrame(raw.keys.privateKey, nonce, theirs.nonce as string, fps));
      if (send) log.send(send);
      await waitFor(() => log.closed, 1000);
    }
    expect(await a!.person(raw.keys.id)).toBeNull();
  });
});

describe('removing, blocking, profiles and presence', () => {
  it('[FR-5] deleting a friend online tells them; both forget each other', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    const { removeFriend } = await import('./actions');
    await removeFriend(a!.deps, b!.id);
    await untilState(b!, a!.id, null);
    await untilState(a!, b!.id, null);
    expect(await a!.outbox(b!.id)).toEqual([]);
  });

  it('[FR-5] deleting a friend who is offline: the tombstone is delivered when they return', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    hub.setOffline(b!.transport, true);
    hub.drop(a!.id, b!.id);
    const { removeFriend } = await import('./actions');
    await removeFriend(a!.deps, b!.id);
    expect(await a!.person(b!.id)).toMatchObject({ state: 'removed' });
    expect((await a!.outbox(b!.id)).map((e) => e.frame.type)).toEqual(['FRIEND_REMOVED']);
    hub.setOffline(b!.transport, false);
    await untilState(b!, a!.id, null);
    await untilState(a!, b!.id, null);
  });

  it('[SES-2] blocking closes the session; no connection is accepted or dialled', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    const { setPersonBlocked } = await import('./actions');
    const dialsBefore = a!.transport.channels.length;
    await setPersonBlocked(a!.deps, b!.id, true);
    await waitFor(() => !a!.online(b!.id) && !b!.online(a!.id));
    expect(a!.engine.dialer.targets).not.toContain(b!.id);
    // B keeps trying (it still counts A as a friend), and is refused every time.
    const atA = sessionsWith(a!, b!.id);
    const atB = sessionsWith(b!, a!.id);
    await waitFor(() => atB.failed >= 3, 2000, 'three refused dials');
    expect(atA.up).toBe(0);
    expect(atB.up).toBe(0);
    expect(a!.online(b!.id)).toBe(false);
    expect(a!.transport.channels.filter((c) => c.outbound && c.state !== 'closed')).toHaveLength(0);
    expect(dialsBefore).toBeGreaterThan(0);
    await setPersonBlocked(a!.deps, b!.id, false);
    await waitFor(() => a!.online(b!.id) && b!.online(a!.id));
  });

  it('[FR-6][FR-7] a profile edit reaches a friend at once, and an offline friend on its next session', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    const { saveMyProfile } = await import('../../db/profileRepo');
    await saveMyProfile(a!.db, { statusLine: 'hello' });
    await a!.engine.broadcastProfile();
    await waitFor(async () => (await b!.person(a!.id))?.statusLine === 'hello');
    hub.setOffline(b!.transport, true);
    const dials = sessionsWith(a!, b!.id);
    hub.drop(a!.id, b!.id);
    const avatar = 'data:image/webp;base64,UklGRg==';
    await saveMyProfile(a!.db, { displayName: 'Ada L.', avatar });
    // A redials B after the loss; those dials fail, so nothing reaches B yet.
    await waitFor(() => dials.failed >= 2, 2000, 'two failed dials');
    expect((await b!.person(a!.id))!.name).toBe('Ada');
    hub.setOffline(b!.transport, false);
    await waitFor(async () => (await b!.person(a!.id))?.name === 'Ada L.');
    expect((await b!.person(a!.id))!.avatar).toBe(avatar);
  });

  it('[SES-11] presence follows the session and last seen is stored', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    await waitFor(() => a!.online(b!.id));
    await waitFor(async () => (await a!.person(b!.id))!.lastSeen !== null);
    const before = (await a!.person(b!.id))!.lastSeen!;
    hub.crash(b!.transport);
    await waitFor(() => !a!.online(b!.id));
    await waitFor(async () => (await a!.person(b!.id))!.lastSeen! >= before);
  });

  it('[SES-9][SAFE-7] a changed key on a friend is refused and recorded as a notice', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    hub.drop(a!.id, b!.id);
    // Tamper with A's pinned key for B: B's next HELLO no longer matches.
    await a!.db.people.update(b!.id, { pub: crypto.getRandomValues(new Uint8Array(32)) });
    await waitFor(async () => (await a!.person(b!.id))?.notice?.reason === 'key-changed');
    expect(a!.online(b!.id)).toBe(false);
  });

  it('[SES-10] two friends starting together end with exactly one session', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    hub.drop(a!.id, b!.id);
    a!.engine.dialer.retryAll();
    b!.engine.dialer.retryAll();
    await waitFor(() => a!.online(b!.id) && b!.online(a!.id));
    const open = (i: Install) => i.transport.channels.filter((c) => c.state === 'open');
    // The losing channel finishes its handshake and is closed on both sides.
    await waitFor(
      () =>
        open(a!).length === 1 &&
        open(b!).length === 1 &&
        open(a!)[0]!.id === open(b!)[0]!.id &&
        a!.online(b!.id) &&
        b!.online(a!.id),
      2000,
      'one channel',
    );
    expect(open(a!)).toHaveLength(1);
    expect(open(b!)).toHaveLength(1);
    expect(open(a!)[0]!.id).toBe(open(b!)[0]!.id);
  });
});
