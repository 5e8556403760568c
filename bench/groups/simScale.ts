/**
 * The groups sim bench's entry, bundled by `sim.mjs`: 50 members on simulated sessions, 20 % of
 * them offline at any time, 1,000 messages (src/peers/groups/testing/scale.ts).
 */
import { seededPeople } from '../../src/lib/group/testing/world';
import { simulateScale, type ScaleResult } from '../../src/peers/groups/testing/scale';

/** Run the scenario with `members`, `offline` share and `messages`. */
export async function runScale(
  members: number,
  offline: number,
  messages: number,
): Promise<ScaleResult> {
  const names = Array.from({ length: members }, (_, i) => `s${i}`);
  const people = await seededPeople(names, 'plume-group-scale');
  return simulateScale({ people, offline, messages, seed: 1 });
}
