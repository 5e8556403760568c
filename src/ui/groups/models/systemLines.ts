/**
 * The lines a group chat shows for what happened to the group: joins, leaves, removals, role
 * changes, renames and announcements. They come from the fold's applied outcomes, so every
 * device shows the same lines; who was acted on is read from the rank timelines, which name
 * the event behind each change.
 * Spec: docs/protocol.md [GRP-7], [GRP-10], [GRP-12], [GRP-16].
 */
import { parseEventId } from '../../../lib/convId';
import type { GroupMetaBody } from '../../../lib/group/bodies';
import type { GroupFold, RankChange } from '../../../lib/group/types';
import type { EventId, PeerId } from '../../../lib/ids';
import type { MessageKey, MessageParams } from '../../i18n';

/** What one line says happened. */
export type SystemKind =
  | 'created'
  | 'joined'
  | 'added'
  | 'left'
  | 'removed'
  | 'promoted'
  | 'demoted'
  | 'transferred'
  | 'succeeded'
  | 'renamed'
  | 'announced'
  | 'announcementCleared'
  | 'avatar'
  | 'meta'
  | 'dissolved';

/** One system line: the control event behind it, who did it and to whom. */
export interface SystemLine {
  /** The control event; with `kind`, a stable key (a leave may also make a successor). */
  event: EventId;
  kind: SystemKind;
  actor: PeerId;
  member: PeerId | null;
  /** The new name of a rename. */
  name: string | null;
}

/** A meta event's body, when this device holds it: what a meta changed is not in the fold. */
export type MetaLookup = (event: EventId) => GroupMetaBody | null;

/** Every rank change by the event that made it. */
function changesByEvent(fold: GroupFold): Map<EventId, { who: PeerId; change: RankChange }[]> {
  const byEvent = new Map<EventId, { who: PeerId; change: RankChange }[]>();
  for (const [who, changes] of Object.entries(fold.timelines)) {
    for (const change of changes) {
      const list = byEvent.get(change.event) ?? [];
      list.push({ who: who as PeerId, change });
      byEvent.set(change.event, list);
    }
  }
  return byEvent;
}

function metaKind(body: GroupMetaBody | null): { kind: SystemKind; name: string | null } {
  if (body?.name !== undefined) return { kind: 'renamed', name: body.name };
  if (body?.announcement !== undefined)
    return { kind: body.announcement === null ? 'announcementCleared' : 'announced', name: null };
  if (body?.avatar !== undefined) return { kind: 'avatar', name: null };
  return { kind: 'meta', name: null };
}

/**
 * [GRP-12] The system lines of a group, in replay order. Void events make none; nicknames,
 * reach tokens and join links make none either (they change nothing members read about).
 * A meta whose body is not at hand says only that the settings changed.
 */
export function systemLines(fold: GroupFold, metaOf: MetaLookup = () => null): SystemLine[] {
  const byEvent = changesByEvent(fold);
  const lines: SystemLine[] = [];
  for (const outcome of fold.outcomes) {
    if (outcome.status !== 'applied') continue;
    const actor = parseEventId(outcome.event)?.author;
    if (!actor) continue;
    const changes = byEvent.get(outcome.event) ?? [];
    const other = (role: RankChange['role'] | 'any') =>
      changes.find((c) => c.who !== actor && (role === 'any' || c.change.role === role))?.who ??
      null;
    const line = (kind: SystemKind, member: PeerId | null = null, name: string | null = null) =>
      lines.push({ event: outcome.event, kind, actor, member, name });
    switch (outcome.type) {
      case 'group.create':
        line('created');
        break;
      case 'group.join':
        line('joined');
        break;
      case 'group.add': {
        const member = other('member');
        if (member) line('added', member);
        break;
      }
      case 'group.leave': {
        line('left');
        const successor = other('owner');
        if (successor) line('succeeded', successor);
        break;
      }
      case 'group.remove': {
        const member = other(null);
        if (member) line('removed', member);
        break;
      }
      case 'group.role': {
        const member = other('any');
        const role = changes.find((c) => c.who === member)?.change.role;
        if (member) line(role === 'admin' ? 'promoted' : 'demoted', member);
        break;
      }
      case 'group.transfer': {
        const member = other('owner');
        if (member) line('transferred', member);
        break;
      }
      case 'group.meta': {
        const { kind, name } = metaKind(metaOf(outcome.event));
        line(kind, null, name);
        break;
      }
      case 'group.dissolve':
        line('dissolved');
        break;
      default:
        break;
    }
  }
  return lines;
}

const KEYS: Readonly<Record<SystemKind, MessageKey>> = {
  created: 'groups.sysCreated',
  joined: 'groups.sysJoined',
  added: 'groups.sysAdded',
  left: 'groups.sysLeft',
  removed: 'groups.sysRemoved',
  promoted: 'groups.sysPromoted',
  demoted: 'groups.sysDemoted',
  transferred: 'groups.sysTransferred',
  succeeded: 'groups.sysSucceeded',
  renamed: 'groups.sysRenamed',
  announced: 'groups.sysAnnounced',
  announcementCleared: 'groups.sysAnnouncementCleared',
  avatar: 'groups.sysAvatar',
  meta: 'groups.sysMeta',
  dissolved: 'groups.sysDissolved',
};

/**
 * The message key and its parameters for a line; `nameOf` gives the name to show for a person
 * (the caller says "You" for me). My own removal reads as such on my device. [GRP-60]
 */
export function systemText(
  line: SystemLine,
  nameOf: (id: PeerId) => string,
  me?: PeerId,
): { key: MessageKey; params: MessageParams } {
  const mine = line.kind === 'removed' && me !== undefined && line.member === me;
  return {
    key: mine ? 'groups.sysRemovedYou' : KEYS[line.kind],
    params: {
      actor: nameOf(line.actor),
      member: line.member ? nameOf(line.member) : '',
      name: line.name ?? '',
    },
  };
}
