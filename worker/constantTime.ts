/**
 * Comparisons whose time does not depend on where, or whether, a secret matches ([WAKE-6]).
 */

/**
 * True when `candidate` equals one of `entries`. Every entry is compared with the whole candidate
 * and nothing stops early, so the time depends only on how many entries there are and how long
 * they are, never on which one matches or how many characters of it do.
 */
export function constantTimeIncludes(entries: Iterable<string>, candidate: string): boolean {
  let found = 0;
  for (const entry of entries) {
    let diff = entry.length ^ candidate.length;
    for (let i = 0; i < candidate.length; i++) {
      diff |= (entry.charCodeAt(i) | 0) ^ candidate.charCodeAt(i);
    }
    // 1 when diff is 0, else 0, without a branch on the secret (diff < 2^17).
    found |= (diff - 1) >>> 31;
  }
  return found === 1;
}
