/**
 * Wake on a running runtime ([WAKE-14], [WAKE-15]): the engine that wakes friends we cannot
 * reach, and the directory that lets our service worker name friends who wake us. A chunk of its
 * own, loaded by the runtime on first need (a chat changed, a friend changed, the app started
 * with messages undelivered), so the first visit does not download it.
 */
import { signToken } from '../lib/signalToken';
import { HttpWakeService, type WakeService } from '../peers/wake/service';
import { WakeDirectoryKeeper } from '../peers/wake/directory';
import { WakeEngine } from '../peers/wake/WakeEngine';
import type { FeatureContext } from './runtime';

/** The wake parts of one runtime. */
export interface WakeParts {
  engine: WakeEngine;
  directory: WakeDirectoryKeeper;
  stop(): void;
}

/** How the runtime reaches the worker's wake routes. */
export interface WakeOptions {
  /** The worker's origin; by default the page's own (relative URLs). */
  origin?: string;
  /** Instead of the worker over HTTP (tests). */
  service?: WakeService;
}

/** Build the wake engine and directory keeper on `ctx`'s engines. */
export function startWake(ctx: FeatureContext, options: WakeOptions): WakeParts {
  const { friends, db, clock, keys } = ctx;
  const service =
    options.service ??
    new HttpWakeService({
      origin: options.origin ?? '',
      id: keys.id,
      signToken: () => signToken(keys.id, keys.privateKey, keys.publicKeyRaw),
    });
  const engine = new WakeEngine({
    db,
    service,
    me: keys.id,
    clock,
    now: Date.now,
    isOnline: (peer) => friends.manager.session(peer) !== null,
  });
  const directory = new WakeDirectoryKeeper({ db, me: keys.id });
  const off = friends.on('presence', (online) => {
    for (const peer of online) engine.peerOnline(peer);
  });
  void directory.refresh();
  return {
    engine,
    directory,
    stop() {
      off();
      engine.stop();
    },
  };
}
