/**
 * Where system lines sit among the loaded messages: before the first message written after
 * them (by lamport, the order both share), or after the last. Lines older than the first loaded
 * message wait until older pages are loaded, unless the history is loaded from its start.
 */

/** Lines to show before the message at each index, and after the last. */
export function placeLines<L extends { lamport: number }>(
  messageLamports: readonly number[],
  lines: readonly L[],
  fromStart: boolean,
): { before: L[][]; after: L[] } {
  const sorted = [...lines].sort((a, b) => a.lamport - b.lamport);
  const before: L[][] = messageLamports.map(() => []);
  const after: L[] = [];
  const first = messageLamports[0];
  let i = 0;
  for (const line of sorted) {
    if (!fromStart && first !== undefined && line.lamport < first) continue;
    while (i < messageLamports.length && messageLamports[i]! < line.lamport) i++;
    if (i < messageLamports.length) before[i]!.push(line);
    else after.push(line);
  }
  return { before, after };
}
