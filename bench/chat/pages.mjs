// Pages of the chat bench: the bench harness page (bench/harness/, same origin as the app) and
// the app itself, plus seeding a plan of signed events through the harness.
import { fmt, since } from './stats.mjs';
import { waitOnline } from './ui.mjs';

const STEP_TIMEOUT_MS = 30_000;
/** Events per harness call while seeding (progress is printed after each). */
const SEED_SLICE = 10_000;

/** A bench harness page in `context` (same origin as the app), ready to use. */
export async function harnessPage(context) {
  const page = await context.newPage();
  await page.goto('/bench/harness/index.html');
  await page.waitForFunction(() => window.plumeBench?.ready === true, null, {
    timeout: STEP_TIMEOUT_MS,
  });
  return page;
}

/**
 * Run `fn(window.plumeBench, arg)` in a harness page. `fn` is sent as source text, so it must
 * only use its parameters; `arg` must be JSON.
 */
export function harness(page, fn, arg) {
  return page.evaluate(`(${fn.toString()})(window.plumeBench, ${JSON.stringify(arg)})`);
}

/**
 * Seed `plan` into A (harness page hA) in slices of SEED_SLICE, printing progress with `log`.
 * When the plan has B's events, B signs them first in its own context (hB) and only signatures
 * cross over.
 */
export async function seedPlan(hA, hB, plan, label, log) {
  const started = Date.now();
  let foreign = { sigs: [], ms: 0 };
  if (!plan.onlyA) foreign = await harness(hB, (h, p) => h.signMine(p), plan);
  const total = { signMs: foreign.ms, storeMs: 0, stored: 0, gaps: 0, dups: 0 };
  for (let from = 0; from < plan.count; from += SEED_SLICE) {
    const to = Math.min(plan.count, from + SEED_SLICE);
    const r = await harness(hA, (h, x) => h.seed(x.plan, x.sigs, x.from, x.to), {
      plan,
      sigs: plan.onlyA ? [] : foreign.sigs.slice(from, to),
      from,
      to,
    });
    total.signMs += r.signMs;
    total.storeMs += r.storeMs;
    total.stored += r.stored;
    total.gaps += r.gaps;
    total.dups += r.dups;
    log(
      `  ${label}: ${to}/${plan.count} stored, last slice ${fmt((to - from) / (r.storeMs / 1000), 0)} events/s (${since(started)} s)`,
    );
  }
  if (total.stored !== plan.count) {
    throw new Error(`seeding stored ${total.stored} of ${plan.count} (${JSON.stringify(total)})`);
  }
  return total;
}

/** Open the app of `context` at `hash` and wait until signaling is online. */
export async function appPage(context, hash) {
  const page = await context.newPage();
  await page.goto(`/${hash}`);
  await waitOnline(page);
  return page;
}
