// Sync of a backlog after reconnect, one run: B's app is closed (offline); A's log gets `backlog`
// new text events, signed with A's key and stored with the app's storeEvents; A's app starts
// again; then B's app starts and the engine syncs (HAVE, batches, signature checks on B). Time
// from B's first data channel opening until B's conversation row holds A's last seq.
// With `profileDir`, both pages' main threads are sampled (CDP Profiler) during the sync and the
// profiles are written there and summarized (bench/chat/profile.mjs); with BENCH_CHAT_TRACE=1 too,
// a Chromium trace of all processes and threads is written there as well.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appPage, harness, harnessPage, seedPlan } from './pages.mjs';
import { startProfile, summarizeProfile } from './profile.mjs';
import { watchSync } from './probes.mjs';
import { fmt, since } from './stats.mjs';

const SYNC_TIMEOUT_MS = 180_000;

/**
 * One backlog sync. Both apps must be closed when called. Returns the figures and A's app page
 * (left open at #/chats; B's is closed again).
 */
export async function measureSync({ ctxA, ctxB, conv, idA, idB, backlog, log, profileDir, run }) {
  const started = Date.now();
  const hA = await harnessPage(ctxA);
  const before = await harness(hA, (h, c) => h.convState(c), conv);
  const plan = {
    conv,
    a: idA,
    b: idB,
    count: backlog,
    lamport: before.maxLamport,
    seqA: before.vv[idA] ?? 0,
    seqB: before.vv[idB] ?? 0,
    endTs: Date.now(),
    stepMs: 50,
    firstText: 0,
    onlyA: true,
    seed: 1,
  };
  const seed = await seedPlan(hA, null, plan, 'backlog', log);
  const afterSeed = await harness(hA, (h, c) => h.convState(c), conv);
  await hA.close();
  const target = afterSeed.vv[idA];
  log(
    `backlog seeded in A: ${seed.stored} events, sign ${fmt(seed.signMs, 0)} ms, ` +
      `store ${fmt(seed.storeMs, 0)} ms (${since(started)} s)`,
  );
  const a = await appPage(ctxA, '#/chats');
  const profA = profileDir ? await startProfile(ctxA, a) : null;
  const navAt = Date.now();
  // A Chromium trace of every process and thread (to see which one is busy): BENCH_CHAT_TRACE.
  const tracing = profileDir && process.env.BENCH_CHAT_TRACE === '1';
  if (tracing) {
    await ctxB.browser().startTracing(undefined, {
      path: join(profileDir, `sync-${run ?? 0}.trace.json`),
      categories: ['toplevel', 'disabled-by-default-devtools.timeline'],
    });
  }
  const b = await ctxB.newPage();
  await b.goto('/#/chats', { waitUntil: 'commit' });
  const profB = profileDir ? await startProfile(ctxB, b) : null;
  const sync = await b.evaluate(watchSync, {
    conv,
    author: idA,
    target,
    timeoutMs: SYNC_TIMEOUT_MS,
    pollMs: 10,
  });
  const profiles = [];
  for (const prof of [profA, profB]) profiles.push(prof ? await prof.stop() : null);
  if (tracing) await ctxB.browser().stopTracing();
  if (!sync.ok) throw new Error(`sync did not complete: B holds ${sync.last} of ${target}`);
  for (const [name, profile] of [
    ['A', profiles[0]],
    ['B', profiles[1]],
  ]) {
    if (!profile) continue;
    const file = join(profileDir, `sync-${run ?? 0}-${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`  profile of ${name}'s page during the sync: ${file}`);
    log(summarizeProfile(profile, { top: 25 }));
  }
  const synced = target - sync.initial;
  const fromDcMs = sync.doneAt - (sync.dcOpenAt ?? navAt);
  const fromFirstMs = sync.doneAt - sync.firstAt;
  const fromNavMs = sync.doneAt - navAt;
  const rate = synced / (fromDcMs / 1000);
  log(`sync done: ${synced} events in ${fmt(fromDcMs, 0)} ms (${since(started)} s)`);
  await b.close();
  return { a, sync, seed, synced, fromDcMs, fromFirstMs, fromNavMs, rate };
}
