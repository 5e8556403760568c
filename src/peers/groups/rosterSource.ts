/**
 * What sessions with members need, read from the folded groups held here: the directory, the
 * groups, each group's owner and admins (the mesh's second tier) and the reach tokens the rosters
 * publish ([GRP-35]). Read at each call, so a re-fold is seen at once.
 * Spec: docs/protocol.md, Sessions between members.
 */
import { listGroups } from '../../db/groupsRepo';
import type { PlumeDatabase } from '../../db/db';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { ReachToken } from '../../lib/reach';
import type { GroupSource } from './GroupSessions';
import { groupReach } from './reach';
import { RosterDirectory } from './RosterDirectory';

/** A group source that always knows the reach tokens the rosters publish. */
export type HeldSource = GroupSource & Required<Pick<GroupSource, 'reach'>>;

/** The group source of the groups stored in `db`, for `me`. */
export function rosterSource(
  db: PlumeDatabase,
  me: PeerId,
  directory: RosterDirectory,
  pending: ReadonlySet<ReachToken> = new Set(),
  now: () => number = Date.now,
): HeldSource {
  return {
    directory,
    groups: async () => (await listGroups(db)).map((row) => row.conv),
    admins: async (conv: ConversationId) => {
      const fold = await directory.fold(conv);
      if (!fold) return [];
      return Object.entries(fold.members)
        .filter(([, member]) => member.role !== 'member')
        .map(([id]) => id as PeerId);
    },
    reach: async () => {
      const folds = (await listGroups(db)).map((row) => row.fold);
      const reach = groupReach(folds, me);
      // As an admin I answer for my groups' codes ([GRP-42]); their code loads with the first.
      if (folds.some((fold) => Object.keys(fold.links).length > 0)) {
        const { codeReach } = await import('./codeReach');
        reach.mine.push(...(await codeReach(folds, me, now())));
      }
      // A rotated token is registered before its `group.reach` is written. [GRP-71]
      return { ...reach, mine: [...new Set([...reach.mine, ...pending])] };
    },
  };
}

/** The directory of the groups stored in `db` and the source member sessions read, built together. */
export function rosterParts(
  db: PlumeDatabase,
  me: PeerId,
  pending: ReadonlySet<ReachToken>,
): { directory: RosterDirectory; source: HeldSource } {
  const directory = new RosterDirectory(db, me);
  return { directory, source: rosterSource(db, me, directory, pending) };
}
