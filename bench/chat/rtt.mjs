// The message round trip through the UI, one message at a time, and where its time goes:
// the app's user-timing marks (src/lib/marks.ts) in both pages, matched to each message, give
// per-segment times; the CPU of Chromium's processes and of each page's main thread gives the
// CPU per message. Everything is taken in the pages or from /proc; nothing here changes the path.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProfile, summarizeProfile } from './profile.mjs';
import { summarizeTrace, TRACE_CATEGORIES } from './trace.mjs';
import {
  armReceiver,
  armSender,
  awaitDelivered,
  COMPOSER,
  expectDelivered,
  MESSAGE,
  MY_MESSAGE,
  seenAt,
} from './probes.mjs';
import { fmt, percentile } from './stats.mjs';

const STEP_TIMEOUT_MS = 30_000;
/** With a profile folder: a Chromium trace of every process instead of CPU profiles. */
const TRACE = process.env.BENCH_CHAT_TRACE === '1';
export const RTT_WARMUP = 10;

/** In a page, once: keep every `plume:*` mark (epoch ms and detail) as it is made. */
function armMarks() {
  if (window.__benchMarks) return;
  const marks = [];
  window.__benchMarks = marks;
  // The entries only: reading a mark's detail costs a deserialization, done at the end.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name.startsWith('plume:')) marks.push(entry);
  }).observe({ type: 'mark' });
}

/** In a page: the marks kept so far (and forget them). */
function takeMarks() {
  return (window.__benchMarks ?? []).splice(0).map((entry) => ({
    name: entry.name.slice(6),
    at: performance.timeOrigin + entry.startTime,
    detail: entry.detail ?? null,
  }));
}

const CLOCK_TICKS_PER_S = 100;

/** CPU seconds (user + system) of every Chromium process under this node process. */
function chromiumCpuSeconds() {
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) start after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      procs.set(Number(name), {
        ppid: Number(rest[1]),
        cpu: (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS_PER_S,
        chromium: /chrom/i.test(cmd.split('\0')[0] ?? ''),
      });
    } catch {
      // gone meanwhile
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  let count = 0;
  for (const pid of mine) {
    const p = procs.get(pid);
    if (p?.chromium) {
      total += p.cpu;
      count++;
    }
  }
  return { seconds: total, processes: count };
}

/** The page metrics that say where a renderer's time goes (CDP Performance.getMetrics). */
const PAGE_METRICS = [
  'ThreadTime',
  'TaskDuration',
  'ScriptDuration',
  'V8CompileDuration',
  'RecalcStyleDuration',
  'LayoutDuration',
  'TaskOtherDuration',
  'DevToolsCommandDuration',
  'ProcessTime',
];

/** A page's metrics now, seconds, by name. */
async function pageCpu(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(
    PAGE_METRICS.map((name) => [name, metrics.find((m) => m.name === name)?.value ?? 0]),
  );
}

/**
 * `count` round trips (after RTT_WARMUP) through the UI: A types and presses Enter; the time
 * runs until A's row shows delivered (or read). Returns the samples, the marks of both pages
 * and the CPU spent over the measured messages.
 */
export async function measureRoundTrips(
  a,
  b,
  count,
  { profileDir = null, log = console.log } = {},
) {
  await a.evaluate(armSender, { composer: COMPOSER, myMessage: MY_MESSAGE });
  await b.evaluate(armReceiver, { message: MESSAGE });
  const cdpA = await a.context().newCDPSession(a);
  const cdpB = await b.context().newCDPSession(b);
  await cdpA.send('Performance.enable');
  await cdpB.send('Performance.enable');
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const reported = new Map();
  await a.exposeBinding('__benchDelivered', (_source, token) => reported.get(token)?.());
  const composer = a.locator(COMPOSER);
  const samples = [];
  const statuses = {};
  let failures = 0;
  let cpuBefore = null;
  let profiles = [];
  const tag = Math.random().toString(36).slice(2, 8);
  for (let i = 0; i < RTT_WARMUP + count; i++) {
    if (i === RTT_WARMUP) {
      for (const page of [a, b]) {
        await page.evaluate(armMarks);
        await page.evaluate(takeMarks);
      }
      cpuBefore = { all: chromiumCpuSeconds(), a: await pageCpu(cdpA), b: await pageCpu(cdpB) };
      if (profileDir && TRACE) {
        await a
          .context()
          .browser()
          .startTracing(undefined, {
            path: join(profileDir, 'rtt.trace.json'),
            categories: TRACE_CATEGORIES,
          });
      } else if (profileDir) {
        profiles = [await startProfile(a.context(), a), await startProfile(b.context(), b)];
      }
    }
    const token = `rtt-${i}-${tag}`;
    await a.evaluate(expectDelivered, token);
    // The page reports delivery through a binding: nothing of the bench runs in A meanwhile.
    const delivered = new Promise((resolve) => {
      reported.set(token, resolve);
      setTimeout(resolve, STEP_TIMEOUT_MS);
    });
    await composer.fill(`Round trip ${token} — how are you?`);
    await composer.press('Enter');
    await delivered;
    reported.delete(token);
    const result = await a.evaluate(awaitDelivered, 1_000);
    const seen = await b.evaluate(seenAt, { token, timeoutMs: 5_000 });
    if (!result.ok) {
      failures++;
      console.error(`round trip ${token} not delivered`, result);
      if (failures > 5) throw new Error('too many undelivered messages');
      continue;
    }
    if (i < RTT_WARMUP) continue;
    statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    samples.push({
      rtt: result.rttMs,
      shown: result.shownMs,
      sent: result.sentMs,
      keydown: result.keydownEpoch,
      delivered: result.keydownEpoch + result.rttMs,
      seenOnB: seen,
      oneWay: seen === null ? null : seen - result.keydownEpoch,
    });
  }
  const cpuAfter = { all: chromiumCpuSeconds(), a: await pageCpu(cdpA), b: await pageCpu(cdpB) };
  if (profileDir && TRACE) {
    await a.context().browser().stopTracing();
    const file = join(profileDir, 'rtt.trace.json');
    log(`  trace of the round trips: ${file}`);
    log(summarizeTrace(file, { messages: count }));
  }
  for (const [name, profiling] of [
    ['A', profiles[0]],
    ['B', profiles[1]],
  ]) {
    if (!profiling) continue;
    const profile = await profiling.stop();
    const file = join(profileDir, `rtt-${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`  profile of ${name}'s page during the round trips: ${file}`);
    log(summarizeProfile(profile, { top: 30 }));
  }
  const marksA = await a.evaluate(takeMarks);
  const marksB = await b.evaluate(takeMarks);
  await cdpA.detach().catch(() => {});
  await cdpB.detach().catch(() => {});
  const perMessage = (after, before) => ((after - before) * 1000) / count;
  const perPage = (after, before) =>
    Object.fromEntries(PAGE_METRICS.map((name) => [name, perMessage(after[name], before[name])]));
  const cpu = {
    processes: cpuAfter.all.processes,
    allMs: perMessage(cpuAfter.all.seconds, cpuBefore.all.seconds),
    a: perPage(cpuAfter.a, cpuBefore.a),
    b: perPage(cpuAfter.b, cpuBefore.b),
  };
  return { samples, statuses, failures, cpu, marksA, marksB };
}

/** The first mark named `name` at or after `after` that `accept`s, or null. */
function first(marks, name, after, accept = () => true) {
  if (after === null) return null;
  for (const m of marks) if (m.name === name && m.at >= after && accept(m)) return m;
  return null;
}

/**
 * The segments of one round trip, in order; each is [label, from, to] (epoch ms or null).
 * Marks of the other page are matched by the message's seq, not by time: the two pages' epoch
 * clocks may differ by a little, which only the wire segments show.
 */
function segmentsOf(sample, marksA, marksB, idA) {
  const at = (m) => m?.at ?? null;
  const appended = first(marksA, 'appended', sample.keydown);
  const signed = first(marksA, 'signed', sample.keydown);
  const seq = appended?.detail?.seq;
  const mine = (m) => m.detail?.author === idA && m.detail?.seq === seq;
  const covers = (m) => (m.detail?.vv?.[idA] ?? 0) >= seq;
  const sent = first(marksA, 'events-sent', at(appended), mine);
  const received = seq === undefined ? null : first(marksB, 'events-received', -Infinity, mine);
  const verified = first(marksB, 'verified', at(received));
  const stored = first(marksB, 'stored', at(verified), mine);
  const haveSent = first(marksB, 'have-sent', at(stored), covers);
  const haveReceived = seq === undefined ? null : first(marksA, 'have-received', -Infinity, covers);
  const status = first(
    marksA,
    'status',
    at(haveReceived),
    (m) => m.detail?.mark?.includes('deliveredSeq') && m.detail.seq >= seq,
  );
  const published = first(marksA, 'published', at(status));
  const publishedB = first(marksB, 'published', at(stored));
  return [
    ['A: Enter → event stored', sample.keydown, at(appended)],
    ['  of which Enter → signed', sample.keydown, at(signed)],
    ['  and signed → stored (one transaction)', at(signed), at(appended)],
    ['A: stored → EVENTS sent', at(appended), at(sent)],
    ['wire A→B: EVENTS sent → received', at(sent), at(received)],
    ['B: received → verified', at(received), at(verified)],
    ['B: verified → stored', at(verified), at(stored)],
    ['B: stored → HAVE sent', at(stored), at(haveSent)],
    ['wire B→A: HAVE sent → received', at(haveSent), at(haveReceived)],
    ['A: HAVE received → delivered noted', at(haveReceived), at(status)],
    ['A: delivered noted → row published', at(status), at(published)],
    ['A: published → rendered (row shows delivered)', at(published), sample.delivered],
    ['B: stored → its row published', at(stored), at(publishedB)],
    ['B: published → rendered (row shows)', at(publishedB), sample.seenOnB],
  ];
}

/**
 * Lines that say where each page's main thread spent its time per message: CPU (ThreadTime)
 * and the wall time of its tasks, split as Chromium counts them. DevTools commands are the
 * bench's own driving (typing, pressing Enter, polling).
 */
export function cpuReport(cpu) {
  const line = (name, m) =>
    `    ${name}: main thread CPU ${fmt(m.ThreadTime, 1)} ms, renderer process CPU ${fmt(m.ProcessTime, 1)} ms; ` +
    `tasks ${fmt(m.TaskDuration, 1)} ms = script ${fmt(m.ScriptDuration, 1)} (compiling ${fmt(m.V8CompileDuration, 1)}), ` +
    `style ${fmt(m.RecalcStyleDuration, 1)}, layout ${fmt(m.LayoutDuration, 1)}, other ${fmt(m.TaskOtherDuration, 1)}; ` +
    `DevTools commands ${fmt(m.DevToolsCommandDuration, 1)} ms`;
  return [
    `  CPU per message: ${fmt(cpu.allMs, 1)} ms over ${cpu.processes} Chromium processes (the bench's own driving included)`,
    line('A', cpu.a),
    line('B', cpu.b),
  ];
}

/** Lines that print p50/p99 per segment over every sample. */
export function segmentReport(samples, marksA, marksB, idA) {
  const table = new Map();
  for (const sample of samples) {
    for (const [label, from, to] of segmentsOf(sample, marksA, marksB, idA)) {
      const list = table.get(label) ?? { values: [], missing: 0, skewed: 0 };
      if (from === null || to === null) list.missing++;
      else {
        // Across pages a segment can come out below zero by the clocks' difference: count it as 0.
        if (to < from) list.skewed++;
        list.values.push(Math.max(0, to - from));
      }
      table.set(label, list);
    }
  }
  const width = Math.max(...[...table.keys()].map((k) => k.length));
  const lines = [];
  for (const [label, { values, missing, skewed }] of table) {
    lines.push(
      `    ${label.padEnd(width)}  p50 ${fmt(percentile(values, 50)).padStart(7)}  p99 ${fmt(percentile(values, 99)).padStart(7)} ms` +
        (missing ? `  (${missing} without marks)` : '') +
        (skewed ? `  (${skewed} below zero by the pages' clocks)` : ''),
    );
  }
  return lines;
}
