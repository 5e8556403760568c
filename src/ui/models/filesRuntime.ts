/**
 * The file engine on the live session (issue 5), loaded lazily by
 * chatRuntime when a friend's session first comes up.
 * STUB: the files UI engineer replaces this.
 */
import type { EngineContext } from './chatRuntime';

/** Start the file engine; returns its stop. */
export function startFiles(_ctx: EngineContext): () => void {
  return () => undefined;
}
