#!/usr/bin/env node
// Chat benchmark: two Plume installs (two Chromium contexts) that are friends, the real
// worker for signaling (wrangler dev, loopback), the real app UI and engine.
//
//   1. Message round trip: A types a message and presses Enter in the chat composer; B's engine
//      verifies and stores it, B's next HAVE comes back, and A's message row shows "delivered"
//      (or "read"). RTT = keydown of Enter on A → the row's data-status turns delivered, both
//      taken in A's page. Closed loop, one message at a time. Also shown: when B's chat view
//      shows the message (one way, epoch clocks of the same machine).
//      Baseline: ping-pong over a plain RTCDataChannel between the same two contexts.
//   2. Sync of a backlog after reconnect: B's app is closed (offline); A's log gets BACKLOG new
//      text events, signed with A's key and stored with the app's storeEvents; A's app starts
//      again; then B's app starts and the engine syncs (HAVE, batches, signature checks on B).
//      Time from B's first data channel opening until B's conversation row holds A's last seq.
//      Baseline: plain IndexedDB put of as many event-shaped records, one transaction, in B.
//   3. Opening a big chat: the same conversation grown to BIG events (both authors, signed in
//      each author's own context, stored in A with storeEvents, so the derived tables and search
//      index are real). On A's real UI: after a reload at #/chats, set the hash to #/chat/<conv>
//      and time until 50 message rows are in the DOM (MutationObserver in the page). Baselines:
//      the same chat when it held ~RTT messages and after the sync.
//   4. Searching it: the app's searchMessages (in a bench harness page of the same origin) for an
//      English word and a Chinese phrase, each planted in 1 of 200 messages. Baselines: the same
//      at the smaller size, and a scan without the index (newest first until as many hits).
//
// The harness (bench/harness/) is built with Vite into a temporary copy of a fresh app build and
// served by the worker from the same origin (ASSETS_DIR), so it uses the app's IndexedDB. Nothing
// bench-only is in dist/. BENCH_CHAT_QUICK=1 runs small sizes (a smoke run, not figures).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataChannelPingPong } from './chat/baseline.mjs';
import { instrumentDataChannels, MESSAGE, settle, timeOpen } from './chat/probes.mjs';
import { cpuReport, measureRoundTrips, RTT_WARMUP, segmentReport } from './chat/rtt.mjs';
import { appPage, harness, harnessPage, seedPlan } from './chat/pages.mjs';
import { fmt, median, percentile, ratio, since } from './chat/stats.mjs';
import { measureSync } from './chat/sync.mjs';
import { befriend, CHROMIUM_ARGS, newInstall, onboard } from './chat/ui.mjs';
import { runBench } from './lifecycle.mjs';
import { stage } from './stage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.env.BENCH_CHAT_QUICK === '1';
/** Sizes; each may be overridden (BENCH_CHAT_RTT, _BACKLOG, _BIG) to study one part. */
const size = (name, full, quick) =>
  Number(process.env[`BENCH_CHAT_${name}`] ?? (QUICK ? quick : full));
const RTT_MESSAGES = size('RTT', 200, 30);
const BACKLOG = size('BACKLOG', 10_000, 1_000);
const BIG = size('BIG', 100_000, 20_000);
/** Optional path: write every sample (round trips, opens, sync) there as JSON. */
const SAMPLES_FILE = process.env.BENCH_CHAT_SAMPLES;
/** Messages that must be rendered for a chat to count as open (one page of history). */
const FIRST_PAGE = 50;
const OPEN_REPEATS = 5;
const SEARCH_REPEATS = 5;
const STEP_TIMEOUT_MS = 30_000;
/**
 * BENCH_CHAT_ONLY=rtt: only the message round trip (and the data channel baseline), with where
 * its time goes per segment and the CPU per message; with BENCH_CHAT_PROFILE=<dir>, CPU profiles
 * of both pages over the measured round trips.
 * BENCH_CHAT_ONLY=receive: only the receive path's parts for BACKLOG events, in one install:
 * checking them (main thread, verify worker) and storing them (storeEvents, deferred indexing).
 * BENCH_CHAT_ONLY=sync: only the backlog sync, BENCH_CHAT_SYNC_RUNS times (default 5), each with
 * a fresh backlog; prints every run and the median. BENCH_CHAT_PROFILE=<dir>: CPU profiles of
 * both pages during each sync (and an unminified build, so functions keep their names).
 */
const ONLY = process.env.BENCH_CHAT_ONLY;
const ONLY_SYNC = ONLY === 'sync';
const SYNC_RUNS = Number(process.env.BENCH_CHAT_SYNC_RUNS ?? (ONLY_SYNC ? 5 : 1));
const PROFILE_DIR = process.env.BENCH_CHAT_PROFILE;

const log = (...args) => console.log(...args);
/** Set once the browser is up, so a failure can say what each page showed. */
let liveBrowser = null;

/** On failure: each open page's URL and the start of its text, to see where it stopped. */
async function describePages() {
  for (const context of liveBrowser?.contexts() ?? []) {
    for (const page of context.pages()) {
      const text = await page
        .evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 300))
        .catch(() => '?');
      console.error(`  page ${page.url()}: ${text}`);
    }
  }
}

// ---------------------------------------------------------------- pages

/** Wait until the chat header says the friend is online (a session is up). */
async function waitChatOnline(page, timeout = 60_000) {
  await page
    .locator(
      '[data-testid="chat-presence"][data-online="true"], [data-testid="chat-typing"][data-online="true"]',
    )
    .first()
    .waitFor({ timeout });
}

// ---------------------------------------------------------------- measurements

/** The round trips, flattened into lists per figure. */
async function roundTrips(a, b) {
  const r = await measureRoundTrips(a, b, RTT_MESSAGES, { profileDir: PROFILE_DIR, log });
  const of = (key) => r.samples.map((s) => s[key]).filter((v) => v !== null);
  return {
    ...r,
    rtt: of('rtt'),
    shown: of('shown'),
    sent: of('sent'),
    oneWay: of('oneWay'),
  };
}

/** Lines describing the round trips: totals, trend, segments, CPU, baseline. */
function roundTripReport(rt, dcRtt, idA) {
  const rttP50 = percentile(rt.rtt, 50);
  const rttP99 = percentile(rt.rtt, 99);
  const dcP50 = percentile(dcRtt, 50);
  const dcP99 = percentile(dcRtt, 99);
  const quarter = Math.max(1, Math.floor(rt.rtt.length / 4));
  return [
    `Message round trip (${rt.rtt.length} messages after ${RTT_WARMUP} warm-up, UI to UI):`,
    `  keydown → delivered: p50 ${fmt(rttP50)} ms, p99 ${fmt(rttP99)} ms, max ${fmt(Math.max(...rt.rtt))} ms` +
      ` (final status ${JSON.stringify(rt.statuses)}; ${rt.failures} undelivered)`,
    `  trend: p50 of the first ${quarter} ${fmt(percentile(rt.rtt.slice(0, quarter), 50))} ms, ` +
      `of the last ${quarter} ${fmt(percentile(rt.rtt.slice(-quarter), 50))} ms`,
    `  keydown → shown on A: p50 ${fmt(percentile(rt.shown, 50))} ms; → shown as sent: p50 ${fmt(percentile(rt.sent, 50))} ms`,
    `  keydown on A → shown in B's chat (one way): p50 ${fmt(percentile(rt.oneWay, 50))} ms, p99 ${fmt(percentile(rt.oneWay, 99))} ms`,
    `  segments (marks of both pages; epoch clocks of one machine):`,
    ...segmentReport(rt.samples, rt.marksA, rt.marksB, idA),
    ...cpuReport(rt.cpu),
    `  baseline, plain RTCDataChannel ping-pong (${dcRtt.length}): p50 ${fmt(dcP50)} ms, p99 ${fmt(dcP99)} ms;` +
      ` ratio p50 ${ratio(rttP50, dcP50)}×, p99 ${ratio(rttP99, dcP99)}×`,
  ];
}

/** BENCH_CHAT_ONLY=rtt: the round trips and their figures, nothing else. */
async function rttOnly(rt, dcRtt, idA, { loadBefore, started, a, b }) {
  await a.close();
  await b.close();
  log('');
  for (const line of roundTripReport(rt, dcRtt, idA)) log(line);
  log(
    `machine load (1-min average) ${fmt(loadBefore, 1)} at start, ${fmt(loadavg()[0], 1)} at end; ` +
      `total ${since(started)} s`,
  );
  log('');
  if (SAMPLES_FILE) {
    writeFileSync(SAMPLES_FILE, JSON.stringify({ rt, dcRtt }, null, 1));
    log(`samples written to ${SAMPLES_FILE}`);
  }
  log(`BENCH rtt_baseline_dc_p50_ms ${fmt(percentile(dcRtt, 50))}`);
  log(`BENCH rtt_cpu_per_message_ms ${fmt(rt.cpu.allMs, 1)}`);
  log(`BENCH rtt_p50_ms ${fmt(percentile(rt.rtt, 50))}`);
  log(`BENCH rtt_p99_ms ${fmt(percentile(rt.rtt, 99))}`);
  log(`BENCH rtt_oneway_p99_ms ${fmt(percentile(rt.oneWay, 99))}`);
}

/** Open the chat on A's UI: cold (after a reload at #/chats) and warm (back and forth). */
async function measureOpens(page, conv, want) {
  const cold = [];
  const coldFrame = [];
  const coldScreen = [];
  const warm = [];
  const open = () =>
    page.evaluate(timeOpen, {
      hash: `#/chat/${conv}`,
      message: MESSAGE,
      screen: '[data-testid="chat-history"]',
      want,
      timeoutMs: STEP_TIMEOUT_MS,
    });
  const toList = async () => {
    await page.evaluate(() => {
      location.hash = '#/chats';
    });
    await page.getByTestId('chats-list').waitFor();
  };
  for (let i = 0; i < OPEN_REPEATS; i++) {
    await toList();
    await page.reload();
    await page.getByTestId('chats-list').waitFor();
    // Let boot settle (signaling, the chats list, dialling the offline friend) before timing.
    await page.evaluate(settle, { quietMs: 1_000, timeoutMs: 10_000 });
    const r = await open();
    cold.push(r.domMs);
    coldFrame.push(r.frameMs);
    coldScreen.push(r.screenMs);
  }
  for (let i = 0; i < OPEN_REPEATS; i++) {
    await toList();
    await page.evaluate(settle, { quietMs: 300, timeoutMs: 5_000 });
    warm.push((await open()).domMs);
  }
  return { cold, coldFrame, coldScreen, warm };
}

/** searchMessages for each query: first call, then SEARCH_REPEATS more (median). */
async function measureSearch(page, conv, queries) {
  const out = {};
  for (const [name, query] of Object.entries(queries)) {
    const runs = [];
    for (let i = 0; i <= SEARCH_REPEATS; i++) {
      runs.push(
        await harness(page, (h, q) => h.search(q.query, q.conv, undefined), { query, conv }),
      );
    }
    const all = [];
    for (let i = 0; i <= SEARCH_REPEATS; i++) {
      all.push(await harness(page, (h, q) => h.search(q.query, undefined, undefined), { query }));
    }
    const naive = await harness(page, (h, q) => h.naiveSearch(q.query, q.conv, q.limit), {
      query,
      conv,
      limit: runs[0].hits,
    });
    const full = await harness(page, (h, q) => h.naiveSearch(q.query, q.conv, 0), { query, conv });
    out[name] = {
      query,
      first: runs[0].ms,
      median: median(runs.slice(1).map((r) => r.ms)),
      hits: runs[0].hits,
      snippet: runs[0].firstSnippet,
      globalFirst: all[0].ms,
      globalMedian: median(all.slice(1).map((r) => r.ms)),
      naive,
      full,
    };
  }
  return out;
}

function printSearch(label, results) {
  for (const r of Object.values(results)) {
    log(
      `  ${label} "${r.query}": in chat first ${fmt(r.first)} ms, median ${fmt(r.median)} ms, ` +
        `${r.hits} hits (of ${r.full.hits} in the chat); all chats median ${fmt(r.globalMedian)} ms; ` +
        `no index: ${fmt(r.naive.ms)} ms for ${r.naive.hits} hits (${r.naive.scanned} scanned), ` +
        `full scan ${fmt(r.full.ms)} ms`,
    );
  }
}

function printOpens(label, r) {
  log(
    `  ${label}: cold median ${fmt(median(r.cold))} ms (history element ${fmt(median(r.coldScreen))} ms, ` +
      `next frame ${fmt(median(r.coldFrame))} ms; ` +
      `runs ${r.cold.map((v) => fmt(v, 1)).join(', ')}), warm median ${fmt(median(r.warm))} ms`,
  );
}

/**
 * SYNC_RUNS backlog syncs in a row (both apps closed before each); returns every run and the
 * median one by rate, whose A page is left open (the others are closed).
 */
async function measureSyncs(ctxA, ctxB, conv, idA, idB) {
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const runs = [];
  for (let run = 0; run < SYNC_RUNS; run++) {
    if (run > 0) await runs[run - 1].a.close();
    runs.push(
      await measureSync({
        ctxA,
        ctxB,
        conv,
        idA,
        idB,
        backlog: BACKLOG,
        log,
        profileDir: PROFILE_DIR,
        run,
      }),
    );
    const r = runs[run];
    log(
      `  sync run ${run + 1}/${SYNC_RUNS}: ${fmt(r.rate, 0)} events/s (${fmt(r.fromDcMs, 0)} ms from ` +
        `data channel open, ${fmt(r.fromFirstMs, 0)} ms from first event); load ${loadavg()
          .map((v) => fmt(v, 2))
          .join(' ')}`,
    );
  }
  const sorted = [...runs].sort((x, y) => x.rate - y.rate);
  const median = sorted[Math.ceil(sorted.length / 2) - 1];
  for (const r of runs) if (r !== median && r !== runs.at(-1)) await r.a.close().catch(() => {});
  if (median !== runs.at(-1)) {
    await runs.at(-1).a.close();
    median.a = await appPage(ctxA, '#/chats');
  }
  return { runs, median };
}

/** BENCH_CHAT_ONLY=sync: the sync runs and their figures, nothing else. */
async function syncOnly(ctxA, ctxB, conv, idA, idB, { loadBefore, rawRuns, started }) {
  const { runs, median: mid } = await measureSyncs(ctxA, ctxB, conv, idA, idB);
  await mid.a.close();
  const rawRate = BACKLOG / (median(rawRuns) / 1000);
  log('');
  log(`Sync of a ${BACKLOG}-event backlog after reconnect, ${runs.length} runs:`);
  log(`  events/s from B's data channel open: ${runs.map((r) => fmt(r.rate, 0)).join(', ')}`);
  log(
    `  median ${fmt(mid.rate, 0)} events/s (${fmt(mid.fromDcMs, 0)} ms; from first event ` +
      `${fmt(mid.fromFirstMs, 0)} ms); raw IndexedDB ${fmt(rawRate, 0)} records/s`,
  );
  log(
    `machine load (1-min average) ${fmt(loadBefore, 1)} at start, ${fmt(loadavg()[0], 1)} at end; ` +
      `total ${since(started)} s`,
  );
  log('');
  log(`BENCH sync_baseline_raw_idb_records_per_s ${fmt(rawRate, 0)}`);
  log(`BENCH sync_ratio_vs_raw_idb ${ratio(mid.rate, rawRate)}`);
  log(`BENCH sync_events_per_s ${fmt(mid.rate, 0)}`);
}

/** BENCH_CHAT_ONLY=receive: checking and storing received events, each on its own. */
async function receiveOnly(browser, origin) {
  const page = await newInstall(browser, origin).then((ctx) => ctx.newPage());
  const id = await onboard(page, 'Bench');
  const h = await harnessPage(page.context());
  log(`onboarded ${id}`);
  for (let i = 0; i < 3; i++) {
    const r = await harness(h, (x, n) => x.verifyBench(n, 8), BACKLOG);
    log(
      `check ${BACKLOG} events (${r.passed} passed): main thread ${fmt(r.mainMs, 0)} ms, ` +
        `worker ${fmt(r.workerMs, 0)} ms, worker with 8 frames in flight ${fmt(r.workerInFlightMs, 0)} ms`,
    );
    for (const group of [100, 400]) {
      const s = await harness(h, (x, a) => x.storeBench(a.n, a.group), { n: BACKLOG, group });
      log(
        `store ${BACKLOG} received events in groups of ${group}: ${fmt(s.ms, 0)} ms ` +
          `(${fmt(BACKLOG / (s.ms / 1000), 0)} events/s; median group ${fmt(median(s.groups), 1)} ms)`,
      );
    }
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const { worker, browser } = await stage(root, 'chat', {
    site: { harness: 'vite.config.mjs', minify: !PROFILE_DIR },
    args: CHROMIUM_ARGS,
  });
  liveBrowser = browser;
  if (ONLY === 'receive') return receiveOnly(browser, worker.origin);
  const ctxA = await newInstall(browser, worker.origin);
  const ctxB = await newInstall(browser, worker.origin);
  for (const ctx of [ctxA, ctxB]) await ctx.addInitScript(instrumentDataChannels);

  // ---- two installs, friends through the UI
  let a = await ctxA.newPage();
  let b = await ctxB.newPage();
  const idA = await onboard(a, 'Alice');
  const idB = await onboard(b, 'Bob');
  await befriend({ page: a, id: idA }, { page: b, id: idB });
  log(`onboarded and befriended (${since(started)} s)`);

  // ---- baselines that need no chat: data channel ping-pong, raw IndexedDB puts
  let hA = await harnessPage(ctxA);
  let hB = await harnessPage(ctxB);
  const dcRtt = await dataChannelPingPong(hA, hB, { rounds: RTT_MESSAGES });
  const rawRuns = [];
  const rawCount = ONLY === 'rtt' ? 0 : 3;
  for (let i = 0; i < rawCount; i++) {
    rawRuns.push((await harness(hB, (h, n) => h.rawPut(n), BACKLOG)).ms);
  }
  const rawMs = median(rawRuns);
  const markers = await harness(hA, (h) => h.markers);

  // ---- the conversation row on both sides (what opening a chat does), with the apps closed
  await a.close();
  await b.close();
  const conv = await harness(hA, (h, peer) => h.ensureConv(peer), idB);
  await harness(hB, (h, peer) => h.ensureConv(peer), idA);
  await hA.close();
  await hB.close();
  if (ONLY_SYNC) return syncOnly(ctxA, ctxB, conv, idA, idB, { loadBefore, rawRuns, started });

  // ---- 1. message round trip through the UI
  a = await appPage(ctxA, `#/chat/${conv}`);
  b = await appPage(ctxB, `#/chat/${conv}`);
  await waitChatOnline(a);
  await waitChatOnline(b);
  const rt = await roundTrips(a, b);
  log(`round trips done (${since(started)} s)`);
  if (ONLY === 'rtt') return rttOnly(rt, dcRtt, idA, { loadBefore, started, a, b });

  // ---- 3a. baseline open: the small chat (B offline from here on, so nothing syncs meanwhile)
  await b.close();
  hA = await harnessPage(ctxA);
  const small = await harness(hA, (h, c) => h.convState(c), conv);
  await hA.close();
  const openSmall = await measureOpens(a, conv, Math.min(FIRST_PAGE, small.messages));
  await a.close();

  // ---- 2. sync of a backlog: A writes BACKLOG events while B is offline, then B comes back
  const syncs = await measureSyncs(ctxA, ctxB, conv, idA, idB);
  const syncRun = syncs.median;
  a = syncRun.a;
  const backlogSeed = syncRun.seed;
  const sync = syncRun.sync;
  const synced = syncRun.synced;
  const syncFromDcMs = syncRun.fromDcMs;
  const syncFromFirstMs = syncRun.fromFirstMs;
  const syncFromNavMs = syncRun.fromNavMs;
  const syncRate = syncRun.rate;
  const rawRate = BACKLOG / (rawMs / 1000);

  // ---- 3b/4a. the chat after the sync (~BACKLOG events): open and search
  const openMid = await measureOpens(a, conv, FIRST_PAGE);
  await a.close();
  hA = await harnessPage(ctxA);
  const mid = await harness(hA, (h, c) => h.convState(c), conv);
  const queries = { en: markers.en, zh: markers.zh };
  const searchMid = await measureSearch(hA, conv, queries);

  // ---- grow the chat to BIG events, both authors, each signing its own
  const midTotal = Object.values(mid.vv).reduce((n, v) => n + v, 0);
  const bigPlan = {
    conv,
    a: idA,
    b: idB,
    count: BIG - midTotal,
    lamport: mid.maxLamport,
    seqA: mid.vv[idA] ?? 0,
    seqB: mid.vv[idB] ?? 0,
    endTs: Date.now(),
    stepMs: 1_000,
    firstText: BACKLOG,
    onlyA: false,
    seed: 2,
  };
  hB = await harnessPage(ctxB);
  const bigSeed = await seedPlan(hA, hB, bigPlan, 'big chat', log);
  await hB.close();
  const big = await harness(hA, (h, c) => h.convState(c), conv);
  const sizes = await harness(hA, (h) => h.indexSize());
  const bigTotal = Object.values(big.vv).reduce((n, v) => n + v, 0);
  log(
    `chat grown to ${bigTotal} events: ${bigSeed.stored} stored, sign ${fmt(bigSeed.signMs, 0)} ms, ` +
      `store ${fmt(bigSeed.storeMs, 0)} ms (${since(started)} s)`,
  );

  // ---- 4b. search the big chat (no app page open in A), then 3c. open it
  const searchBig = await measureSearch(hA, conv, queries);
  await hA.close();
  a = await appPage(ctxA, '#/chats');
  const openBig = await measureOpens(a, conv, FIRST_PAGE);
  await a.close();

  // ---------------------------------------------------------------- report
  const rttP50 = percentile(rt.rtt, 50);
  const rttP99 = percentile(rt.rtt, 99);
  const dcP50 = percentile(dcRtt, 50);
  const dcP99 = percentile(dcRtt, 99);
  const onewayP99 = percentile(rt.oneWay, 99);
  const openBigMs = median(openBig.cold);
  const searchBigMs = Math.max(searchBig.en.median, searchBig.zh.median);
  const searchMidMs = Math.max(searchMid.en.median, searchMid.zh.median);

  log('');
  for (const line of roundTripReport(rt, dcRtt, idA)) log(line);
  log(`Sync of a ${synced}-event backlog after reconnect (B verifies and stores):`);
  log(
    `  ${fmt(syncRate, 0)} events/s from B's data channel open (${fmt(syncFromDcMs, 0)} ms); ` +
      `from first event ${fmt(syncFromFirstMs, 0)} ms; from B's page load ${fmt(syncFromNavMs, 0)} ms`,
  );
  if (syncs.runs.length > 1) {
    log(
      `  median of ${syncs.runs.length} runs: ${syncs.runs.map((r) => fmt(r.rate, 0)).join(', ')}`,
    );
  }
  log(
    `  baseline, plain IndexedDB put of ${BACKLOG} records in one transaction: ${fmt(rawMs, 0)} ms ` +
      `(${fmt(rawRate, 0)} records/s); ratio ${ratio(syncRate, rawRate)}`,
  );
  log(
    `  seeding A's backlog (not a target): sign ${fmt(backlogSeed.signMs, 0)} ms, storeEvents ${fmt(backlogSeed.storeMs, 0)} ms`,
  );
  log(`Opening the chat (first ${FIRST_PAGE} messages in the DOM):`);
  printOpens(`${small.messages} messages`, openSmall);
  printOpens(`${mid.messages} messages`, openMid);
  printOpens(`${big.messages} messages`, openBig);
  log(
    `  ratio ${bigTotal} events / ${small.messages} messages (cold median): ${ratio(openBigMs, median(openSmall.cold))}×`,
  );
  log('Searching the chat (searchMessages, default limit):');
  printSearch(`${mid.messages} messages`, searchMid);
  printSearch(`${big.messages} messages`, searchBig);
  log(
    `  ratio ${big.messages} / ${mid.messages} messages: ${ratio(searchBigMs, searchMidMs)}×; ` +
      `vs no index (English): ${ratio(searchBig.en.median, searchBig.en.naive.ms)}×`,
  );
  log(
    `  seeding to ${bigTotal} events (not a target): sign ${fmt(bigSeed.signMs / 1000, 1)} s, ` +
      `storeEvents ${fmt(bigSeed.storeMs / 1000, 1)} s (${fmt(bigSeed.stored / (bigSeed.storeMs / 1000), 0)} events/s)`,
  );
  log(
    `  search index in A: ${sizes.postings} postings for ${sizes.messages} messages ` +
      `(${fmt(sizes.postings / sizes.messages, 1)} per message), ${sizes.events} events`,
  );
  log(
    `machine load (1-min average) ${fmt(loadBefore, 1)} at start, ${fmt(loadavg()[0], 1)} at end ` +
      `(other work on the machine skews every figure)`,
  );
  log(`total ${since(started)} s${QUICK ? ' (QUICK sizes: not figures)' : ''}`);
  log('');

  if (SAMPLES_FILE) {
    const syncRates = syncs.runs.map((r) => r.rate);
    const samples = {
      rt,
      dcRtt,
      rawRuns,
      sync,
      syncRates,
      openSmall,
      openMid,
      openBig,
      searchMid,
      searchBig,
    };
    writeFileSync(SAMPLES_FILE, JSON.stringify(samples, null, 1));
    log(`samples written to ${SAMPLES_FILE}`);
  }

  log(`BENCH rtt_baseline_dc_p50_ms ${fmt(dcP50)}`);
  log(`BENCH rtt_baseline_dc_p99_ms ${fmt(dcP99)}`);
  log(`BENCH rtt_p50_ratio_vs_dc ${ratio(rttP50, dcP50)}`);
  log(`BENCH sync_baseline_raw_idb_records_per_s ${fmt(rawRate, 0)}`);
  log(`BENCH sync_ratio_vs_raw_idb ${ratio(syncRate, rawRate)}`);
  log(`BENCH open_small_ms ${fmt(median(openSmall.cold))}`);
  log(`BENCH open_100k_warm_ms ${fmt(median(openBig.warm))}`);
  log(`BENCH search_100k_en_ms ${fmt(searchBig.en.median)}`);
  log(`BENCH search_100k_zh_ms ${fmt(searchBig.zh.median)}`);
  log(`BENCH search_100k_no_index_en_ms ${fmt(searchBig.en.naive.ms)}`);
  log(`BENCH rtt_p50_ms ${fmt(rttP50)}`);
  log(`BENCH rtt_p99_ms ${fmt(rttP99)}`);
  log(`BENCH rtt_oneway_p99_ms ${fmt(onewayP99)}`);
  log(`BENCH sync_events_per_s ${fmt(syncRate, 0)}`);
  log(`BENCH open_100k_ms ${fmt(openBigMs)}`);
  log(`BENCH search_100k_ms ${fmt(searchBigMs)}`);
}

await runBench(main, { onFailure: describePages });
