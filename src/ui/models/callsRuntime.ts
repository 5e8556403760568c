/**
 * The call engine on the live session (issue 6), loaded lazily by
 * chatRuntime when a friend's session first comes up.
 * STUB: the calls UI engineer replaces this.
 */
import type { EngineContext } from './chatRuntime';

/** Start the call engine; returns its stop. */
export function startCalls(_ctx: EngineContext): () => void {
  return () => undefined;
}
