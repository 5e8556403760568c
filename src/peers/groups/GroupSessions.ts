/**
 * Sessions with the members of my groups, on the friends engine's session manager: the guard
 * that closes a roster-keyed session once no group is shared, and the bounded mesh that dials
 * members who are not friends. The friends engine itself must be built with the same directory,
 * so the handshake takes those members' keys from the rosters. [GRP-30]..[GRP-34]
 * Spec: docs/protocol.md, Sessions between members.
 */
import type { BackoffOptions } from '../../lib/backoff';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { FriendsEngine } from '../friends/FriendsEngine';
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { Transport } from '../transport';
import type { GroupDirectory } from './contract';
import { GroupMesh } from './GroupMesh';
import { JoinHost } from './JoinHost';
import type { PlumeDatabase } from '../../db/db';
import type { GroupFold } from '../../lib/group/types';
import type { GroupReachState } from './reach';
import { ReachRotation } from './ReachRotation';
import { RosterSessions } from './RosterSessions';
import type { ReachToken } from '../../lib/reach';
import { after } from '../../lib/clock';
import type { Unsubscribe } from '../transport';

/** Read marks start with the member sessions, from this chunk. [GRP-53] */
export { GroupReads } from './GroupReads';

/** Where my groups and their admins are read from. */
export interface GroupSource {
  directory: GroupDirectory;
  /** The groups this device holds. */
  groups: () => Promise<readonly ConversationId[]>;
  /** The owner and admins of a group; without it the mesh has no admin tier. */
  admins?: (conv: ConversationId) => Promise<readonly PeerId[]>;
  /**
   * My groups' reach tokens (`groupReach` over the folded groups); the friends engine must be
   * built with the same, as `groupReach`. Without it members dial through the trickle only.
   */
  reach?: () => Promise<GroupReachState>;
}

/** Construction parameters. */
export interface GroupSessionsOptions extends GroupSource {
  friends: FriendsEngine;
  transport: Transport;
  env: SignalingEnvironment;
  backoff?: BackoffOptions;
  /**
   * [GRP-71] Rotating my reach token after a removal: how to write it, and the tokens made but
   * not yet folded (the same set `reach` adds to my tokens). Without it nothing rotates.
   */
  rotation?: {
    me: PeerId;
    fold: (conv: ConversationId) => Promise<GroupFold | null>;
    publish: (conv: ConversationId, token: ReachToken) => Promise<void>;
    pending: Set<ReachToken>;
  };
  /** [GRP-60] Resolves when a removed member's farewell is through (the sync engine's). */
  farewell?: (peer: PeerId) => Promise<void>;
  /** Answer joins by my groups' codes ([GRP-44]); without it nobody joins through me. */
  host?: {
    db: PlumeDatabase;
    me: PeerId;
    fold: (conv: ConversationId) => Promise<GroupFold | null>;
    now?: () => number;
  };
}

/** The guard and the mesh, started and stopped together. */
export class GroupSessions {
  readonly guard: RosterSessions;
  readonly mesh: GroupMesh;
  readonly host: JoinHost | null;
  readonly #friends: FriendsEngine;
  readonly #directory: GroupDirectory;
  readonly #rotation: ReachRotation | null;
  #off: Unsubscribe | null = null;

  constructor(options: GroupSessionsOptions) {
    const { friends, directory } = options;
    this.#friends = friends;
    this.#directory = directory;
    this.guard = new RosterSessions({
      manager: friends.manager,
      directory,
      farewell: options.farewell,
    });
    this.mesh = new GroupMesh({
      manager: friends.manager,
      transport: options.transport,
      env: options.env,
      directory,
      groups: options.groups,
      admins: options.admins,
      friends: () => new Set(friends.dialer.targets),
      blocked: () => friends.blockedPeers(),
      trust: (peers) => friends.trustGroupPeers(peers),
      backoff: options.backoff,
    });
    const rotation = options.rotation;
    this.#rotation = rotation
      ? new ReachRotation({
          ...rotation,
          groups: options.groups,
          onChange: (listener) => directory.onChange(listener),
          register: () => friends.groupsChanged(),
          schedule: (run, ms) => after(options.env, ms, run),
          random: () => options.env.random(),
        })
      : null;
    const host = options.host;
    this.host = host
      ? new JoinHost({
          db: host.db,
          me: host.me,
          manager: friends.manager,
          friends,
          fold: host.fold,
          now: host.now ?? Date.now,
        })
      : null;
  }

  start(): void {
    // A roster change may bring new members' tokens, or a rotation of mine. [GRP-35]
    this.#off ??= this.#directory.onChange(() => void this.#friends.groupsChanged());
    this.guard.start();
    this.mesh.start();
    this.#rotation?.start();
    this.host?.start();
  }

  stop(): void {
    this.#off?.();
    this.#off = null;
    this.#rotation?.stop();
    this.host?.stop();
    this.mesh.stop();
    this.guard.stop();
  }
}
