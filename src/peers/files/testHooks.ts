/**
 * Per-test hooks the files tests share: the warnings and errors each test
 * logged, and clean-ups run after it. `FDEBUG=<pattern>` also prints the
 * peers log. Call once at the top of a test file.
 */
import { afterEach, beforeEach } from 'vitest';
import { setLogFilter, setLogSink } from '../../lib/log';

export function fileTestHooks(): { warnings: string[]; cleanup: (() => void)[] } {
  // Stable arrays, emptied between tests, so a file can keep them in consts.
  const warnings: string[] = [];
  const cleanup: (() => void)[] = [];
  beforeEach(() => {
    warnings.length = 0;
    if (process.env.FDEBUG) setLogFilter(process.env.FDEBUG);
    cleanup.push(
      setLogSink((level, ns, args) => {
        if (level === 'warn' || level === 'error') warnings.push(`${ns} ${args.join(' ')}`);
        if (process.env.FDEBUG && ns.startsWith('peers')) console.info(level, ns, ...args);
      }),
    );
  });
  afterEach(() => {
    for (const fn of cleanup.splice(0).reverse()) fn();
  });
  return { warnings, cleanup };
}
