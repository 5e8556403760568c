import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getConv } from '../../db/convsRepo';
import { eventIdOf } from '../../lib/convId';
import type { ConversationId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import { sleep, waitFor } from '../session/testing';
import { chatPair, logOf, type ChatInstall } from './testing';

/** Seeds run; each is a fresh pair of installs. */
const SEEDS = 30;
/** Random operations per seed. */
const OPS = 100;

/** mulberry32: a small deterministic PRNG, so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function runSeed(seed: number): Promise<void> {
  const rand = prng(seed);
  const hub = new MemoryHub();
  const { a, b, conv } = await chatPair(hub);
  cleanup.push(
    () => a.stop(),
    () => b.stop(),
  );
  const sides: [ChatInstall, ChatInstall] = [a, b];
  const sent = new Map<ChatInstall, number>([
    [a, 0],
    [b, 0],
  ]);
  const offline = new Set<ChatInstall>();
  for (let op = 0; op < OPS; op++) {
    const r = rand();
    const me = sides[rand() < 0.5 ? 0 : 1];
    const other = me === a ? b : a;
    if (r < 0.7) {
      const n = sent.get(me)!;
      if (n > 0 && rand() < 0.15) {
        const target = eventIdOf(conv, me.id, 1 + Math.floor(rand() * n));
        await me.sync.append(conv, 'react', { target, emoji: '👍', on: rand() < 0.7 });
      } else {
        await me.sync.append(conv, 'text', { text: `${me.name} ${op}` });
      }
      sent.set(me, n + 1);
    } else if (r < 0.8) {
      // Disconnect: the path drops and this side stays offline for a while.
      hub.drop(a.id, b.id);
      hub.setOffline(me.transport, true);
      offline.add(me);
    } else if (r < 0.9) {
      for (const side of offline) hub.setOffline(side.transport, false);
      offline.clear();
    } else if (r < 0.95) {
      me.restartSync(); // crash: memory gone, IndexedDB kept
    } else {
      await sleep(Math.floor(rand() * 10));
    }
    void other;
  }
  for (const side of offline) hub.setOffline(side.transport, false);
  const want = { [a.id]: sent.get(a)!, [b.id]: sent.get(b)! };
  await converged(a, b, conv, want, seed);
}

function sameVv(vv: Record<string, number> | undefined, want: Record<string, number>): boolean {
  const keys = Object.keys(want);
  return !!vv && Object.keys(vv).length === keys.length && keys.every((k) => vv[k] === want[k]);
}

async function converged(
  a: ChatInstall,
  b: ChatInstall,
  conv: ConversationId,
  want: Record<string, number>,
  seed: number,
): Promise<void> {
  await waitFor(
    async () => {
      const [ra, rb] = [await getConv(a.db, conv), await getConv(b.db, conv)];
      return sameVv(ra?.vv, want) && sameVv(rb?.vv, want);
    },
    8000,
    `seed ${seed} converges`,
  );
  const [la, lb] = [await logOf(a, conv), await logOf(b, conv)];
  const total = want[a.id]! + want[b.id]!;
  expect(la.length, `seed ${seed}: no loss, no duplicate`).toBe(total);
  expect(lb).toEqual(la);
  // Display order is (lamport, author), and each author's log runs 1..n.
  for (let i = 1; i < la.length; i++) {
    const [p, q] = [la[i - 1]!, la[i]!];
    expect(p.lamport < q.lamport || (p.lamport === q.lamport && p.author < q.author)).toBe(true);
  }
  for (const author of [a.id, b.id]) {
    const seqs = la.filter((e) => e.author === author).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: want[author]! }, (_, i) => i + 1));
  }
  await waitFor(
    async () => (await getConv(a.db, conv))!.deliveredSeq === want[a.id],
    3000,
    `seed ${seed}: delivered marks`,
  );
}

describe('randomized convergence [SYNC-1..5]', () => {
  it(`[SYNC-1][SYNC-2][SYNC-3][SYNC-4][SYNC-5] ${SEEDS} seeds × ${OPS} ops: both logs identical, no loss, no duplicate`, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      await runSeed(seed);
      for (const fn of cleanup.splice(1).reverse()) fn();
    }
  }, 60_000);
});
