/**
 * What the session simulation found, checked through the real stack: sync engines with their
 * stores on the in-memory transport ([GRP-70]).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureConv } from '../../db/convsRepo';
import { pageBefore } from '../../db/messagesRepo';
import { Rng } from '../../lib/group/testing/prng';
import type { ConversationId } from '../../lib/ids';
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

/** The texts `install` shows in `conv`. */
async function shownTexts(install: ChatInstall, conv: ConversationId): Promise<string[]> {
  return (await pageBefore(install.db, conv, null, 500)).map((m) => m.text);
}

describe('what the simulation found, on the real stack', () => {
  it('[GRP-70][GRP-74] a member’s leave reaches the members it had', async () => {
    const [a, b, c] = await friendsAll('Ada', 'Bob', 'Cy');
    const conv = await a!.groups.create('Leave', [b!.id, c!.id]);
    const three = async (i: ChatInstall) =>
      Object.keys((await i.groups.view(conv))?.members ?? {}).length === 3;
    await waitFor(() => three(c!), 8000, 'Cy holds the group');
    await waitFor(() => three(b!), 8000, 'Bob holds the group');
    await c!.groups.leave(conv);
    await waitFor(
      async () => (await a!.groups.view(conv))?.members[c!.id] === undefined,
      8000,
      'Ada sees Cy gone',
    );
  }, 20_000);
});

/** Stack seeds: few, since each runs real installs with their stores. */
const STACK_SEEDS = Number(process.env.GROUP_STACK_SIM_SEEDS ?? 3);

describe('random runs on the real stack', () => {
  it('[GRP-70] messages, renames, roles, nicknames and crashed sync engines: every install ends alike', async () => {
    for (let seed = 1; seed <= STACK_SEEDS; seed++) {
      const rng = new Rng(seed);
      const all = await friendsAll('Ada', 'Bob', 'Cy', 'Dee');
      const [owner] = all;
      const conv = await owner!.groups.create(
        'Stack',
        all.slice(1).map((i) => i.id),
      );
      for (const i of all) {
        await waitFor(
          async () => Object.keys((await i.groups.view(conv))?.members ?? {}).length === 4,
          8000,
          `seed ${seed}: ${i.name} holds the group`,
        );
      }
      const sent: string[] = [];
      for (let step = 0; step < 25; step++) {
        const who = rng.pick(all);
        const r = rng.next();
        if (r < 0.6) {
          const text = `s${seed} m${step}`;
          await who.sync.append(conv, 'text', { text });
          sent.push(text);
        } else if (r < 0.7 && who === owner) {
          await owner.groups.setMeta(conv, { name: `N${step}` });
        } else if (r < 0.8 && who === owner) {
          const member = rng.pick(all.slice(1));
          const role = (await owner.groups.view(conv))?.members[member.id]?.role;
          await owner.groups.setRole(conv, member.id, role === 'admin' ? 'member' : 'admin');
        } else if (r < 0.9) {
          await who.groups.setNickname(conv, `k${step}`);
        } else {
          who.restartSync();
          for (const other of all) if (other !== who) other.sync.resync(who.id);
          for (const other of all) if (other !== who) who.sync.resync(other.id);
        }
      }
      const want = [...sent].sort();
      for (const i of all) {
        await waitFor(
          async () =>
            JSON.stringify([...(await shownTexts(i, conv))].sort()) === JSON.stringify(want),
          8000,
          `seed ${seed}: ${i.name} shows every message`,
        );
      }
      const folds = new Set<string>();
      for (const i of all) folds.add(JSON.stringify(await i.groups.view(conv)));
      expect(folds.size, `seed ${seed}`).toBe(1);
      for (const fn of cleanup.splice(1).reverse()) fn();
    }
  }, 120_000);
});
