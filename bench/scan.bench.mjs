#!/usr/bin/env node
// Scan benchmark: how often, and how fast, the app's QR decoder reads an invite code
// as a phone camera sees it, against html5-qrcode's JavaScript decoder that the app used before.
//
// A seeded set of invite links (random keys, random names, often Chinese and percent-encoded)
// is drawn as the app draws its code (error correction M, 4-module quiet zone) into 640x480 and
// 1280x720 frames with grey clutter, then distorted by category: plain (any size, anywhere,
// nearly filling the frame), rotated (up to 30°), perspective (corners moved up to 15% of the
// side), blurred (1–2.5 px), noisy, low contrast (down to 25%), light on dark, and combined. The
// frames are drawn and read in one Chromium page, a bench harness built by Vite
// (bench/harness/scanHarness.ts, scanFrames.ts), so the app's decoder loads exactly as in the
// app: `loadQrDecoder()` from src/ui/friends/models/qrDecoder.ts, with its wasm from our own origin.
//
// Readers, each on every frame in turn: the app's decoder on the whole frame; html5-qrcode's
// zxing-js decoder on the whole frame; the same on the centred square of 80% of the shorter side,
// which is all the old camera scanner decoded (its `qrbox`) — the baseline. A read counts only
// when its text is the generated link. Then the per-frame cost of a steady 640x480 and 1280x720
// video-like frame (after warm-up), with and without a code in view, at the scanner's 10 fps.
//
// BENCH_SCAN_PER_CATEGORY=<n> (default 32) and BENCH_SCAN_SEED=<n> (default 13) change the set;
// BENCH_SCAN_SAVE=<dir> writes every frame there as a PNG, named by id, category and outcome.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, percentile, ratio, since } from './chat/stats.mjs';
import { CHROMIUM_ARGS } from './chat/ui.mjs';
import { runBench } from './lifecycle.mjs';
import { stage } from './stage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PER_CATEGORY = Number(process.env.BENCH_SCAN_PER_CATEGORY ?? 32);
const SEED = Number(process.env.BENCH_SCAN_SEED ?? 13);
const SAVE_DIR = process.env.BENCH_SCAN_SAVE;
const STEP_TIMEOUT_MS = 60_000;
/** The scanner reads at most this many frames a second (SCAN_FPS in src/ui/friends/models/scanner.ts). */
const SCAN_FPS = 10;
const FRAME_WARMUP = 5;
const FRAME_RUNS = 30;

const READERS = {
  app: "app's decoder (whole frame)",
  whole: 'html5-qrcode zxing-js, whole frame',
  crop: 'html5-qrcode zxing-js, centred 80% box (old scanner; baseline)',
};
const BASELINE = 'crop';

const log = (...args) => console.log(...args);

/** Run `fn(window.plumeScan, arg)` in the harness page (`fn` travels as source text). */
function harness(page, fn, arg) {
  return page.evaluate(`(${fn.toString()})(window.plumeScan, ${JSON.stringify(arg ?? null)})`);
}

/** Success rate and decode times of one reader over some cases' reads. */
function summary(results, reader) {
  const reads = results.map((r) => r.reads[reader]);
  const ms = reads.map((r) => r.ms);
  return {
    n: reads.length,
    rate: reads.filter((r) => r.ok).length / Math.max(1, reads.length),
    wrong: reads.filter((r) => r.wrong).length,
    p50: median(ms),
    p95: percentile(ms, 95),
    okP50: median(reads.filter((r) => r.ok).map((r) => r.ms)),
  };
}

const pad = (text, width) => String(text).padStart(width);
const pct = (rate) => `${fmt(rate * 100, 0)}%`;
const cell = (s) => `${pad(pct(s.rate), 5)} ${pad(fmt(s.p50, 1), 6)} ${pad(fmt(s.p95, 1), 6)}`;

/** One row per category (and 'all'): each reader's success rate and decode ms p50/p95. */
function table(results, categories) {
  const readers = Object.keys(READERS);
  log(`  ${''.padEnd(18)}${readers.map((r) => `| ${r.padEnd(20)}`).join('')}`);
  log(
    `  ${'category'.padEnd(14)} ${pad('n', 3)}${readers.map(() => '|    ok    p50    p95 ').join('')}`,
  );
  for (const category of [...categories, 'all']) {
    const subset = category === 'all' ? results : results.filter((r) => r.category === category);
    const cells = readers.map((reader) => `| ${cell(summary(subset, reader))} `);
    log(`  ${category.padEnd(14)} ${pad(subset.length, 3)}${cells.join('')}`);
  }
}

async function main() {
  const started = Date.now();
  const loadStart = loadavg();
  log(`machine load at start: ${loadStart.map((v) => fmt(v, 2)).join(' ')} (1/5/15 min)`);
  const { worker, browser } = await stage(root, 'scan', {
    site: { harness: 'scan.vite.config.mjs' },
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage({ baseURL: worker.origin });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') log(`  [page] ${msg.text()}`);
  });
  page.on('pageerror', (err) => log(`  [page error] ${err.message}`));
  await page.goto('/bench/harness/scan.html');
  await page.waitForFunction(() => window.plumeScan?.ready === true, null, {
    timeout: STEP_TIMEOUT_MS,
  });
  const kind = await harness(page, (h) => h.kind);
  log(`harness ready; the app's decoder here: ${kind} (${since(started)} s)`);

  // ---- the set
  const info = await harness(page, (h, x) => h.makeSet(x.seed, x.per), {
    seed: SEED,
    per: PER_CATEGORY,
  });
  const categories = await harness(page, (h) => h.categories);
  const versions = info.map((c) => c.version);
  const lengths = info.map((c) => c.textLength);
  log(
    `${info.length} frames (seed ${SEED}, ${PER_CATEGORY} per category, ` +
      `${info.filter((c) => c.width === 1280).length} of them 1280x720); links of ` +
      `${Math.min(...lengths)}–${Math.max(...lengths)} characters (median ${median(lengths)}), ` +
      `QR versions ${Math.min(...versions)}–${Math.max(...versions)} (median ${median(versions)}); ` +
      `${fmt(Math.min(...info.map((c) => c.modulePx)), 1)}–` +
      `${fmt(Math.max(...info.map((c) => c.modulePx)), 1)} px per module`,
  );

  // ---- warm-up (not counted): every reader compiles and allocates on a few frames
  await harness(page, (h, ids) => h.run(ids), [0, 1, 2, PER_CATEGORY, PER_CATEGORY + 4]);

  // ---- every frame, every reader
  const results = [];
  for (const category of categories) {
    const ids = info.filter((c) => c.category === category).map((c) => c.id);
    const t0 = Date.now();
    const reads = await harness(page, (h, x) => h.run(x), ids);
    for (const r of reads) results.push({ ...r, category, hd: info[r.id].width === 1280 });
    const line = Object.keys(READERS)
      .map((reader) => `${reader} ${fmt(summary(reads, reader).rate * 100, 0)}%`)
      .join(', ');
    log(`  ${category}: ${line} (${fmt((Date.now() - t0) / 1000, 1)} s)`);
  }
  if (SAVE_DIR) {
    mkdirSync(SAVE_DIR, { recursive: true });
    for (const r of results) {
      const url = await harness(page, (h, id) => h.png(id), r.id);
      const tag = Object.keys(READERS)
        .map((reader) => `${reader}-${r.reads[reader].ok ? 'ok' : 'no'}`)
        .join('_');
      const file = join(SAVE_DIR, `${String(r.id).padStart(3, '0')}_${r.category}_${tag}.png`);
      writeFileSync(file, Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    }
    log(`frames written to ${SAVE_DIR}`);
  }

  // ---- per-frame cost of a steady video-like frame
  const frameCosts = [];
  const sizes = [
    { width: 640, height: 480 },
    { width: 1280, height: 720 },
  ];
  for (const size of sizes) {
    for (const withCode of [true, false]) {
      for (const reader of ['app', BASELINE]) {
        const cost = await harness(
          page,
          (h, x) => h.frameCost(x.reader, x.size, x.withCode, x.warmup, x.runs),
          {
            reader,
            size,
            withCode,
            warmup: FRAME_WARMUP,
            runs: FRAME_RUNS,
          },
        );
        frameCosts.push({ ...size, withCode, reader, ...cost });
      }
    }
  }
  const loadEnd = loadavg();

  // ---------------------------------------------------------------- report
  log('');
  log(`Readers (each frame read by all three, in turn):`);
  for (const [key, label] of Object.entries(READERS)) log(`  ${key.padEnd(5)} ${label}`);
  log(`Success rate, and decode ms p50/p95 over every frame (read or not), by category:`);
  table(results, categories);
  log(`  (1280x720 frames only:)`);
  table(
    results.filter((r) => r.hd),
    [],
  );
  for (const reader of Object.keys(READERS)) {
    const wrong = summary(results, reader).wrong;
    if (wrong > 0) log(`  ${reader}: ${wrong} wrong reads (a text that is not the link)`);
  }
  const appAll = summary(results, 'app');
  const wholeAll = summary(results, 'whole');
  const baseAll = summary(results, BASELINE);
  log('');
  log(`App / baseline by category: success rate ratio (rates), decode ms p50 ratio;`);
  log(`then the same against zxing-js on the whole frame:`);
  for (const category of [...categories, 'all']) {
    const subset = category === 'all' ? results : results.filter((r) => r.category === category);
    const a = summary(subset, 'app');
    const b = summary(subset, BASELINE);
    const w = summary(subset, 'whole');
    const vs = (x) =>
      `success ${pad(ratio(a.rate, x.rate), 5)} (${pad(pct(a.rate), 4)}/${pad(pct(x.rate), 4)}), ` +
      `p50 ${pad(ratio(a.p50, x.p50), 5)}`;
    log(`  ${category.padEnd(14)} ${vs(b)}   | whole: ${vs(w)}`);
  }
  log(
    `  decode ms p50 of successful reads only: app ${fmt(appAll.okP50, 1)}, ` +
      `whole ${fmt(wholeAll.okP50, 1)}, crop ${fmt(baseAll.okP50, 1)}`,
  );
  log('');
  log(
    `Per-frame cost of a steady video-like frame (canvas), ${FRAME_RUNS} reads after ${FRAME_WARMUP} ` +
      `warm-up ones; at ${SCAN_FPS} fps a frame has ${1000 / SCAN_FPS} ms:`,
  );
  for (const f of frameCosts) {
    const what =
      `${`${f.width}x${f.height}`.padEnd(8)} ${f.withCode ? 'code in view' : 'no code'}`.padEnd(21);
    const mean = f.ms.reduce((a, b) => a + b, 0) / f.ms.length;
    log(
      `  ${what} ${f.reader.padEnd(4)} p50 ${pad(fmt(median(f.ms), 1), 6)} ms, p95 ${pad(fmt(percentile(f.ms, 95), 1), 6)} ms, ` +
        `mean ${pad(fmt(mean, 1), 6)} ms = ${pad(fmt((mean * SCAN_FPS) / 10, 0), 3)}% of one core at ${SCAN_FPS} fps` +
        (f.withCode ? ` (read right ${f.right}/${f.ms.length})` : ''),
    );
  }
  log('');
  log(
    `machine load (1/5/15 min) ${loadStart.map((v) => fmt(v, 2)).join(' ')} at start, ` +
      `${loadEnd.map((v) => fmt(v, 2)).join(' ')} at end, on ${availableParallelism()} cores ` +
      `(other work on the machine skews every time)`,
  );
  log(`total ${since(started)} s`);
  log('');
  log(`BENCH scan_baseline_whole_success_rate ${fmt(wholeAll.rate, 3)}`);
  log(`BENCH scan_baseline_whole_decode_ms_p50 ${fmt(wholeAll.p50, 1)}`);
  log(`BENCH scan_baseline_success_rate ${fmt(baseAll.rate, 3)}`);
  log(`BENCH scan_baseline_decode_ms_p50 ${fmt(baseAll.p50, 1)}`);
  log(`BENCH scan_success_rate ${fmt(appAll.rate, 3)}`);
  log(`BENCH scan_decode_ms_p50 ${fmt(appAll.p50, 1)}`);
}

await runBench(main, { deadlineMs: 10 * 60_000 });
