import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationId, PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import { SessionManager } from '../session/SessionManager';
import { waitFor } from '../session/testing';
import { generateIdentityKeys, type IdentityKeys } from '../../lib/identity';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import { GroupMesh } from './GroupMesh';
import { MESH_PER_GROUP } from './mesh';
import { RosterSessions } from './RosterSessions';
import { withRosterKeys } from './rosterLookup';
import { FakeGroupDirectory } from './testing';
import type { MemoryTransport } from '../memory/MemoryTransport';

const G = 'g:cccccccccccccccccccccccccc' as ConversationId;

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

interface Node {
  keys: IdentityKeys;
  id: PeerId;
  transport: MemoryTransport;
  manager: SessionManager;
  directory: FakeGroupDirectory;
}

/** A member with no friends: every key it accepts comes from its directory. */
async function node(hub: MemoryHub): Promise<Node> {
  const keys = await generateIdentityKeys();
  const transport = hub.createTransport(keys.id);
  const directory = new FakeGroupDirectory(keys.id);
  const manager = new SessionManager({
    transport,
    keys,
    lookup: withRosterKeys(() => Promise.resolve(null), directory),
  });
  manager.start();
  cleanup.push(() => {
    manager.stop();
    transport.destroy();
  });
  await waitFor(() => transport.status === 'online');
  return { keys, id: keys.id, transport, manager, directory };
}

function mesh(
  me: Node,
  env: FakeEnvironment,
  admins: PeerId[] = [],
  blocked: PeerId[] = [],
): GroupMesh {
  const made = new GroupMesh({
    manager: me.manager,
    transport: me.transport,
    env,
    directory: me.directory,
    groups: () => Promise.resolve(me.directory.groups()),
    admins: () => Promise.resolve(admins),
    blocked: () => Promise.resolve(new Set(blocked)),
    friends: () => new Set(),
  });
  cleanup.push(() => made.stop());
  return made;
}

describe('the group mesh driver [GRP-34]', () => {
  it('[GRP-34] keeps about six sessions in a large group, admins first, and re-plans on removal', async () => {
    const hub = new MemoryHub();
    const nodes = await Promise.all(Array.from({ length: 12 }, () => node(hub)));
    const roster = nodes.map((n) => ({ id: n.id, pub: n.keys.publicKeyRaw }));
    for (const n of nodes) n.directory.setRoster(G, roster);
    const [a, ...others] = nodes as [Node, ...Node[]];
    const admin = others[7]!.id;
    const env = new FakeEnvironment();
    const driver = mesh(a, env, [admin]);
    const guard = new RosterSessions({ manager: a.manager, directory: a.directory });
    guard.start();
    cleanup.push(() => guard.stop());
    driver.start();
    await waitFor(() => a.manager.livePeers.length === MESH_PER_GROUP);
    expect(driver.dialer.targets).toHaveLength(MESH_PER_GROUP);
    expect(driver.dialer.targets).toContain(admin);
    expect(a.manager.livePeers.every((p) => a.manager.session(p)!.rosterKeyed)).toBe(true);

    // One linked member is removed: its session closes and someone else takes its place.
    const gone = driver.dialer.targets.find((p) => p !== admin)!;
    a.directory.remove(G, gone);
    await waitFor(() => a.manager.session(gone) === null);
    await waitFor(
      () =>
        a.manager.livePeers.length === MESH_PER_GROUP &&
        !driver.dialer.targets.includes(gone) &&
        driver.dialer.targets.length === MESH_PER_GROUP,
    );
    expect(a.manager.livePeers).not.toContain(gone);
  });

  it('[GRP-34] a member I blocked is never dialled', async () => {
    const hub = new MemoryHub();
    const nodes = await Promise.all(Array.from({ length: 4 }, () => node(hub)));
    const roster = nodes.map((n) => ({ id: n.id, pub: n.keys.publicKeyRaw }));
    for (const n of nodes) n.directory.setRoster(G, roster);
    const [a, b, c, d] = nodes as [Node, Node, Node, Node];
    const driver = mesh(a, new FakeEnvironment(), [b.id], [b.id]);
    driver.start();
    await waitFor(() => a.manager.livePeers.length === 2);
    expect(a.manager.livePeers.sort()).toEqual([c.id, d.id].sort());
    expect(driver.dialer.targets).not.toContain(b.id);
  });

  it('[GRP-34] a member who cannot be reached is replaced, and tried again at the next rotation', async () => {
    const hub = new MemoryHub();
    const nodes = await Promise.all(Array.from({ length: 4 }, () => node(hub)));
    const roster = nodes.map((n) => ({ id: n.id, pub: n.keys.publicKeyRaw }));
    for (const n of nodes) n.directory.setRoster(G, roster);
    const [a, b, c, d] = nodes as [Node, Node, Node, Node];
    hub.setOffline(d.transport, true);
    const env = new FakeEnvironment();
    const driver = new GroupMesh({
      manager: a.manager,
      transport: a.transport,
      env,
      directory: a.directory,
      groups: () => Promise.resolve(a.directory.groups()),
      friends: () => new Set(),
      perGroup: 2,
    });
    cleanup.push(() => driver.stop());
    driver.start();
    // Whatever the rotation picked first, the offline member ends up out of the plan.
    await waitFor(() => a.manager.livePeers.length === 2);
    expect(a.manager.livePeers.sort()).toEqual([b.id, c.id].sort());
    await waitFor(() => !driver.dialer.targets.includes(d.id));
    // D comes back; once a rotation forgets who failed and B drops, D is dialled again.
    hub.setOffline(d.transport, false);
    await waitFor(() => d.transport.status === 'online');
    await env.advance(5 * 60_000);
    b.manager.stop();
    // The dialer backs off on its clock: move it on until the plan has turned to D.
    await waitFor(async () => {
      await env.advance(1000);
      return a.manager.session(d.id) !== null;
    });
    expect(a.manager.session(d.id)!.rosterKeyed).toBe(true);
  });
});
