/**
 * Steps that must not stop what follows them. Closing a connection or a socket, or opening a
 * new one, runs library code on state a remote party may have shaped through signaling; if that
 * throws, the steps after it (above all, scheduling a reconnect) must still run.
 * Spec: docs/threat-model.md, "Strangers" → "The app does not trust its libraries".
 */
import { describeError } from './errors';
import type { Logger } from './log';

/** Run `step`; a throw is logged as a warning and swallowed. Returns false if it threw. */
export function guarded(logger: Logger, what: string, step: () => void): boolean {
  try {
    step();
    return true;
  } catch (err) {
    logger.warn(`${what} threw; carrying on:`, describeError(err));
    return false;
  }
}
