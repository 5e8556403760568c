/**
 * What the session simulation found, checked through the real stack: sync engines with their
 * stores on the in-memory transport ([GRP-70]).
 */
import { afterEach, beforeEach, describe, it } from 'vitest';
import { ensureConv } from '../../db/convsRepo';
import { directConversationId } from '../../lib/convId';
import { setLogSink } from '../../lib/log';
import { befriend } from '../friends/testing';
import { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import { makeChatInstall, type ChatInstall } from '../sync/testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function friendsAll(...names: string[]): Promise<ChatInstall[]> {
  const hub = new MemoryHub();
  const made: ChatInstall[] = [];
  for (const name of names) {
    const install = await makeChatInstall(hub, name);
    cleanup.push(() => install.stop());
    made.push(install);
  }
  for (const [i, a] of made.entries()) {
    for (const b of made.slice(i + 1)) {
      await befriend(a, b);
      const conv = directConversationId(a.id, b.id);
      await ensureConv(a.db, { conv, peer: b.id, members: [a.id, b.id] }, Date.now());
      await ensureConv(b.db, { conv, peer: a.id, members: [a.id, b.id] }, Date.now());
      a.sync.resync(b.id);
      b.sync.resync(a.id);
    }
  }
  return made;
}

describe('what the simulation found, on the real stack', () => {
  it('[GRP-70][GRP-74] a member’s leave reaches the members it had', async () => {
    const [a, b, c] = await friendsAll('Ada', 'Bob', 'Cy');
    const conv = await a!.groups.create('Leave', [b!.id, c!.id]);
    await waitFor(
      async () => Object.keys((await c!.groups.view(conv))?.members ?? {}).length === 3,
    );
    await waitFor(
      async () => Object.keys((await b!.groups.view(conv))?.members ?? {}).length === 3,
    );
    await c!.groups.leave(conv);
    await waitFor(
      async () => (await a!.groups.view(conv))?.members[c!.id] === undefined,
      4000,
      'Ada sees Cy gone',
    );
  }, 20_000);
});
