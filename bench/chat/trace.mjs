// Where a renderer's main thread spends its time, from a Chromium trace: the self time of each
// kind of trace event (script, style, layout, paint, IPC…) on every renderer main thread.
// Bench instrumentation only (BENCH_CHAT_PROFILE with BENCH_CHAT_TRACE=1).
import { readFileSync } from 'node:fs';

/** Trace categories that name what a renderer's main thread is doing. */
export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'blink',
  'cc',
  'blink.user_timing',
];

/**
 * Self time (ms) by event name on each renderer main thread of the trace in `file`, over
 * complete ('X') and begin/end ('B'/'E') events; the `top` names of each thread.
 */
export function summarizeTrace(file, { top = 15, messages = 1 } = {}) {
  const { traceEvents } = JSON.parse(readFileSync(file, 'utf8'));
  const mains = new Set();
  for (const e of traceEvents) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') {
      mains.add(`${e.pid}:${e.tid}`);
    }
  }
  const threads = new Map();
  for (const e of traceEvents) {
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    if (e.ph === 'X') {
      (threads.get(key) ?? threads.set(key, []).get(key)).push({
        ts: e.ts,
        end: e.ts + (e.dur ?? 0),
        name: e.name,
      });
    }
  }
  const lines = [];
  for (const [key, events] of threads) {
    events.sort((a, b) => a.ts - b.ts || b.end - a.end);
    const self = new Map();
    const stack = [];
    let busy = 0;
    for (const e of events) {
      while (stack.length && stack.at(-1).end <= e.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent && e.end <= parent.end) parent.children += e.end - e.ts;
      else if (!parent) busy += e.end - e.ts;
      e.children = 0;
      stack.push(e);
    }
    for (const e of events) self.set(e.name, (self.get(e.name) ?? 0) + (e.end - e.ts - e.children));
    const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
    lines.push(
      `    renderer main thread ${key}: busy ${(busy / 1000 / messages).toFixed(1)} ms per message; self time per message:`,
    );
    for (const [name, us] of rows)
      lines.push(`      ${(us / 1000 / messages).toFixed(2).padStart(7)} ms  ${name}`);
  }
  return lines.join('\n');
}
