// The group case of the transfer bench: a group of three installs (Alice, Bob, Carol, friends
// through the real UI), Alice sends a file to the group. Bob pulls it while Alice alone holds it
// (one holder); then Carol pulls it while Alice and Bob both hold it (two holders, [GFILE-3]).
// Each rate is timed in the receiver from its channel bound to verified and stored, as in the
// direct case. `swarm_ratio` = Carol's rate / Bob's: above 1 means the second holder helps.
// Which holders Carol asked (FILE_GETs answered by Alice and Bob) is printed too.
import { fmt, since } from '../chat/stats.mjs';
import { befriend, newInstall, onboard } from '../chat/ui.mjs';

const TIMEOUT_MS = 8 * 60_000;
const mbPerS = (bytes, ms) => bytes / (1024 * 1024) / (ms / 1000);

async function until(test, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Run the group case on `browser` against `origin`; `harnessPage(context)` opens a harness page
 * and `harness(page, fn, arg)` runs in it (both from transfer.bench.mjs).
 */
export async function runSwarm({ browser, origin, harnessPage, harness, mb, log, started }) {
  const bytes = mb * 1024 * 1024;
  const names = ['Alice', 'Bob', 'Carol'];
  const contexts = [];
  for (let i = 0; i < 3; i++) contexts.push(await newInstall(browser, origin));
  const pages = await Promise.all(contexts.map((c) => c.newPage()));
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push(await onboard(pages[i], names[i]));
  const people = pages.map((page, i) => ({ page, id: ids[i] }));
  await befriend(people[0], people[1]);
  await befriend(people[0], people[2]);
  await befriend(people[1], people[2]);
  await Promise.all(pages.map((p) => p.close()));
  log(`group case: three installs onboarded and befriended (${since(started)} s)`);

  const [hA, hB, hC] = await Promise.all(contexts.map((c) => harnessPage(c)));
  await harness(hA, (h) => h.start(false));
  await harness(hB, (h) => h.start(true));
  await harness(hC, (h) => h.start(true));
  for (const [page, others] of [
    [hA, [ids[1], ids[2]]],
    [hB, [ids[0], ids[2]]],
    [hC, [ids[0], ids[1]]],
  ]) {
    for (const peer of others) await harness(page, (h, p) => h.waitPeer(p, 60_000), peer);
  }
  const conv = await harness(hA, (h, x) => h.createGroup('Swarm', x), [ids[1], ids[2]]);
  await harness(hB, (h, c) => h.waitGroup(c, 3, 60_000), conv);
  await harness(hC, (h, c) => h.waitGroup(c, 3, 60_000), conv);
  const source = await harness(hA, (h, m) => h.makeSource(m, 2), mb);
  const sent = await harness(hA, (h, c) => h.sendSource(c), conv);
  log(`group case: Alice prepared ${mb} MB in ${fmt(sent.prepareMs, 0)} ms (${since(started)} s)`);

  const pull = async (page, label) => {
    const id = await until(async () => (await harness(page, (h) => h.asked()))[0], 60_000, label);
    await harness(page, (h, x) => h.accept(x), id);
    const done = await harness(page, (h, ms) => h.waitReady(ms), TIMEOUT_MS);
    const opened = await harness(page, (h, x) => h.openedHash(x), done.id);
    if (opened.sha256 !== source.sha256 || opened.size !== bytes) {
      throw new Error(`${label}'s copy differs: ${opened.sha256} vs ${source.sha256}`);
    }
    const ms = done.readyAt - done.activeAt;
    log(`  ${label}: ${fmt(mbPerS(bytes, ms))} MB/s (${fmt(ms, 0)} ms), SHA-256 matches`);
    return mbPerS(bytes, ms);
  };
  const one = await pull(hB, 'Bob from one holder (Alice)');
  const two = await pull(hC, 'Carol with two holders (Alice, Bob)');
  const askedA = (await harness(hA, (h) => h.gets())).filter((g) => g.from === ids[2]);
  const askedB = (await harness(hB, (h) => h.gets())).filter((g) => g.from === ids[2]);
  const where = (list) => list.map((g) => `from chunk ${g.chunk}`).join(', ') || 'none';
  log(`  Carol asked Alice: ${where(askedA)}; Bob: ${where(askedB)}`);
  for (const page of [hA, hB, hC]) await harness(page, (h) => h.stop());
  await Promise.all(contexts.map((c) => c.close()));
  return { one, two, ratio: two / one, askedA: askedA.length, askedB: askedB.length };
}
