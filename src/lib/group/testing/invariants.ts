/**
 * Test support: properties every fold must have, whatever the events. Returns the broken ones
 * as sentences (empty when all hold), so a failing seed says what went wrong.
 */
import { MAX_GROUP_MEMBERS } from '../rules';
import type { GroupFold, GroupMember, RankChange } from '../types';

export function invariantViolations(fold: GroupFold): string[] {
  const f = fold as GroupFold & {
    members: Record<string, GroupMember>;
    timelines: Record<string, RankChange[]>;
  };
  const out: string[] = [];
  const members = Object.entries(f.members);
  if (members.length > MAX_GROUP_MEMBERS) out.push(`${members.length} members`);
  const owners = members.filter(([, m]) => m.role === 'owner').map(([id]) => id);
  if (f.genesis && !f.dissolved) {
    if (members.length > 0 && (owners.length !== 1 || owners[0] !== f.owner))
      out.push(`owners ${owners.join(',')} but owner ${f.owner}`);
    if (members.length === 0 && f.owner !== null) out.push('an owner without members');
    for (const [id, m] of members) {
      if (f.timelines[id]?.at(-1)?.role !== m.role) out.push(`${id}: timeline ends off its role`);
    }
    for (const [id, changes] of Object.entries(f.timelines)) {
      if (!f.members[id] && changes.at(-1)?.role !== null) out.push(`${id}: out but not silenced`);
    }
  }
  if (!f.genesis && (members.length > 0 || f.owner)) out.push('a roster without genesis');
  if (f.dissolved) {
    for (const [id, changes] of Object.entries(f.timelines)) {
      if (changes.at(-1)?.role !== null) out.push(`${id}: may write after dissolution`);
    }
    const at = f.outcomes.findIndex((o) => o.type === 'group.dissolve' && o.status === 'applied');
    if (f.outcomes.slice(at + 1).some((o) => o.status === 'applied'))
      out.push('applied after dissolve');
  }
  for (const [id, seen] of Object.entries(f.removedAt)) {
    if (!f.timelines[id]?.some((c) => c.role === null && c.after === seen))
      out.push(`${id}: removal not in timeline`);
  }
  for (const id of Object.keys(f.requests))
    if (f.members[id]) out.push(`${id}: member with a request`);
  const ids = f.outcomes.map((o) => `${o.event}|${o.status}|${o.reason ?? ''}`);
  if (new Set(ids).size !== ids.length) out.push('an outcome twice');
  return out;
}
