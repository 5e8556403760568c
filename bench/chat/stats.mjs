// Small statistics and formatting helpers for the chat bench.

/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN when empty. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values) => percentile(values, 50);

/** A number with `digits` decimals, or 'n/a'. */
export function fmt(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** `a / b` with two decimals, or 'n/a'. */
export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : 'n/a';
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds since `startMs` (Date.now()), one decimal. */
export const since = (startMs) => ((Date.now() - startMs) / 1000).toFixed(1);
