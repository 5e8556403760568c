/**
 * Friend-protocol rules end to end: whole installs (or a hand-driven raw peer)
 * on the memory transport, each test breaking or exercising one spec rule.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changePerson } from '../../db/peopleRepo';
import { base64urlDecode, base64urlEncode } from '../../lib/base64url';
import { friendRequestProof, INVITE_TTL_MS } from '../../lib/invite';
import { setLogSink } from '../../lib/log';
import type { PersonState } from '../../lib/people';
import { MemoryHub, randomPeerId } from '../memory/MemoryHub';
import { authFrame, helloFrame, newNonce } from '../session/handshake';
import {
  makeRawPeer,
  rawHandshake,
  waitFor,
  type FrameLog,
  type RawPeer,
} from '../session/testing';
import { declineFriendRequest, removeFriend } from './actions';
import { removedFrame, requestFrame } from './frames';
import { MAX_INCOMING_REQUESTS } from './handlers';
import { newPerson } from './records';
import { befriend, makeInstall, untilState, type Install } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
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

async function rawPeer(hub: MemoryHub): Promise<RawPeer> {
  const raw = await makeRawPeer(hub);
  cleanup.push(() => raw.transport.destroy());
  return raw;
}

/** Store `raw` on `install` in `state`, its key pinned. */
async function pin(install: Install, raw: RawPeer, state: PersonState): Promise<void> {
  const person = newPerson(raw.keys.id, raw.keys.publicKeyRaw, 'Raw', state, 1);
  await changePerson(install.db, raw.keys.id, () => ({ person }), 1);
}

/** A raw peer's authenticated session with `install`. */
async function rawSession(install: Install, raw: RawPeer): Promise<FrameLog> {
  const log = await raw.dial(install.id);
  await rawHandshake(raw, log);
  await waitFor(() => install.online(raw.keys.id));
  return log;
}

const RAW_PROFILE = { name: 'Raw', statusLine: '', avatar: null, version: 0 };

describe('friend rules end to end', () => {
  it('[INV-11][FR-5] a deleted friend reusing its old invite proof is asked about, not befriended', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const { link } = await a!.invite();
    await b!.add(link);
    await untilState(a!, b!.id, 'friend');
    await untilState(b!, a!.id, 'friend');
    await removeFriend(a!.deps, b!.id);
    await untilState(b!, a!.id, null);
    await untilState(a!, b!.id, null);
    // B opens the same (used) link again: its proof is the one A once accepted.
    let changes = 0;
    cleanup.push(
      a!.engine.on('changed', (peer) => {
        if (peer === b!.id) changes++;
      }),
    );
    await b!.add(link);
    await untilState(a!, b!.id, 'incoming');
    // A reports the change last, once it is done with the request: it asks, and answers nothing.
    await waitFor(() => changes > 0, 2000, 'the request handled');
    expect(await a!.person(b!.id)).toMatchObject({ state: 'incoming' });
    expect(await b!.person(a!.id)).toMatchObject({ state: 'outgoing' });
  });

  it('[FR-1] scanning the code of someone who already asked us makes us friends at once', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const expired = await a!.invite(Date.now() - INVITE_TTL_MS - 1000);
    await b!.add(expired.link);
    await untilState(a!, b!.id, 'incoming');
    const { link } = await b!.invite();
    expect(await a!.add(link)).toEqual({ ok: true, id: b!.id, state: 'friend' });
    expect(await a!.outbox(b!.id)).toEqual([]);
    await untilState(b!, a!.id, 'friend');
  });

  it('[FR-3] both scanned each other (expired codes, both offline): friends when they meet', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const old = Date.now() - INVITE_TTL_MS - 1000;
    const [fromA, fromB] = [await a!.invite(old), await b!.invite(old)];
    hub.setOffline(a!.transport, true);
    hub.setOffline(b!.transport, true);
    await a!.add(fromB.link);
    await b!.add(fromA.link);
    expect(await a!.person(b!.id)).toMatchObject({ state: 'outgoing' });
    hub.setOffline(a!.transport, false);
    hub.setOffline(b!.transport, false);
    await untilState(a!, b!.id, 'friend');
    await untilState(b!, a!.id, 'friend');
  });

  it('[FR-4] a resent request from a peer we declined is declined again at once', async () => {
    const hub = new MemoryHub();
    const [a, b, c] = await installs(hub, 'Ada', 'Bob', 'Cy');
    const { link } = await a!.invite();
    await c!.add(link);
    await untilState(a!, c!.id, 'friend');
    await b!.add(link);
    await untilState(a!, b!.id, 'incoming');
    await declineFriendRequest(a!.deps, b!.id);
    await untilState(b!, a!.id, 'declined');
    // B asks again: A answers FRIEND_DECLINE by itself, the user is not asked.
    expect(await b!.add(link)).toMatchObject({ ok: true, state: 'outgoing' });
    await untilState(b!, a!.id, 'declined');
    expect(await b!.outbox(a!.id)).toEqual([]);
    expect(await a!.person(b!.id)).toMatchObject({ state: 'rejected' });
  });

  it('[FR-4][FR-5] a declined requester cannot erase the decline with FRIEND_REMOVED', async () => {
    const hub = new MemoryHub();
    const [a] = await installs(hub, 'Ada');
    const raw = await rawPeer(hub);
    await pin(a!, raw, 'rejected');
    const first = await rawSession(a!, raw);
    first.send(removedFrame());
    await first.next('FRIEND_REMOVED');
    await waitFor(() => first.closed);
    expect(await a!.person(raw.keys.id)).toMatchObject({ state: 'rejected' });
    // Asking again is still declined, not a fresh request from a stranger.
    const second = await rawSession(a!, raw);
    second.send(requestFrame('A'.repeat(43), RAW_PROFILE));
    await second.next('FRIEND_DECLINE');
    expect(await a!.person(raw.keys.id)).toMatchObject({ state: 'rejected' });
  });

  it('[FR-5] a stranger’s FRIEND_REMOVED is answered; nothing is stored', async () => {
    const hub = new MemoryHub();
    const [a] = await installs(hub, 'Ada');
    const raw = await rawPeer(hub);
    const log = await rawSession(a!, raw);
    log.send(removedFrame());
    await log.next('FRIEND_REMOVED');
    await waitFor(() => log.closed);
    expect(await a!.person(raw.keys.id)).toBeNull();
  });

  it('[FR-5] two friends deleting each other at once end with no records and no ping-pong', async () => {
    const hub = new MemoryHub();
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    hub.setOffline(a!.transport, true);
    hub.drop(a!.id, b!.id);
    await removeFriend(a!.deps, b!.id);
    await removeFriend(b!.deps, a!.id);
    hub.setOffline(a!.transport, false);
    await untilState(a!, b!.id, null);
    await untilState(b!, a!.id, null);
    // Neither dials the other any more, nothing is left to deliver and no session is up to
    // deliver it on: with nothing left to start it, no ping-pong can follow.
    await waitFor(
      async () =>
        a!.engine.dialer.targets.length === 0 &&
        b!.engine.dialer.targets.length === 0 &&
        !a!.online(b!.id) &&
        !b!.online(a!.id) &&
        (await a!.outbox(b!.id)).length === 0 &&
        (await b!.outbox(a!.id)).length === 0,
      2000,
      'both quiet',
    );
    expect(await a!.person(b!.id)).toBeNull();
    expect(await b!.person(a!.id)).toBeNull();
  });

  it('[FR-2] with the request cap reached, a stranger with an expired proof is closed and not stored', async () => {
    const hub = new MemoryHub();
    const [a] = await installs(hub, 'Ada');
    for (let i = 0; i < MAX_INCOMING_REQUESTS; i++) {
      const id = randomPeerId();
      const person = newPerson(id, new Uint8Array(32), 'Someone', 'incoming', 1);
      await changePerson(a!.db, id, () => ({ person }), 1);
    }
    const raw = await rawPeer(hub);
    const { record } = await a!.invite(Date.now() - INVITE_TTL_MS - 1000);
    const proof = await friendRequestProof(base64urlDecode(record.secret)!, raw.keys.id);
    const log = await rawSession(a!, raw);
    log.send(requestFrame(proof, RAW_PROFILE));
    await waitFor(() => log.closed);
    expect(await a!.person(raw.keys.id)).toBeNull();
  });
});

describe('security notices [SES-9]', () => {
  /** A raw peer pinned as a friend of a fresh install, its HELLO sent. */
  async function friendHello(hub: MemoryHub, a: Install, nonce = newNonce()) {
    const raw = await rawPeer(hub);
    await pin(a, raw, 'friend');
    const log = await raw.dial(a.id);
    log.send(helloFrame(raw.keys.id, raw.keys.publicKeyRaw, nonce));
    const theirs = await log.next('HELLO');
    const fps = (await log.channel.fingerprints())!;
    const auth = await authFrame(raw.keys.privateKey, nonce, theirs.nonce as string, fps);
    return { raw, log, auth, nonce };
  }

  async function noticeOf(a: Install, raw: RawPeer, reason: string): Promise<void> {
    await waitFor(
      async () => (await a.person(raw.keys.id))?.notice?.reason === reason,
      2000,
      `${reason} notice`,
    );
  }

  it('[SES-9] a fingerprint, signature or replay failure records a notice on that friend', async () => {
    const hub = new MemoryHub();
    const [a] = await installs(hub, 'Ada');

    const swapped = await friendHello(hub, a!);
    const otherFp = `sha-256 ${Array.from({ length: 32 }, () => 'AB').join(':')}`;
    swapped.log.send({ ...swapped.auth, fp: otherFp });
    await noticeOf(a!, swapped.raw, 'fingerprint');

    const forged = await friendHello(hub, a!);
    forged.log.send({ ...forged.auth, sig: base64urlEncode(new Uint8Array(64)) });
    await noticeOf(a!, forged.raw, 'signature');

    const replayed = await friendHello(hub, a!);
    replayed.log.send(replayed.auth);
    await waitFor(() => a!.online(replayed.raw.keys.id));
    replayed.log.channel.close();
    await waitFor(() => !a!.online(replayed.raw.keys.id));
    const again = await replayed.raw.dial(a!.id);
    again.send(helloFrame(replayed.raw.keys.id, replayed.raw.keys.publicKeyRaw, replayed.nonce));
    await noticeOf(a!, replayed.raw, 'replay');
    expect(a!.online(swapped.raw.keys.id) || a!.online(forged.raw.keys.id)).toBe(false);
  });
});
