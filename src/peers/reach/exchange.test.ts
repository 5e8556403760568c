/**
 * Reach tokens end to end in memory: installs with real FriendsEngines on a hub that gates
 * OFFERs as the signaling worker does, with no trickle unless a test gives one. A dial that
 * gets through there carried a token its recipient registered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changePerson } from '../../db/peopleRepo';
import { base64urlDecode } from '../../lib/base64url';
import type { TransportError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { createReachToken, inviteReachToken, type ReachToken } from '../../lib/reach';
import { removeFriend, setPersonBlocked } from '../friends/actions';
import { befriend, makeInstall, untilState, type Install } from '../friends/testing';
import { MemoryHub, randomPeerId } from '../memory/MemoryHub';
import { untilStatus } from '../contractHelpers';
import type { ChannelMetadata } from '../transport';
import { waitFor } from '../session/testing';

/** A label nobody listens for: a dial that passes the gate is refused by the recipient. */
const PROBE_LABEL = 'reach-probe/1';

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

/**
 * Dial `to` with `token` (or none) from a fresh session that holds no reach state, so the OFFER
 * carries exactly that token (a token is a bearer token: the gate does not look at who sends
 * it). 'gate' when the reach gate refused it, 'through' when it reached the recipient (who
 * refuses the unwanted label).
 */
async function knock(
  hub: MemoryHub,
  to: Install,
  token: ReachToken | null,
): Promise<'gate' | 'through'> {
  const from = hub.createTransport(randomPeerId());
  cleanup.push(() => from.destroy());
  await untilStatus(from, 'online', 1000);
  const refusedBefore = hub.refused.length;
  const metadata: ChannelMetadata = token ? { reach: token } : {};
  const channel = from.connect(to.id, { label: PROBE_LABEL, metadata });
  const error = await channel.opened.then(
    () => null,
    (err: TransportError) => err,
  );
  const gated = hub.refused.slice(refusedBefore).some((r) => r.from === from.id && r.to === to.id);
  if (gated) {
    expect(error?.reason).toBe('peerUnavailable');
    return 'gate';
  }
  expect(error?.reason).toBe('closed');
  return 'through';
}

/** Wait until each of `a` and `b` holds the token the other gave it. */
async function untilTokensExchanged(a: Install, b: Install): Promise<void> {
  const exchanged = async (x: Install, y: Install) => {
    const given = (await y.person(x.id))?.reachGiven;
    return given !== undefined && (await x.person(y.id))?.reachHeld === given;
  };
  await waitFor(
    async () => (await exchanged(a, b)) && (await exchanged(b, a)),
    2000,
    'tokens exchanged',
  );
}

async function heldToken(install: Install, peer: PeerId): Promise<ReachToken> {
  const token = (await install.person(peer))?.reachHeld;
  if (!token) throw new Error(`${install.name} holds no token for ${peer}`);
  return token;
}

describe('reach tokens on a gated hub [SIG-REACH-*]', () => {
  it('[SIG-REACH-5][FR-8] friends through an invite’s token, then each holds the one the other gave', async () => {
    const hub = new MemoryHub({ reachGate: { trickle: 0 } });
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const { record, link } = await a!.invite();
    const invited = await inviteReachToken(base64urlDecode(record.secret)!);
    // Ada is away when Bob scans, so nothing can replace the token Bob starts with.
    hub.setOffline(a!.transport, true);
    await b!.add(link);
    expect(await heldToken(b!, a!.id)).toBe(invited);
    hub.setOffline(a!.transport, false);
    await untilState(a!, b!.id, 'friend');
    await untilState(b!, a!.id, 'friend');
    await untilTokensExchanged(a!, b!);
    // No trickle: every dial carried a token its recipient had registered.
    expect(hub.refused).toEqual([]);
    expect(await heldToken(b!, a!.id)).not.toBe(invited);
  });

  it('[SIG-REACH-5] an invite’s token opens its maker while the invite lives, and nothing once used', async () => {
    const hub = new MemoryHub({ reachGate: { trickle: 0 } });
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    const { record, link } = await a!.invite();
    const invited = await inviteReachToken(base64urlDecode(record.secret)!);
    expect(await knock(hub, a!, invited)).toBe('through');
    await b!.add(link);
    await untilState(a!, b!.id, 'friend');
    await untilTokensExchanged(a!, b!);
    expect(await knock(hub, a!, invited)).toBe('gate');
    expect(await knock(hub, a!, null)).toBe('gate');
  });

  it('[SIG-REACH-3] friends reconnect through the tokens they exchanged', async () => {
    const hub = new MemoryHub({ reachGate: { trickle: 0 } });
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    await untilTokensExchanged(a!, b!);
    await waitFor(() => a!.online(b!.id) && b!.online(a!.id), 2000, 'first session');
    for (let round = 0; round < 3; round++) {
      hub.drop(a!.id, b!.id);
      await waitFor(() => !a!.online(b!.id) || !b!.online(a!.id), 2000, 'session lost');
      await waitFor(() => a!.online(b!.id) && b!.online(a!.id), 2000, 'session back');
    }
    expect(hub.refused).toEqual([]);
  });

  it('[SIG-REACH-6] a removed friend’s token is refused at once; befriending again makes a new one', async () => {
    const hub = new MemoryHub({ reachGate: { trickle: 0 } });
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    await untilTokensExchanged(a!, b!);
    const old = await heldToken(b!, a!.id);
    expect(await knock(hub, a!, old)).toBe('through');
    await removeFriend(a!.deps, b!.id);
    expect(await knock(hub, a!, old)).toBe('gate');
    await untilState(b!, a!.id, null);
    await untilState(a!, b!.id, null);
    await befriend(a!, b!);
    await untilTokensExchanged(a!, b!);
    const fresh = await heldToken(b!, a!.id);
    expect(fresh).not.toBe(old);
    expect(await knock(hub, a!, fresh)).toBe('through');
    expect(await knock(hub, a!, old)).toBe('gate');
  });

  it('[SIG-REACH-6] blocking drops both tokens and refuses the blocked friend’s dial at once', async () => {
    const hub = new MemoryHub({ reachGate: { trickle: 0 } });
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    await untilTokensExchanged(a!, b!);
    const theirs = await heldToken(b!, a!.id);
    expect(await knock(hub, a!, theirs)).toBe('through');
    await setPersonBlocked(a!.deps, b!.id, true);
    expect(await a!.person(b!.id)).not.toHaveProperty('reachGiven');
    expect(await a!.person(b!.id)).not.toHaveProperty('reachHeld');
    expect(await knock(hub, a!, theirs)).toBe('gate');
  });

  it('[SIG-REACH-4][FR-8] friends whose tokens went stale meet through the trickle and get fresh ones', async () => {
    const hub = new MemoryHub({ reachGate: { trickle: 1 } });
    const [a, b] = await installs(hub, 'Ada', 'Bob');
    await befriend(a!, b!);
    await untilTokensExchanged(a!, b!);
    // As after restoring an old backup: what each presents no longer opens the other.
    for (const [x, y] of [
      [a!, b!],
      [b!, a!],
    ] as const) {
      const stale = createReachToken();
      await changePerson(
        x.db,
        y.id,
        (p) => (p ? { person: { ...p, reachHeld: stale } } : undefined),
        1,
      );
      await x.engine.peerChanged(y.id);
    }
    hub.drop(a!.id, b!.id);
    await untilTokensExchanged(a!, b!);
    await waitFor(() => a!.online(b!.id) && b!.online(a!.id), 2000, 'session back');
  });

  it('[SIG-REACH-3] a stranger who knows an id but holds no token is refused', async () => {
    const hub = new MemoryHub({ reachGate: { trickle: 0 } });
    const [a] = await installs(hub, 'Ada');
    expect(await knock(hub, a!, null)).toBe('gate');
    expect(await knock(hub, a!, createReachToken())).toBe('gate');
  });
});
