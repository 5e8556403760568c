/**
 * The file and call engines on a running runtime's sessions. A chunk of its own, loaded by the
 * runtime on first need, so the first visit does not download them.
 */
import { log } from '../lib/log';
import { CallEngine } from '../peers/calls/CallEngine';
import { shouldAutoDownload } from '../peers/files/autoDownload';
import { FileEngine } from '../peers/files/FileEngine';
import { isMediaTransport } from '../peers/media';
import type { FeatureContext, FeatureEngines } from './runtime';

const logger = log('runtime:features');

function startFiles(ctx: FeatureContext): FileEngine {
  const limit = ctx.settings.autoDownloadBytes;
  const engine = new FileEngine({
    manager: ctx.friends.manager,
    transport: ctx.transport,
    keys: ctx.keys,
    db: ctx.db,
    sync: ctx.sync,
    // Read at the moment a file arrives, so a changed setting applies at once.
    autoDownload: limit && ((file) => shouldAutoDownload(file, limit())),
    env: ctx.clock,
    groups: ctx.groups,
  });
  engine.start();
  return engine;
}

function startCalls(ctx: FeatureContext): CallEngine | null {
  const media = ctx.transport;
  if (!isMediaTransport(media)) {
    logger.warn('this transport carries no media: calls are off');
    return null;
  }
  const engine = new CallEngine({
    manager: ctx.friends.manager,
    media,
    keys: ctx.keys,
    sync: ctx.sync,
    groups: ctx.groups,
    env: ctx.clock,
  });
  engine.start();
  return engine;
}

/** Build and start the file engine, then the call engine. */
export function startFeatures(ctx: FeatureContext): FeatureEngines {
  return { files: startFiles(ctx), calls: startCalls(ctx) };
}
