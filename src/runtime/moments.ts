/**
 * The moments engine on a running runtime's sessions. A chunk of its own, loaded by the runtime
 * when the first friend's session comes up or a screen asks, so the first visit does not
 * download it. Spec: docs/protocol.md, Moments (MOM).
 */
import { MomentsEngine } from '../peers/moments/MomentsEngine';
import type { FeatureContext } from './runtime';

/** A running moments engine and how to stop it. */
export interface MomentsParts {
  engine: MomentsEngine;
  stop(): void;
}

/** Build and start the moments engine; friendship changes reach it as they reach sync. */
export function startMoments(ctx: FeatureContext): MomentsParts {
  const engine = new MomentsEngine({ manager: ctx.friends.manager, keys: ctx.keys, db: ctx.db });
  engine.start();
  const off = ctx.friends.on('changed', (peer) => engine.friendChanged(peer));
  return {
    engine,
    stop() {
      off();
      engine.stop();
    },
  };
}
