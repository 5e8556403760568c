// Waking a friend whose app is closed, on two runtimes on a MemoryHub with a fake wake service
// ([WAKE-13], [WAKE-14]). The grace period runs on the injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directConversationId } from '../lib/convId';
import { ensureConv } from '../db/convsRepo';
import { getPerson } from '../db/peopleRepo';
import type { PeerId } from '../lib/ids';
import { setLogSink } from '../lib/log';
import type { ReachToken } from '../lib/reach';
import type { WakeKind } from '../lib/wakeProtocol';
import { removeFriend } from '../peers/friends/actions';
import { MemoryHub } from '../peers/memory/MemoryHub';
import { waitFor } from '../peers/session/testing';
import { FakeEnvironment, flush } from '../peers/testing/fakeEnvironment';
import type { WakeResult, WakeService } from '../peers/wake/service';
import { WAKE_GRACE_MS } from '../peers/wake/WakeEngine';
import { acceptInvite, inviteLink, startInstall } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

/** A wake service that records what it was asked. */
class RecordingWake implements WakeService {
  readonly asked: { peer: PeerId; token: ReachToken; kind: WakeKind }[] = [];
  wake(peer: PeerId, token: ReachToken, kind: WakeKind): Promise<WakeResult> {
    this.asked.push({ peer, token, kind });
    return Promise.resolve({ outcome: 'sent', retryAfterMs: null });
  }
}

/** Ada (who may wake) and Bob, friends, tokens exchanged; Bob then goes away. */
async function bobAway() {
  const clock = new FakeEnvironment();
  const hub = new MemoryHub();
  const service = new RecordingWake();
  const ada = await startInstall(hub, 'Ada', clock, service);
  const bob = await startInstall(hub, 'Bob', clock);
  cleanup.push(
    () => ada.runtime.stop(),
    () => bob.runtime.stop(),
  );
  await acceptInvite(bob, ada, await inviteLink(ada));
  // Each holds the token the other gave: what a wake presents.
  await waitFor(
    async () => {
      const given = (await getPerson(bob.db, ada.id))?.reachGiven;
      return given !== undefined && (await getPerson(ada.db, bob.id))?.reachHeld === given;
    },
    2000,
    'Bob’s token at Ada',
  );
  await waitFor(() => ada.runtime.friends.online.has(bob.id), 10_000, 'session');
  hub.setOffline(bob.transport, true);
  hub.drop(ada.id, bob.id);
  await waitFor(() => !ada.runtime.friends.online.has(bob.id), 10_000, 'Bob away');
  const conv = directConversationId(ada.id, bob.id);
  await ensureConv(ada.db, { conv, peer: bob.id, members: [ada.id, bob.id] }, Date.now());
  return { clock, hub, service, ada, bob, conv };
}

/** Let the chat's change reach the wake engine (its chunk loads once) and arm the grace timer. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await flush();
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (let i = 0; i < 20; i++) await flush();
}

describe('waking a friend who is away', () => {
  it('[WAKE-14] a message a friend does not get within the grace wakes them, with the token they gave us', async () => {
    const { clock, service, ada, bob, conv } = await bobAway();
    await ada.runtime.sync.append(conv, 'text', { text: 'are you there?' });
    await waitFor(async () => (await ada.runtime.loadWake()) !== null, 10_000, 'wake loaded');
    await settle();
    await clock.advance(WAKE_GRACE_MS - 1);
    expect(service.asked).toEqual([]);
    await clock.advance(1);
    await waitFor(() => service.asked.length === 1, 10_000, 'a wake');
    const token = (await getPerson(bob.db, ada.id))?.reachGiven;
    expect(service.asked[0]).toEqual({ peer: bob.id, token, kind: 'message' });
    // The message itself never goes to the service: only id, token and kind.
    expect(JSON.stringify(service.asked)).not.toContain('are you there');
  });

  it('[WAKE-14] a friend who comes back within the grace is not woken', async () => {
    const { clock, hub, service, ada, bob, conv } = await bobAway();
    await ada.runtime.sync.append(conv, 'text', { text: 'hi' });
    await waitFor(async () => (await ada.runtime.loadWake()) !== null, 10_000, 'wake loaded');
    await settle();
    hub.setOffline(bob.transport, false);
    await waitFor(() => ada.runtime.friends.online.has(bob.id), 5000, 'Bob back');
    await clock.advance(WAKE_GRACE_MS * 2);
    expect(service.asked).toEqual([]);
  });

  it('[WAKE-13] nobody is woken for a friend we removed', async () => {
    const { clock, service, ada, bob, conv } = await bobAway();
    await ada.runtime.sync.append(conv, 'text', { text: 'bye' });
    await removeFriend(ada.deps, bob.id);
    await waitFor(async () => (await ada.runtime.loadWake()) !== null, 10_000, 'wake loaded');
    await settle();
    await clock.advance(WAKE_GRACE_MS * 2);
    await settle();
    expect(service.asked).toEqual([]);
  });
});
