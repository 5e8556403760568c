// Samples a page's JS heap through the Chrome DevTools Protocol (Performance.getMetrics,
// JSHeapUsedSize: what V8 holds for the page's scripts) every `everyMs` until stopped.

/** Start sampling `page` of `context`; `stop()` resolves { peakMb, samples, lastMb }. */
export async function sampleHeap(context, page, everyMs = 100) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0;
  let last = 0;
  let samples = 0;
  let running = true;
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    peak = Math.max(peak, used);
    last = used;
    samples++;
  };
  const loop = (async () => {
    while (running) {
      await read().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await read().catch(() => {});
      await cdp.detach().catch(() => {});
      return { peakMb: peak / (1024 * 1024), lastMb: last / (1024 * 1024), samples };
    },
  };
}

/** Ask V8 to collect garbage in `page` (so a heap baseline means something). */
export async function collectGarbage(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
}

/** Record a CPU profile of `page`; `stop()` resolves the top functions by self time. */
export async function profileCpu(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  return {
    async stop(top = 25) {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach().catch(() => {});
      const dt = new Map();
      const { samples = [], timeDeltas = [] } = profile;
      samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (timeDeltas[i] ?? 0)));
      const total = [...dt.values()].reduce((a, b) => a + b, 0);
      const byName = new Map();
      for (const node of profile.nodes) {
        const f = node.callFrame;
        const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        byName.set(name, (byName.get(name) ?? 0) + (dt.get(node.id) ?? 0));
      }
      return [...byName.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(
          ([name, us]) =>
            `${((us / total) * 100).toFixed(1)}% ${(us / 1000).toFixed(0)} ms ${name}`,
        );
    },
  };
}
