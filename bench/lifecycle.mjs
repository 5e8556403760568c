// A bench's way out: what it set up (servers, browsers, temp folders) is undone once, newest
// first, when it ends, fails, runs out of time, or is stopped by a signal.

/** Push a function here for each thing to undo. */
export const cleanups = [];
let cleaning = null;

/**
 * Undo everything pushed so far, once; a failing step is reported and the rest still run. A
 * second caller (a signal while the bench ends) waits for the same run, so nobody exits halfway.
 */
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error('cleanup:', err);
      }
    }
  })();
  return cleaning;
}

/**
 * Run the bench's `main`, then clean up and exit: 0 when it finished, 1 when it threw or
 * `deadlineMs` passed (run.mjs kills a bench at 15 minutes; a bench stops a little before,
 * cleaning up) or a promise failed unhandled, 130 on SIGINT/SIGTERM. `onFailure` may print
 * where it stopped.
 */
export async function runBench(main, { deadlineMs = 14 * 60_000, onFailure } = {}) {
  const deadline = setTimeout(() => {
    console.error(`bench: global deadline of ${deadlineMs / 1000} s reached`);
    void cleanup().then(() => process.exit(1));
  }, deadlineMs);
  deadline.unref();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => void cleanup().then(() => process.exit(130)));
  }
  // A promise nobody awaited failed (say, a page call cut short by the cleanup): still undo all.
  process.on('unhandledRejection', (err) => {
    console.error('bench failed (unhandled):', err);
    void cleanup().then(() => process.exit(1));
  });
  let exitCode = 0;
  try {
    await main();
  } catch (err) {
    console.error('bench failed:', err);
    await onFailure?.();
    exitCode = 1;
  } finally {
    await cleanup();
    clearTimeout(deadline);
  }
  process.exit(exitCode);
}
