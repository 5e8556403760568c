/**
 * Test helpers: a whole install (own database with an identity and a profile, a runtime on a
 * MemoryHub transport), and befriending two of them through an invite, as the app does. No
 * test-framework imports.
 */
import { IDENTITY_KEY, PlumeDatabase } from '../db/db';
import { getPerson } from '../db/peopleRepo';
import { saveMyProfile } from '../db/profileRepo';
import { generateIdentityKeys, type IdentityKeys } from '../lib/identity';
import type { PeerId } from '../lib/ids';
import { parseInviteLink } from '../lib/invite';
import {
  addFriendFromInvite,
  createInvite,
  inviteLinkOf,
  type FriendActionDeps,
} from '../peers/friends/actions';
import type { MemoryHub } from '../peers/memory/MemoryHub';
import type { MemoryTransport } from '../peers/memory/MemoryTransport';
import { waitFor } from '../peers/session/testing';
import type { SignalingEnvironment } from '../peers/signalingLifecycle';
import type { WakeService } from '../peers/wake/service';
import { startRuntime, type Runtime } from './runtime';

/** Origin used in test invite links. */
const TEST_ORIGIN = 'https://plume.test';

/** One simulated install with its runtime. */
export interface RuntimeInstall {
  name: string;
  keys: IdentityKeys;
  id: PeerId;
  db: PlumeDatabase;
  transport: MemoryTransport;
  runtime: Runtime;
  /** What a friend action needs, on this install's friends engine. */
  deps: FriendActionDeps;
}

/** A fresh database holding the identity `keys` named `name` and its first profile. */
export async function installDatabase(name: string, keys: IdentityKeys): Promise<PlumeDatabase> {
  const db = new PlumeDatabase(`test-runtime-${name}-${crypto.randomUUID()}`);
  await db.identity.put({
    key: IDENTITY_KEY,
    id: keys.id,
    displayName: name,
    createdAt: 1,
    publicKeyRaw: keys.publicKeyRaw,
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
  });
  await saveMyProfile(db, {}, 1);
  return db;
}

/** A new install named `name` with its runtime started on `hub`, online. */
export async function startInstall(
  hub: MemoryHub,
  name: string,
  clock?: SignalingEnvironment,
  wake?: WakeService,
): Promise<RuntimeInstall> {
  const keys = await generateIdentityKeys();
  const db = await installDatabase(name, keys);
  const transport = hub.createTransport(keys.id);
  const runtime = startRuntime({
    transport,
    keys,
    db,
    clock,
    ...(wake ? { wake: { origin: TEST_ORIGIN, service: wake } } : {}),
  });
  await waitFor(() => transport.status === 'online', 1000, `${name} online`);
  const deps = { db, keys, engine: runtime.friends };
  return { name, keys, id: keys.id, db, transport, runtime, deps };
}

/** A fresh invite link of `inviter` (`deps` may come from the UI's models). */
export async function inviteLink(inviter: {
  name: string;
  keys: IdentityKeys;
  deps: FriendActionDeps;
}): Promise<string> {
  const record = await createInvite(inviter.deps);
  return inviteLinkOf(TEST_ORIGIN, inviter.keys, inviter.name, record);
}

/** `invitee` adds `link` and both sides store each other as friends. */
export async function acceptInvite(
  invitee: { deps: FriendActionDeps },
  inviter: { deps: FriendActionDeps },
  link: string,
): Promise<void> {
  const parsed = await parseInviteLink(link);
  if (!parsed.ok) throw new Error(parsed.message);
  await addFriendFromInvite(invitee.deps, parsed.invite);
  const friends = async (of: FriendActionDeps, id: PeerId) =>
    (await getPerson(of.db, id))?.state === 'friend';
  await waitFor(
    async () =>
      (await friends(inviter.deps, invitee.deps.keys.id)) &&
      (await friends(invitee.deps, inviter.deps.keys.id)),
    2000,
    'both sides friends',
  );
}
