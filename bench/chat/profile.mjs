// Main-thread CPU profiles of bench pages (Chrome DevTools Protocol Profiler), for finding where
// the time of a measured step goes. Bench instrumentation only; the figures never depend on it.

/** Sampling interval, µs. */
const SAMPLING_US = 250;

/** Start sampling `page`'s main thread; returns { stop() → profile }. */
export async function startProfile(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach().catch(() => {});
      return profile;
    },
  };
}

function keyOf(frame) {
  const file = frame.url ? frame.url.replace(/^.*\//, '') : '';
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} ${file}:${frame.lineNumber + 1}` : name;
}

/** A text summary: wall time, busy share, and the `top` functions by self time. */
export function summarizeProfile(profile, { top = 20 } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const idle = self.get('(idle)') ?? 0;
  const rows = [...self.entries()].sort((x, y) => y[1] - x[1]).slice(0, top);
  const lines = [
    `    ${total.toFixed(0)} ms sampled, ${(total - idle).toFixed(0)} ms busy (${(((total - idle) / total) * 100).toFixed(0)}%)`,
  ];
  for (const [key, ms] of rows) lines.push(`    ${ms.toFixed(1).padStart(8)} ms  ${key}`);
  return lines.join('\n');
}
