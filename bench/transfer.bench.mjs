#!/usr/bin/env node
// Transfer benchmark: 256 MB from one Plume install to another (two Chromium contexts,
// friends through the real UI, the real worker for signaling on loopback), through Plume's whole
// path: FileEngine.send on A (chunking, SHA-256 per chunk and of the whole file, every chunk
// stored in IndexedDB, the signed file event), the event synced to B, B's pull over its own raw
// DataConnection bound to the authenticated session, every chunk checked, hashed and stored in
// IndexedDB on arrival, the whole-file SHA-256 checked at the end. The engines run in a bench
// harness page of each install (bench/harness/transferHarness.ts): the app's own modules, not
// the UI.
//
// Baseline, same run, same two contexts, same bytes: a plain RTCDataChannel (hand-signalled)
// sending the source Blob in messages of Plume's chunk size with the usual backpressure; the
// receiver only counts bytes.
//
// Figures: MB/s (MiB per second) for both, their ratio (target ≥ 0.85), and B's peak JS heap
// during the Plume transfer (CDP Performance.getMetrics JSHeapUsedSize every 100 ms; target
// < 64 MB). Plume's rate is timed in B from the moment its channel is bound ('active') to the
// file being verified and stored ('ready'); the time from the event's arrival, and A's prepare
// time, are printed too. B's copy is read back and hashed independently at the end.
//
// The group case (bench/transfer/swarm.mjs): the same size pulled by one member of a group
// from two holders at once, against a pull from one holder, in the same run: `swarm_ratio`.
//
// BENCH_TRANSFER_MB=<n> changes the size (BENCH_TRANSFER_QUICK=1: 32 MB, a smoke run);
// BENCH_TRANSFER_CASE=group runs the group case alone.
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, since } from './chat/stats.mjs';
import { befriend, CHROMIUM_ARGS, newInstall, onboard } from './chat/ui.mjs';
import { runBench } from './lifecycle.mjs';
import { stage } from './stage.mjs';
import { cpuMeter, cpuText } from './transfer/cpu.mjs';
import { collectGarbage, profileCpu, sampleHeap } from './transfer/heap.mjs';
import { runSwarm } from './transfer/swarm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.env.BENCH_TRANSFER_QUICK === '1';
const MB = Number(process.env.BENCH_TRANSFER_MB ?? (QUICK ? 32 : 256));
const BYTES = MB * 1024 * 1024;
const STEP_TIMEOUT_MS = 60_000;
/** BENCH_TRANSFER_DEBUG=1: print the engines' debug log. */
const DEBUG = process.env.BENCH_TRANSFER_DEBUG === '1';
const TRANSFER_TIMEOUT_MS = 8 * 60_000;
const GROUP_ONLY = process.env.BENCH_TRANSFER_CASE === 'group';

const log = (...args) => console.log(...args);

/** A transfer harness page in `context` (same origin as the app), ready to use. */
async function harnessPage(context) {
  const page = await context.newPage();
  page.on('console', (msg) => {
    const shown = msg.type() === 'error' || msg.type() === 'warning' || DEBUG;
    if (shown) log(`  [page ${msg.type()}] ${msg.text()}`);
  });
  await page.goto(`/bench/harness/transfer.html${DEBUG ? '?debug' : ''}`);
  await page.waitForFunction(() => window.plumeTransfer?.ready === true, null, {
    timeout: STEP_TIMEOUT_MS,
  });
  return page;
}

/** Run `fn(window.plumeTransfer, arg)` in a harness page (`fn` travels as source text). */
function harness(page, fn, arg) {
  return page.evaluate(`(${fn.toString()})(window.plumeTransfer, ${JSON.stringify(arg ?? null)})`);
}

/** The customary backpressure of data channel examples, run once for comparison. */
const DEEP_BACKPRESSURE = { high: 4 * 1024 * 1024, low: 1024 * 1024, gentle: 0 };

/** One phase's CPU by process kind (and per thread with BENCH_TRANSFER_DEBUG). */
function logCpu(label, used) {
  log(`  ${label}: ${cpuText(used)}`);
  if (DEBUG) log(`    ${used.threads.join('\n    ')}`);
}

const mbPerS = (bytes, ms) => bytes / (1024 * 1024) / (ms / 1000);

/** A [ms, bytes] timeline as text, for the debug log. */
const timelineText = (timeline) =>
  timeline.map(([ms, bytes]) => `${ms}:${fmt(bytes / (1024 * 1024), 1)}`).join(' ');

/** MB/s over each quarter of the bytes, from a [ms, bytes] timeline (does it slow down?). */
function quarters(timeline, total) {
  const out = [];
  let from = timeline[0] ?? [0, 0];
  for (let q = 1; q <= 4; q++) {
    const to = timeline.find(([, bytes]) => bytes >= (total * q) / 4);
    if (!to) break;
    out.push(fmt(mbPerS(to[1] - from[1], to[0] - from[0])));
    from = to;
  }
  return out;
}

async function main() {
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const { worker, browser } = await stage(root, 'transfer', {
    site: { harness: 'transfer.vite.config.mjs' },
    args: CHROMIUM_ARGS,
  });
  if (GROUP_ONLY) return groupCase(browser, worker.origin, started, loadBefore);
  const ctxA = await newInstall(browser, worker.origin);
  const ctxB = await newInstall(browser, worker.origin);

  // ---- two installs, friends through the UI; then the app pages close
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  const idA = await onboard(a, 'Alice');
  const idB = await onboard(b, 'Bob');
  await befriend({ page: a, id: idA }, { page: b, id: idB });
  await a.close();
  await b.close();
  log(`onboarded and befriended (${since(started)} s)`);

  // ---- Plume's engines in a harness page of each install
  const hA = await harnessPage(ctxA);
  const hB = await harnessPage(ctxB);
  const conv = await harness(hA, (h, peer) => h.ensureConv(peer), idB);
  await harness(hB, (h, peer) => h.ensureConv(peer), idA);
  await harness(hA, (h) => h.start());
  await harness(hB, (h) => h.start());
  await harness(hA, (h, peer) => h.waitPeer(peer, 60_000), idB);
  await harness(hB, (h, peer) => h.waitPeer(peer, 60_000), idA);
  const chunkBytes = await harness(hA, (h) => h.chunkBytes);
  const source = await harness(hA, (h, mb) => h.makeSource(mb, 1), MB);
  log(`session up; ${MB} MB source made in A (${fmt(source.ms, 0)} ms) (${since(started)} s)`);

  // ---- baseline: a plain RTCDataChannel, same bytes, same message size (also after Plume)
  const plumeBackpressure = await harness(hA, (h) => h.backpressure);
  const runRaw = async (label, backpressure = plumeBackpressure, work = false) => {
    await collectGarbage(ctxB, hB);
    const rawHeap = await sampleHeap(ctxB, hB);
    const offer = await harness(hA, (h) => h.rawOffer());
    const answer = await harness(hB, (h, x) => h.rawAnswer(x.offer, x.bytes, x.work), {
      offer,
      bytes: BYTES,
      work,
    });
    const receiving = harness(hB, (h) => h.rawReceived());
    receiving.catch(() => {}); // awaited below; if the send fails first, that error is the one
    const cpu = cpuMeter();
    const sent = await harness(hA, (h, x) => h.rawSend(x.answer, x.size, x.backpressure), {
      answer,
      size: chunkBytes,
      backpressure,
    });
    const raw = await receiving;
    const cpuUsed = cpu.stop();
    const heapPeak = (await rawHeap.stop()).peakMb;
    await harness(hA, (h) => h.rawClose());
    await harness(hB, (h) => h.rawClose());
    if (raw.bytes !== BYTES) throw new Error(`baseline moved ${raw.bytes} of ${BYTES} bytes`);
    if (work && raw.sha256 !== source.sha256) throw new Error(`baseline hashed ${raw.sha256}`);
    const ms = raw.lastAt - raw.firstAt;
    if (DEBUG) log(`  baseline timeline [ms, MB]: ${timelineText(raw.timeline)}`);
    log(
      `baseline ${label}: ${MB} MB in ${fmt(ms, 0)} ms = ${fmt(mbPerS(BYTES, ms))} MB/s ` +
        `(${sent.messages} messages of ${chunkBytes} bytes) (${since(started)} s)`,
    );
    logCpu('CPU', cpuUsed);
    return { ms, rate: mbPerS(BYTES, ms), heapPeak };
  };
  // The usual deep send buffer (pause at 4 MiB, go on at 1 MiB), for the record: on a fresh
  // association it tends to stall for 1–3 s at the start (see docs/performance.md).
  const rawDeep = await runRaw('with a deep buffer (4 MiB / 1 MiB)', DEEP_BACKPRESSURE);
  const rawBefore = await runRaw('before');
  // The same plain channel whose receiver does only the work every receiver must (a SHA-256 per
  // message, the streaming SHA-256, IndexedDB): the ceiling for any protocol on this machine.
  const rawWork = await runRaw(
    "with the receiver's required work (per-message and whole SHA-256, IndexedDB)",
    plumeBackpressure,
    true,
  );

  // ---- Plume: send (prepare + event), then B pulls, checks and stores
  await collectGarbage(ctxB, hB);
  const heap = await sampleHeap(ctxB, hB);
  let profiles = null;
  const sendStarted = Date.now();
  let cpu = null;
  const prepared = await harness(hA, (h, c) => h.sendSource(c), conv);
  log(`A prepared and sent the event in ${fmt(prepared.prepareMs, 0)} ms (${since(started)} s)`);
  let done;
  try {
    await harness(hB, (h, ms) => h.waitActive(ms), TRANSFER_TIMEOUT_MS);
    // Profiles cover the transfer only (not A's prepare).
    if (process.env.BENCH_TRANSFER_PROFILE) {
      profiles = [await profileCpu(ctxA, hA), await profileCpu(ctxB, hB)];
    }
    cpu = cpuMeter();
    done = await harness(hB, (h, ms) => h.waitReady(ms), TRANSFER_TIMEOUT_MS);
  } catch (err) {
    log('B states:', (await harness(hB, (h) => h.states()).catch(() => [])).slice(-20));
    throw err;
  }
  const cpuUsed = cpu.stop();
  const heapResult = await heap.stop();
  if (profiles) {
    log(
      '  A (sender) CPU profile, top self time:\n    ' + (await profiles[0].stop()).join('\n    '),
    );
    log(
      '  B (receiver) CPU profile, top self time:\n    ' +
        (await profiles[1].stop()).join('\n    '),
    );
  }
  const e2eMs = Date.now() - sendStarted;
  const streamMs = done.readyAt - done.activeAt;
  const fromEventMs = done.readyAt - done.foundAt;
  const rate = mbPerS(BYTES, streamMs);
  logCpu("CPU from B's channel bound to ready", cpuUsed);
  log(`  B's rate by quarter of the file: ${quarters(done.timeline, BYTES).join(', ')} MB/s`);
  if (DEBUG) log(`  B's timeline [ms, MB]: ${timelineText(done.timeline)}`);

  // ---- check B's copy independently of Plume's own check
  const opened = await harness(hB, (h, id) => h.openedHash(id), done.id);
  const match = opened.sha256 === source.sha256 && prepared.sha256 === source.sha256;
  if (!match || opened.size !== BYTES) {
    throw new Error(`B's copy differs: ${opened.sha256} (${opened.size} B) vs ${source.sha256}`);
  }
  await harness(hA, (h) => h.stop());
  await harness(hB, (h) => h.stop());
  // The machine is shared: the baseline runs again, and the two runs bracket Plume's.
  const rawAfter = await runRaw('after');
  const rawRate = (rawBefore.rate + rawAfter.rate) / 2;

  // ---------------------------------------------------------------- report
  log('');
  log(`Transfer of ${MB} MB (${BYTES} bytes), chunks of ${chunkBytes} bytes:`);
  log(
    `  Plume: ${fmt(rate)} MB/s from B's channel bound to verified and stored (${fmt(streamMs, 0)} ms); ` +
      `${fmt(mbPerS(BYTES, fromEventMs))} MB/s from the event's arrival in B (${fmt(fromEventMs, 0)} ms)`,
  );
  log(
    `  Plume end to end (A's send() call to B ready, incl. A storing and hashing ${MB} MB): ` +
      `${fmt(e2eMs / 1000, 1)} s = ${fmt(mbPerS(BYTES, e2eMs))} MB/s; A's prepare ${fmt(prepared.prepareMs, 0)} ms ` +
      `(${fmt(mbPerS(BYTES, prepared.prepareMs))} MB/s)`,
  );
  log(
    `  baseline, plain RTCDataChannel: ${fmt(rawRate)} MB/s, the mean of ${fmt(rawBefore.rate)} MB/s ` +
      `before Plume's run and ${fmt(rawAfter.rate)} MB/s after it`,
  );
  log(`  ratio Plume / baseline: ${fmt(rate / rawRate)} (target ≥ 0.85)`);
  log(
    `  the same plain channel with a deep send buffer (4 MiB / 1 MiB instead of ` +
      `${plumeBackpressure.high / 1024} / ${plumeBackpressure.low / 1024} KiB): ${fmt(rawDeep.rate)} MB/s`,
  );
  log(
    `  the plain channel whose receiver does only the required work (hashes, IndexedDB): ` +
      `${fmt(rawWork.rate)} MB/s = ${fmt(rawWork.rate / rawRate)} of the plain channel; ` +
      `Plume / that: ${fmt(rate / rawWork.rate)}`,
  );
  log(
    `  B's JS heap: peak ${fmt(heapResult.peakMb, 1)} MB during the Plume transfer (${heapResult.samples} samples; ` +
      `target < 64 MB); baseline transfer peak ${fmt(rawBefore.heapPeak, 1)} MB`,
  );
  log(
    `  B's copy read back and hashed: SHA-256 matches the source (${fmt(opened.ms, 0)} ms to read ${MB} MB)`,
  );
  log(
    `machine load (1-min average) ${fmt(loadBefore, 1)} at start, ${fmt(loadavg()[0], 1)} at end ` +
      `(other work on the machine skews every figure)`,
  );
  log(`total ${since(started)} s${QUICK ? ' (QUICK size: not figures)' : ''}`);
  log('');
  log(`BENCH transfer_mb_s ${fmt(rate)}`);
  log(`BENCH raw_mb_s ${fmt(rawRate)}`);
  log(`BENCH transfer_ratio ${fmt(rate / rawRate)}`);
  log(`BENCH receiver_heap_mb ${fmt(heapResult.peakMb, 1)}`);
  log(`BENCH required_work_ratio ${fmt(rawWork.rate / rawRate)}`);
  log(`BENCH transfer_vs_required_work ${fmt(rate / rawWork.rate)}`);
  await groupCase(browser, worker.origin, started, loadavg()[0]);
}

/** The group case: one holder against two, in this run. */
async function groupCase(browser, origin, started, loadBefore) {
  const swarm = await runSwarm({ browser, origin, harnessPage, harness, mb: MB, log, started });
  log('');
  log(
    `Group case, ${MB} MB: from one holder ${fmt(swarm.one)} MB/s, from two ${fmt(swarm.two)} MB/s`,
  );
  log(
    `machine load (1-min average) ${fmt(loadBefore, 1)} before the group case, ` +
      `${fmt(loadavg()[0], 1)} after`,
  );
  log(`total ${since(started)} s${QUICK ? ' (QUICK size: not figures)' : ''}`);
  log('');
  log(`BENCH swarm_ratio ${fmt(swarm.ratio)}`);
  log(`BENCH swarm_holders_asked ${swarm.askedA + swarm.askedB}`);
}

await runBench(main);
