// CPU time of the browser's processes, by process type (browser, renderer, gpu, utility…), read
// from /proc (Linux). A snapshot before and after a phase gives the CPU seconds each kind of
// process spent in it: on a 2-core machine this is what a transfer competes for.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100;

function processes() {
  const out = new Map();
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/chrom/i.test(cmdline.split('\0')[0] ?? '')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ticks = ticksOf(stat);
      const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
      const sub = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1];
      out.set(pid, {
        type: sub ? `${type}:${sub.split('.').pop()}` : type,
        ticks,
        threads: threads(pid),
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** User + system CPU ticks from a /proc stat line (fields 14 and 15, after the name). */
function ticksOf(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU ticks of each thread of `pid`, summed by thread name. */
function threads(pid) {
  const out = new Map();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
      out.set(name, (out.get(name) ?? 0) + ticksOf(stat));
    }
  } catch {
    // gone meanwhile
  }
  return out;
}

/** Per process (by pid) and thread name: CPU seconds between two snapshots, largest first. */
function threadText(before, after) {
  const lines = [];
  for (const [pid, { type, threads: now }] of after) {
    const then = before.get(pid)?.threads ?? new Map();
    const parts = [...now.entries()]
      .map(([name, ticks]) => [name, (ticks - (then.get(name) ?? 0)) / TICKS_PER_S])
      .filter(([, s]) => s >= 0.1)
      .sort((a, b) => b[1] - a[1]);
    if (parts.length === 0) continue;
    lines.push(`${type} ${pid}: ${parts.map(([n, s]) => `${n} ${s.toFixed(1)}`).join(', ')}`);
  }
  return lines;
}

/** Start measuring; `stop()` gives CPU seconds by process type, and the wall time. */
export function cpuMeter() {
  const before = processes();
  const started = Date.now();
  return {
    stop() {
      const after = processes();
      const byType = new Map();
      for (const [pid, { type, ticks }] of after) {
        const spent = (ticks - (before.get(pid)?.ticks ?? 0)) / TICKS_PER_S;
        byType.set(type, (byType.get(type) ?? 0) + spent);
      }
      const wallS = (Date.now() - started) / 1000;
      const total = [...byType.values()].reduce((a, b) => a + b, 0);
      return { byType, total, wallS, threads: threadText(before, after) };
    },
  };
}

/** "renderer 3.1 s, browser 2.0 s, … (total 6.2 s in 8.0 s)" */
export function cpuText({ byType, total, wallS }) {
  const parts = [...byType.entries()]
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([type, s]) => `${type} ${s.toFixed(1)} s`);
  return `${parts.join(', ')} (total ${total.toFixed(1)} s in ${wallS.toFixed(1)} s)`;
}
