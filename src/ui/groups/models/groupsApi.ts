/**
 * The one way the group screens reach the group engine: the runtime's `groups`, once the
 * runtime has one. Null before then (and with no runtime); screens say groups are starting.
 */
import type { GroupActions } from '../../../peers/groups/contract';
import { runtime } from '../../shell/models/runtime';

/** The running group actions, or null. Reads the runtime signal: components re-render on it. */
export function groupsApi(): GroupActions | null {
  return runtime.value?.groups ?? null;
}

/** As groupsApi, without subscribing (for actions run outside rendering). */
export function peekGroupsApi(): GroupActions | null {
  return runtime.peek()?.groups ?? null;
}
