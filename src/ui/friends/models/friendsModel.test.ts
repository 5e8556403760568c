import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useDatabase } from '../../../db/db';
import { parseInviteLink } from '../../../lib/invite';
import { setLogSink } from '../../../lib/log';
import { safetyNumber, safetyQrPayload } from '../../../lib/safetyNumber';
import { makeInstall, type Install } from '../../../peers/friends/testing';
import { MemoryHub } from '../../../peers/memory/MemoryHub';
import { waitFor } from '../../../peers/session/testing';
import {
  addFromInvite,
  people,
  removeFriend,
  setBlocked,
  setLabels,
  setRemark,
  startFriends,
} from './friends';
import { safetyNumberOf, verifyByScan } from './safety';
import { createIdentity, identityKeys, identityState, me } from '../../me/models/identity';
import { currentInvite, ensureInvite, invites } from './invites';
import { myProfile, updateProfile } from '../../me/models/profile';
import { runtime, startEngines, type TransportFactory } from '../../shell/models/runtime';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
  useDatabase(`test-model-friends-${crypto.randomUUID()}`);
  identityState.value = 'loading';
  me.value = null;
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

function memoryFactory(hub: MemoryHub): TransportFactory {
  return (keys) => Promise.resolve(hub.createTransport(keys.id));
}

async function bob(hub: MemoryHub): Promise<Install> {
  const install = await makeInstall(hub, 'Bob');
  cleanup.push(() => install.stop());
  return install;
}

describe('friends model', () => {
  it('follows the runtime’s friends engine: invite, befriend, presence, edits, replacement, stop', async () => {
    const hub = new MemoryHub();
    let stopEngines = startEngines(memoryFactory(hub));
    const stopFriends = startFriends();
    cleanup.push(() => stopEngines(), stopFriends);
    expect(startFriends()).toBe(stopFriends);
    await createIdentity('Ada');
    await waitFor(() => runtime.value !== null && myProfile.value !== null);
    const ada = identityKeys.value!;

    await ensureInvite();
    const shown = currentInvite.value!;
    expect(shown.status).toBe('valid');
    const parsed = await parseInviteLink(shown.link);
    expect(parsed.ok && parsed.invite.id).toBe(ada.id);
    expect(parsed.ok && parsed.invite.name).toBe('Ada');

    const b = await bob(hub);
    await b.add(shown.link);
    await waitFor(() =>
      people.value.some((p) => p.id === b.id && p.state === 'friend' && p.online),
    );
    // The shown invite was spent: "My code" moved on to a fresh one.
    await waitFor(() => currentInvite.value !== null && currentInvite.value.link !== shown.link);
    expect(invites.value.find((i) => i.link === shown.link)).toMatchObject({
      status: 'used',
      usedBy: b.id,
    });

    await setRemark(b.id, '  Bobby  ');
    await setLabels(b.id, ['work', ' work ', '']);
    expect(people.value[0]).toMatchObject({ title: 'Bobby', name: 'Bob', labels: ['work'] });

    await updateProfile({ statusLine: 'on holiday', displayName: 'Ada L.' });
    expect(me.value?.displayName).toBe('Ada L.');
    await waitFor(async () => (await b.person(ada.id))?.statusLine === 'on holiday');
    expect((await b.person(ada.id))!.name).toBe('Ada L.');

    // The engines stop and a new runtime starts on a new transport: the model follows.
    const firstEngine = runtime.value!.friends;
    stopEngines();
    await waitFor(() => runtime.value === null && !people.value[0]!.online);
    stopEngines = startEngines(memoryFactory(hub));
    await waitFor(() => runtime.value !== null && runtime.value.friends !== firstEngine);
    await waitFor(() => people.value[0]!.online, 3000);

    // Stopped, the model lets go of the engine: nobody is shown online any more.
    stopFriends();
    expect(people.value[0]!.online).toBe(false);
    stopEngines();
    expect(runtime.value).toBeNull();
  });

  it('[SAFE-6] safety number matches the friend’s; scanning their safety QR verifies', async () => {
    const hub = new MemoryHub();
    const stopEngines = startEngines(memoryFactory(hub));
    const stopFriends = startFriends();
    cleanup.push(() => stopEngines(), stopFriends);
    await createIdentity('Ada');
    await waitFor(() => runtime.value !== null);
    const b = await bob(hub);
    await ensureInvite();
    await b.add(currentInvite.value!.link);
    await waitFor(() => people.value.some((p) => p.state === 'friend'));
    const ada = identityKeys.value!;
    const digits = await safetyNumberOf(b.id);
    expect(digits).toBe(await safetyNumber(b.keys.publicKeyRaw, b.id, ada.publicKeyRaw, ada.id));
    expect(await verifyByScan(b.id, 'plume-verify/1:' + '1'.repeat(60))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(people.value[0]!.verified).toBe(false);
    expect(await verifyByScan(b.id, safetyQrPayload(digits))).toEqual({ ok: true });
    expect(people.value[0]!.verified).toBe(true);
  });

  it('[SAFE-6] an invite verifies only when the camera read it; a forwarded one does not', async () => {
    const hub = new MemoryHub();
    const stopEngines = startEngines(memoryFactory(hub));
    const stopFriends = startFriends();
    cleanup.push(() => stopEngines(), stopFriends);
    await createIdentity('Ada');
    await waitFor(() => runtime.value !== null);
    const b = await bob(hub);
    await ensureInvite();
    await b.add(currentInvite.value!.link);
    await waitFor(() => people.value.some((p) => p.state === 'friend'));
    const { link } = await b.invite();
    const refused = { ok: false, reason: 'not-safety-code' };
    expect(await verifyByScan(b.id, link)).toEqual(refused);
    expect(await verifyByScan(b.id, link, 'paste')).toEqual(refused);
    expect(await verifyByScan(b.id, link, 'file')).toEqual(refused);
    expect(people.value[0]!.verified).toBe(false);
    const stranger = await makeInstall(hub, 'Eve');
    cleanup.push(() => stranger.stop());
    const { link: other } = await stranger.invite();
    expect(await verifyByScan(b.id, other, 'camera')).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifyByScan(b.id, link, 'camera')).toEqual({ ok: true });
    expect(people.value[0]!.verified).toBe(true);
  });

  it('explains what cannot be added, and removing or blocking updates the list', async () => {
    const hub = new MemoryHub();
    const stopEngines = startEngines(memoryFactory(hub));
    const stopFriends = startFriends();
    cleanup.push(() => stopEngines(), stopFriends);
    await createIdentity('Ada');
    await waitFor(() => runtime.value !== null);
    expect(await addFromInvite('WIFI:S:home;;')).toMatchObject({ ok: false, reason: 'not-plume' });
    await ensureInvite();
    expect(await addFromInvite(currentInvite.value!.link)).toMatchObject({
      ok: false,
      reason: 'self',
    });
    const b = await bob(hub);
    const { link } = await b.invite();
    expect(await addFromInvite(link)).toEqual({ ok: true, id: b.id, state: 'outgoing' });
    await waitFor(() => people.value[0]?.state === 'friend');
    await setBlocked(b.id, true);
    expect(people.value[0]).toMatchObject({ blocked: true });
    await waitFor(() => !people.value[0]!.online);
    await setBlocked(b.id, false);
    await removeFriend(b.id);
    expect(people.value).toEqual([]);
    await waitFor(async () => (await b.person(identityKeys.value!.id)) === null);
  });
});
