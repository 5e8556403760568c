#!/usr/bin/env node
// Call benchmark: two Plume installs (two Chromium contexts with fake camera and
// microphone) that are friends, the real worker for signaling (wrangler dev, loopback), the real
// app UI and call engine.
//
// Call setup, CALLS times: A clicks "Video call" in the chat header; B answers with video as fast
// as the UI allows (a MutationObserver in B clicks "Answer with video" the moment the ring
// screen shows it); stop when B's video plays in A's call screen (videoWidth > 0 and currentTime
// past 0). Every time is taken in the pages (epoch ms of the same machine), so the bench's own
// round trips are not counted. Split: click → B answers (ring signaling, A's camera, B's ring
// screen), and B answers → video plays in A (B's camera, media negotiation, first frames).
// After each call A hangs up and both ended screens are closed.
//
// Baseline, interleaved with the calls: a plain RTCPeerConnection between the same two contexts
// with the same fake media (getUserMedia on both sides, offer/answer carried by the bench, no
// STUN), from A's getUserMedia to B's video playing in A. Ratio = call setup / baseline (p50).
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainCallSetup } from './calls/baseline.mjs';
import {
  armAutoAnswer,
  awaitSetup,
  calleeRings,
  stillAdvancing,
  watchSetup,
} from './calls/probes.mjs';
import { fmt, percentile, ratio, since } from './chat/stats.mjs';
import { befriend, CHROMIUM_ARGS, newInstall, onboard } from './chat/ui.mjs';
import { runBench } from './lifecycle.mjs';
import { stage } from './stage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const WARMUP = Number(process.env.BENCH_CALLS_WARMUP ?? 2);
const STEP_TIMEOUT_MS = 30_000;
const POLL_MS = 4;
const CLOSE_CLICK_MS = 1_000;
/** BENCH_CALLS_TRACE=1 prints how long each round of the loop takes (bench overhead included). */
const TRACE = process.env.BENCH_CALLS_TRACE === '1';
const CALL_BUTTON = '[data-testid="chat-call-video"]';
const REMOTE_VIDEO = '[data-testid="call-remote-video"]';

const log = (...args) => console.log(...args);

/** Open the chat with the friend `id` from the Friends tab. */
async function openChat(page, id) {
  await page.getByTestId('nav-friends').first().click();
  await page.locator(`[data-testid="friend-row"][data-peer-id="${id}"]`).first().click();
  await page.getByTestId('friend-message').click();
  await page.getByTestId('chat-screen').waitFor();
}

/**
 * Close the call screen: after a hang-up it shows "Call ended" for 2 s and then closes by itself,
 * so a click on Close may find it gone already (a short try, then wait for it to go).
 */
async function closeCall(page) {
  await page
    .getByTestId('call-close')
    .click({ timeout: CLOSE_CLICK_MS })
    .catch(() => {});
  await page.getByTestId('call-screen').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
}

/** One measured call; returns its figures. */
async function oneCall(a, b) {
  const ringsBefore = (await b.evaluate(calleeRings)).length;
  await a.evaluate(watchSetup, {
    button: CALL_BUTTON,
    video: REMOTE_VIDEO,
    timeoutMs: STEP_TIMEOUT_MS,
    pollMs: POLL_MS,
  });
  await a.locator(CALL_BUTTON).click();
  const setup = await a.evaluate(awaitSetup);
  if (setup.error) throw new Error(setup.error);
  const advancing = await a.evaluate(stillAdvancing, { video: REMOTE_VIDEO, waitMs: 300 });
  if (!advancing) throw new Error('the remote video stopped advancing after it started');
  const ring = (await b.evaluate(calleeRings))[ringsBefore];
  if (!ring) throw new Error('B never rang');
  const t0 = Date.now();
  await a.getByTestId('call-hangup').click();
  await closeCall(a);
  const t1 = Date.now();
  await closeCall(b);
  if (TRACE) log(`  (trace: hang-up and close A ${t1 - t0} ms, close B ${Date.now() - t1} ms)`);
  return {
    setupMs: setup.playingAt - setup.clickAt,
    toRingMs: ring.ringAt - setup.clickAt,
    toAcceptMs: ring.acceptAt - setup.clickAt,
    afterAcceptMs: setup.playingAt - ring.acceptAt,
    size: `${setup.width}×${setup.height}`,
  };
}

function line(label, values) {
  return (
    `${label}: p50 ${fmt(percentile(values, 50), 0)} ms, p90 ${fmt(percentile(values, 90), 0)} ms, ` +
    `min ${fmt(Math.min(...values), 0)} ms, max ${fmt(Math.max(...values), 0)} ms`
  );
}

async function main() {
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const { worker, browser } = await stage(root, 'calls', {
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      // B answers from a script (no user gesture): let its call screen play sound anyway.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const ctxA = await newInstall(browser, worker.origin);
  const ctxB = await newInstall(browser, worker.origin);
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  const idA = await onboard(a, 'Alice');
  const idB = await onboard(b, 'Bob');
  await befriend({ page: a, id: idA }, { page: b, id: idB });
  log(`onboarded and befriended (${since(started)} s)`);

  // Baseline pages: same origin (secure context), no app running in them.
  const baseA = await ctxA.newPage();
  const baseB = await ctxB.newPage();
  for (const page of [baseA, baseB]) await page.goto('/manifest.webmanifest');

  await openChat(a, idB);
  await a.locator(`${CALL_BUTTON}:not([aria-disabled="true"])`).waitFor({ timeout: 60_000 });
  await b.evaluate(armAutoAnswer);

  const calls = [];
  const base = [];
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const call = await oneCall(a, b);
    const plain = await plainCallSetup(baseA, baseB, {
      timeoutMs: STEP_TIMEOUT_MS,
      pollMs: POLL_MS,
    });
    if (i < WARMUP) continue;
    calls.push(call);
    base.push(plain.ms);
    log(
      `  call ${i - WARMUP + 1}/${CALLS}: ${fmt(call.setupMs, 0)} ms (B answered at ${fmt(call.toAcceptMs, 0)} ms, ` +
        `${call.size}); baseline ${fmt(plain.ms, 0)} ms`,
    );
  }

  const setup = calls.map((c) => c.setupMs);
  const toAccept = calls.map((c) => c.toAcceptMs);
  const toRing = calls.map((c) => c.toRingMs);
  const afterAccept = calls.map((c) => c.afterAcceptMs);
  const p50 = percentile(setup, 50);
  const baseP50 = percentile(base, 50);
  log('');
  log(
    `Call setup, click on "Video call" (A) → B's video playing in A (${CALLS} calls after ${WARMUP} warm-up):`,
  );
  log(`  ${line('total', setup)}`);
  log(`  ${line("  click → B's ring screen", toRing)}`);
  log(`  ${line('  click → B answered (waiting for the accept)', toAccept)}`);
  log(`  ${line('  B answered → video playing in A', afterAccept)}`);
  log(
    `  waiting for the accept is ${fmt((100 * percentile(toAccept, 50)) / p50, 0)}% of the p50 setup`,
  );
  log(`  ${line('baseline, plain RTCPeerConnection with the same fake media', base)}`);
  log(
    `  ratio p50 ${ratio(p50, baseP50)}×, p90 ${ratio(percentile(setup, 90), percentile(base, 90))}×`,
  );
  log(
    `machine load (1-min average) ${fmt(loadBefore, 1)} at start, ${fmt(loadavg()[0], 1)} at end ` +
      `(other work on the machine skews every figure); total ${since(started)} s`,
  );
  log('');
  log(`BENCH call_setup_p90_ms ${fmt(percentile(setup, 90), 0)}`);
  log(`BENCH call_accept_wait_p50_ms ${fmt(percentile(toAccept, 50), 0)}`);
  log(`BENCH call_after_accept_p50_ms ${fmt(percentile(afterAccept, 50), 0)}`);
  log(`BENCH call_baseline_plain_pc_p50_ms ${fmt(baseP50, 0)}`);
  log(`BENCH call_setup_ratio_vs_plain_pc ${ratio(p50, baseP50)}`);
  log(`BENCH call_setup_p50_ms ${fmt(p50, 0)}`);
}

await runBench(main);
