/**
 * The file engine on the live session, loaded lazily by
 * chatRuntime when a friend's session first comes up: built from the
 * EngineContext, made visible to the UI through the files model, stopped
 * with the session.
 */
import { getDb } from '../../db/db';
import { FileEngine } from '../../peers/files/FileEngine';
import type { EngineContext } from './chatRuntime';
import { attachEngine } from './files';
import { shouldAutoDownload } from './filesFormat';
import { autoDownloadBytes } from './settings';

/** Start the file engine; returns its stop. */
export function startFiles(ctx: EngineContext): () => void {
  const engine = new FileEngine({
    manager: ctx.friends.manager,
    transport: ctx.transport,
    keys: ctx.keys,
    db: getDb(),
    sync: ctx.sync,
    // Read at the moment a file arrives, so a changed setting applies at once.
    autoDownload: (file) => shouldAutoDownload(file, autoDownloadBytes.peek()),
  });
  engine.start();
  const detach = attachEngine(engine);
  return () => {
    detach();
    engine.stop();
  };
}
