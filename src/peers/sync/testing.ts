/**
 * Test helpers: friend installs (src/peers/friends/testing.ts) with a chat
 * SyncEngine each, a crash that drops the engine's memory but keeps the
 * database, and readers for comparing logs. No test-framework imports.
 */
import { ensureConv } from '../../db/convsRepo';
import type { EventRow } from '../../db/chatRows';
import { directConversationId } from '../../lib/convId';
import type { ConversationId, PeerId } from '../../lib/ids';
import { befriend, FAST, makeInstall, type Install } from '../friends/testing';
import type { MemoryHub } from '../memory/MemoryHub';
import type { SignalingEnvironment } from '../signalingLifecycle';
import { SyncEngine } from './SyncEngine';
import { GroupsEngine } from '../groups/GroupsEngine';
import { RosterDirectory } from '../groups/RosterDirectory';
import { RosterSessions } from '../groups/RosterSessions';

/** An install with a running sync engine. */
export interface ChatInstall extends Install {
  sync: SyncEngine;
  /** The held groups and the group actions, on this install's sync engine. */
  directory: RosterDirectory;
  groups: GroupsEngine;
  /** Whether this install sends READ (its readReceipts setting). */
  readReceipts: boolean;
  /** Drop the engine's memory (keep the DB) and start a fresh one. */
  restartSync(): void;
}

/**
 * A new install with a sync engine. With `roster`, its handshakes take members' keys from its
 * held groups and a guard closes sessions with removed members, as the app's group sessions do.
 */
export async function makeChatInstall(
  hub: MemoryHub,
  name: string,
  options: { roster?: boolean; env?: SignalingEnvironment } = {},
): Promise<ChatInstall> {
  let holder: ChatInstall | null = null;
  const groups = {
    rosterKey: (peer: PeerId) => holder!.directory.rosterKey(peer),
    shares: (peer: PeerId, conv: ConversationId) => holder!.directory.shares(peer, conv),
  };
  const base = await makeInstall(hub, name, options.roster ? { ...FAST, groups } : FAST);
  const install = base as ChatInstall;
  holder = install;
  let guard: RosterSessions | null = null;
  install.readReceipts = true;
  const now = () => Date.now() + install.clockOffset;
  const make = () => {
    install.directory = new RosterDirectory(base.db, base.id);
    install.sync = new SyncEngine({
      manager: base.engine.manager,
      keys: base.keys,
      db: base.db,
      readReceipts: () => Promise.resolve(install.readReceipts),
      now,
      groups: install.directory,
      ...(options.env ? { env: options.env } : {}),
    });
    install.groups = new GroupsEngine({
      db: base.db,
      keys: base.keys,
      directory: install.directory,
      sync: install.sync,
      now,
    });
    install.sync.start();
    if (options.roster) {
      const sync = install.sync;
      guard?.stop();
      guard = new RosterSessions({
        manager: base.engine.manager,
        directory: install.directory,
        farewell: (peer) => sync.farewell(peer),
      });
      guard.start();
    }
  };
  make();
  install.restartSync = () => {
    install.sync.stop();
    install.directory.close();
    make();
  };
  const stopBase = base.stop.bind(base);
  install.stop = () => {
    guard?.stop();
    install.sync.stop();
    install.directory.close();
    stopBase();
  };
  return install;
}

/** Two friends with chat engines and their direct conversation row on both sides. */
export async function chatPair(
  hub: MemoryHub,
): Promise<{ a: ChatInstall; b: ChatInstall; conv: ConversationId }> {
  const a = await makeChatInstall(hub, 'Ada');
  const b = await makeChatInstall(hub, 'Bob');
  await befriend(a, b);
  const conv = directConversationId(a.id, b.id);
  const now = Date.now();
  await ensureConv(a.db, { conv, peer: b.id, members: [a.id, b.id] }, now);
  await ensureConv(b.db, { conv, peer: a.id, members: [a.id, b.id] }, now);
  // The sessions came up before the friendship: offer HAVE now.
  a.sync.resync(b.id);
  b.sync.resync(a.id);
  return { a, b, conv };
}

/** Every stored event of `conv`, in display order (lamport, author). */
export async function logOf(install: Install, conv: ConversationId): Promise<EventRow[]> {
  return install.db.events
    .where('[conv+lamport+author]')
    .between([conv, 0, ''], [conv, Infinity, '\uffff'])
    .toArray();
}
