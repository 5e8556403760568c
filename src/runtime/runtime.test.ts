import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureConv, getConv } from '../db/convsRepo';
import { hasUndelivered } from '../peers/wake/undelivered';
import { getMessage } from '../db/messagesRepo';
import type { ChatEvent } from '../lib/chatEvent';
import { directConversationId, eventIdOf } from '../lib/convId';
import type { ConversationId } from '../lib/ids';
import { setLogSink } from '../lib/log';
import { MemoryHub } from '../peers/memory/MemoryHub';
import { waitFor } from '../peers/session/testing';
import { FakeEnvironment, flush } from '../peers/testing/fakeEnvironment';
import type { MomentsApi } from '../peers/moments/api';
import { acceptInvite, inviteLink, startInstall, type RuntimeInstall } from './testing';

/** The first load of the file and call engines' modules is slow in a busy test run. */
const FEATURES_LOAD_MS = 5000;

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

/** Two installs on one hub and one clock, friends through an invite, with their direct chat. */
async function friends(clock: FakeEnvironment) {
  const hub = new MemoryHub();
  const ada = await startInstall(hub, 'Ada', clock);
  const bob = await startInstall(hub, 'Bob', clock);
  cleanup.push(
    () => ada.runtime.stop(),
    () => bob.runtime.stop(),
  );
  const resyncs = [vi.spyOn(ada.runtime.sync, 'resync'), vi.spyOn(bob.runtime.sync, 'resync')];
  await acceptInvite(bob, ada, await inviteLink(ada));
  const conv = directConversationId(ada.id, bob.id);
  await ensureConv(bob.db, { conv, peer: ada.id, members: [ada.id, bob.id] }, Date.now());
  return { hub, ada, bob, conv, resyncs };
}

/** Every `incoming` the runtime's sync engine reports. */
function incomingAt(install: RuntimeInstall): { conv: ConversationId; events: ChatEvent[] }[] {
  const seen: { conv: ConversationId; events: ChatEvent[] }[] = [];
  cleanup.push(install.runtime.sync.on('incoming', (conv, events) => seen.push({ conv, events })));
  return seen;
}

describe('runtime', () => {
  it('[SYNC-1] two runtimes on a MemoryHub become friends and a message reaches the other', async () => {
    const clock = new FakeEnvironment();
    const { ada, bob, conv, resyncs } = await friends(clock);
    // The friendship began on a live session: both sync engines offer HAVE at once.
    expect(resyncs[0]).toHaveBeenCalledWith(bob.id);
    expect(resyncs[1]).toHaveBeenCalledWith(ada.id);
    const seen = incomingAt(ada);

    const sent = await bob.runtime.sync.append(conv, 'text', { text: 'hello Ada' });
    const id = eventIdOf(conv, bob.id, sent.seq);
    await waitFor(async () => (await getMessage(ada.db, id)) !== null, 2000, 'message at Ada');
    expect((await getMessage(ada.db, id))?.text).toBe('hello Ada');
    await waitFor(() => seen.length > 0);
    expect(seen[0]!.conv).toBe(conv);
    expect(seen[0]!.events.map((e) => e.body)).toEqual([{ text: 'hello Ada' }]);
    expect(ada.runtime.friends.online.has(bob.id)).toBe(true);
  });

  it("[GRP-30][GRP-19] members who are not friends meet through the roster: Cat gets Bob's message with Ada gone", async () => {
    const clock = new FakeEnvironment();
    const hub = new MemoryHub();
    const [ada, bob, cat] = await Promise.all(
      ['Ada', 'Bob', 'Cat'].map((name) => startInstall(hub, name, clock)),
    );
    cleanup.push(
      () => ada!.runtime.stop(),
      () => bob!.runtime.stop(),
      () => cat!.runtime.stop(),
    );
    await acceptInvite(bob!, ada!, await inviteLink(ada!));
    await acceptInvite(cat!, ada!, await inviteLink(ada!));
    const group = await ada!.runtime.groups.create('Three', [bob!.id, cat!.id]);
    // Bob and Cat are not friends: only the rosters key a session between them.
    await waitFor(
      () => bob!.runtime.friends.manager.session(cat!.id) !== null,
      3000,
      'a session between Bob and Cat',
    );
    ada!.runtime.stop();
    const sent = await bob!.runtime.sync.append(group, 'text', { text: 'hi Cat' });
    const id = eventIdOf(group, bob!.id, sent.seq);
    await waitFor(async () => (await getMessage(cat!.db, id)) !== null, 3000, 'the message at Cat');
    expect((await getMessage(cat!.db, id))?.text).toBe('hi Cat');
  });

  it('[GRP-21][GRP-19] the runtime exposes group actions: a group Bob creates reaches Ada, and it is not woken for', async () => {
    const clock = new FakeEnvironment();
    const { ada, bob } = await friends(clock);
    const group = await bob.runtime.groups.create('Runtime', [ada.id]);
    await waitFor(
      async () => (await ada.runtime.groupDirectory.members(group)).includes(bob.id),
      2000,
      'the group at Ada',
    );
    expect((await ada.runtime.groups.view(group))?.name).toBe('Runtime');
    expect(await bob.runtime.groupDirectory.sharedGroups(ada.id)).toEqual([group]);
    const row = await getConv(bob.db, group);
    expect(row && hasUndelivered(row, bob.id)).toBe(false);
  });

  it('loads the file engine with the first friend’s session; calls stay off without media', async () => {
    const clock = new FakeEnvironment();
    const { ada } = await friends(clock);
    await waitFor(() => ada.runtime.features !== null, FEATURES_LOAD_MS, 'feature engines');
    const features = ada.runtime.features!;
    expect(features.calls).toBeNull();
    const told: unknown[] = [];
    cleanup.push(ada.runtime.onFeatures((engines) => told.push(engines)));
    expect(told).toEqual([features]);
    expect(await features.files.usage()).toEqual([]);
  });

  it('stop() stops every engine and the transport and leaves no timer behind', async () => {
    const clock = new FakeEnvironment();
    const { ada, bob, conv } = await friends(clock);
    await waitFor(
      () => ada.runtime.features !== null && bob.runtime.features !== null,
      FEATURES_LOAD_MS,
      'feature engines',
    );
    // Bob types: Ada's sync engine holds a timer to hide it again.
    await bob.runtime.sync.typing(conv);
    await waitFor(() => ada.runtime.sync.typingIn.has(conv), 2000, 'Ada sees Bob typing');
    expect(clock.nextDelay()).not.toBeNull();
    const { friends: adaFriends, sync, features } = ada.runtime;
    const stops = [adaFriends, sync, features!.files].map((engine) => vi.spyOn(engine, 'stop'));

    ada.runtime.stop();
    for (const stop of stops) expect(stop).toHaveBeenCalledOnce();
    expect(ada.transport.destroyed).toBe(true);
    expect(ada.runtime.friends.online.size).toBe(0);
    await waitFor(() => !bob.runtime.friends.online.has(ada.id), 2000, 'Bob sees Ada leave');
    bob.runtime.stop();
    expect(bob.transport.destroyed).toBe(true);
    await flush();
    expect(clock.nextDelay()).toBeNull();
    // A second stop changes nothing.
    ada.runtime.stop();
  });

  it('a runtime stopped while its file and call engines load starts neither', async () => {
    const clock = new FakeEnvironment();
    const hub = new MemoryHub();
    const ada = await startInstall(hub, 'Ada', clock);
    const told: unknown[] = [];
    ada.runtime.onFeatures((engines) => told.push(engines));
    ada.runtime.loadFeatures();
    ada.runtime.stop();
    // The same module, imported after the runtime asked for it, settles after its import.
    await import('./features');
    await flush();
    expect(ada.runtime.features).toBeNull();
    expect(told).toEqual([]);
    expect(clock.nextDelay()).toBeNull();
  });

  it('[MOM-13] loads moments with the first friend\u2019s session; a post reaches the friend', async () => {
    const clock = new FakeEnvironment();
    const { ada, bob } = await friends(clock);
    const running = await new Promise<MomentsApi>((resolve) => {
      cleanup.push(ada.runtime.onMoments(resolve));
    });
    const onBob = await bob.runtime.loadMoments();
    expect(await bob.runtime.loadMoments()).toBe(onBob);
    const key = await running.publish({ text: 'hello moments', audience: { kind: 'all' } });
    await waitFor(
      async () => (await onBob.post(key)) !== null,
      FEATURES_LOAD_MS,
      'the post at Bob',
    );
  });
});
