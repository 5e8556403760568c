/**
 * Finding file events in the logs [FILE-10]: the catch-up search at start
 * (events stored while no file engine ran) waits for an idle moment before
 * each batch, so it does not compete with the first screens; a search for
 * events that just arrived does not wait.
 */
import { afterEach, expect, it } from 'vitest';
import { eventIdOf } from '../../lib/convId';
import { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import { FileFinder } from './scan';
import { filePair, fileRow, testBytes } from './testing';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

it('[FILE-10] the catch-up search pauses before each batch; a search on arrival does not', async () => {
  const { a, b, conv } = await filePair(new MemoryHub(), { autoDownload: () => false });
  cleanup.push(
    () => a.stop(),
    () => b.stop(),
  );
  await a.files.send(conv, new Blob([testBytes(10_000, 3)]), 'notes.txt');
  const id = eventIdOf(conv, a.id, 1);
  // B's engine found it on arrival (a search that never waits).
  await waitFor(async () => (await fileRow(b, id).catch(() => null)) !== null);

  const found: string[] = [];
  let pauses = 0;
  const finder = new FileFinder({
    db: b.db,
    me: b.id,
    now: () => Date.now(),
    autoDownload: () => false,
    found: (row) => found.push(row.id),
  });
  const pace = (release: Promise<void>) => () => {
    pauses++;
    return release;
  };
  // Searching again on arrival: nothing to wait for, and nothing new (searched up to the end).
  await finder.scan(conv);
  expect(pauses).toBe(0);

  // A catch-up over a log never searched: it waits for the idle moment before reading.
  await b.db.fileScan.clear();
  let idleNow!: () => void;
  const background = finder.scan(conv, pace(new Promise((resolve) => (idleNow = resolve))));
  // Parked on the pause until idleNow(): whatever it did before is all it did.
  await waitFor(() => pauses === 1, 2000, 'the first pause');
  expect(await b.db.fileScan.count()).toBe(0);
  idleNow();
  await background;
  expect(await b.db.fileScan.count()).toBe(1);
  // The record existed already: found again, not duplicated.
  expect(found).toEqual([]);
});
