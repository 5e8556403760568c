/**
 * The current time, refreshed every `everyMs` while `running`: for clocks
 * that tick by the second or faster (a call's duration, a recording's elapsed
 * time). Relative times that change by the minute use shell/models/clock.ts.
 */
import { useEffect, useState } from 'preact/hooks';
import { every, systemClock } from '../../lib/clock';

export function useNow(everyMs: number, running = true): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    return every(systemClock, everyMs, () => setNow(Date.now()));
  }, [everyMs, running]);
  return now;
}
