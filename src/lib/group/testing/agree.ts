/** Test support: settle a world, check that every device folds alike, and read outcomes. */
import type { ChatEvent } from '../../chatEvent';
import { eventIdOf } from '../../convId';
import { foldGroup } from '../fold';
import type { GroupFold, GroupOutcome } from '../types';
import type { World } from './world';

/**
 * Sync everyone with everyone, then fold every device's events in its arrival order and in
 * reverse. Throws unless all agree (as JSON text); returns the fold.
 */
export function agreed(world: World): GroupFold {
  world.settle();
  const texts = new Set<string>();
  for (const d of world.devices.values()) {
    texts.add(JSON.stringify(foldGroup(world.conv, d.arrivals)));
    texts.add(JSON.stringify(foldGroup(world.conv, [...d.arrivals].reverse())));
  }
  if (texts.size !== 1) throw new Error(`devices disagree: ${[...texts].join('\n---\n')}`);
  return JSON.parse([...texts][0]!) as GroupFold;
}

/** What the fold made of `event`. */
export function outcomeOf(fold: GroupFold, event: ChatEvent): GroupOutcome | undefined {
  const id = eventIdOf(event.conv, event.author, event.seq);
  return fold.outcomes.find((o) => o.event === id);
}

/** The reason `event` is void, 'applied' when it is not. */
export function fate(fold: GroupFold, event: ChatEvent): string | undefined {
  const o = outcomeOf(fold, event);
  return o && (o.status === 'applied' ? 'applied' : o.reason);
}
