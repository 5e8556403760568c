/**
 * Test helpers: a whole install (own database, keys, memory transport,
 * FriendsEngine) so friend flows run between two or three installs in one
 * process. No test-framework imports.
 */
import { IDENTITY_KEY, PlumeDatabase } from '../../db/db';
import { getPerson } from '../../db/peopleRepo';
import { outboxFor } from '../../db/outboxRepo';
import { saveMyProfile } from '../../db/profileRepo';
import { generateIdentityKeys, type IdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import { parseInviteLink, type InviteRecord } from '../../lib/invite';
import type { OutboxEntry, PersonRecord } from '../../lib/people';
import type { MemoryHub } from '../memory/MemoryHub';
import type { MemoryTransport } from '../memory/MemoryTransport';
import { waitFor } from '../session/testing';
import {
  addFriendFromInvite,
  createInvite,
  inviteLinkOf,
  type AddOutcome,
  type FriendActionDeps,
} from './actions';
import { FriendsEngine, type FriendsEngineOptions } from './FriendsEngine';

/** Origin used in test invite links. */
export const TEST_ORIGIN = 'https://plume.test';

/** One simulated install. */
export interface Install {
  name: string;
  keys: IdentityKeys;
  id: PeerId;
  db: PlumeDatabase;
  transport: MemoryTransport;
  engine: FriendsEngine;
  deps: FriendActionDeps;
  /** Test clock: Date.now() plus this offset. */
  clockOffset: number;
  person(id: PeerId): Promise<PersonRecord | null>;
  outbox(to: PeerId): Promise<OutboxEntry[]>;
  invite(createdAt?: number): Promise<{ record: InviteRecord; link: string }>;
  add(link: string): Promise<AddOutcome>;
  online(id: PeerId): boolean;
  stop(): void;
}

type EngineTuning = Omit<FriendsEngineOptions, 'transport' | 'keys' | 'db'>;

/** Fast timings for tests. */
export const FAST: EngineTuning = {
  handshakeTimeoutMs: 500,
  strangerTimeoutMs: 150,
  backoff: { baseMs: 10, capMs: 40, minMs: 5 },
};

/** A new install named `name`, online on `hub`, its engine started. */
export async function makeInstall(
  hub: MemoryHub,
  name: string,
  tuning: EngineTuning = FAST,
): Promise<Install> {
  const keys = await generateIdentityKeys();
  const db = new PlumeDatabase(`test-friends-${name}-${crypto.randomUUID()}`);
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
  const transport = hub.createTransport(keys.id);
  const install: Install = {
    name,
    keys,
    id: keys.id,
    db,
    transport,
    clockOffset: 0,
    engine: null as unknown as FriendsEngine,
    deps: null as unknown as FriendActionDeps,
    person: (id) => getPerson(db, id),
    outbox: (to) => outboxFor(db, to),
    invite: async (createdAt) => {
      const record = await createInvite({
        ...install.deps,
        now: () => createdAt ?? Date.now() + install.clockOffset,
      });
      return { record, link: inviteLinkOf(TEST_ORIGIN, keys, name, record) };
    },
    add: async (link) => {
      const parsed = await parseInviteLink(link);
      if (!parsed.ok) throw new Error(parsed.message);
      return addFriendFromInvite(install.deps, parsed.invite);
    },
    online: (id) => install.engine.online.has(id),
    stop: () => {
      install.engine.stop();
      transport.destroy();
      db.close();
    },
  };
  const now = () => Date.now() + install.clockOffset;
  install.engine = new FriendsEngine({ ...tuning, transport, keys, db, now });
  install.deps = { db, keys, engine: install.engine, now };
  install.engine.start();
  await waitFor(() => transport.status === 'online', 1000, `${name} online`);
  return install;
}

/** Wait until `install` stores `id` in `state` (or, with null, stores nothing). */
export async function untilState(
  install: Install,
  id: PeerId,
  state: PersonRecord['state'] | null,
  ms = 2000,
): Promise<void> {
  await waitFor(
    async () => ((await install.person(id))?.state ?? null) === state,
    ms,
    `${install.name} sees ${id} as ${String(state)}`,
  );
}

/** Make A and B friends through a fresh valid invite from A. */
export async function befriend(a: Install, b: Install): Promise<void> {
  const { link } = await a.invite();
  await b.add(link);
  await untilState(a, b.id, 'friend');
  await untilState(b, a.id, 'friend');
}

/**
 * From now on, count the sessions with `peer` that fail and that come up at
 * `install`: a test waits for failed dials (a positive sign that dialling was
 * tried) instead of sleeping to show that nothing got through.
 */
export function sessionsWith(install: Install, peer: PeerId): { failed: number; up: number } {
  const seen = { failed: 0, up: 0 };
  install.engine.manager.on('failed', (p) => {
    if (p === peer) seen.failed++;
  });
  install.engine.manager.on('up', (session) => {
    if (session.peer === peer) seen.up++;
  });
  return seen;
}
