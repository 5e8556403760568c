/**
 * Drives the group mesh: reads my groups from the directory, asks {@link planMesh} whom to keep
 * sessions with, and hands the answer to a Dialer of its own on the shared session manager (the
 * friends engine's dialer keeps the friends). It plans again when a roster changes, when a
 * session comes up, drops or fails, and at every rotation, when a fresh seed lets other ordinary
 * members take their turn and those that failed are tried again. Plans never overlap: changes
 * during one are served by one more. [GRP-34]
 * Spec: docs/protocol.md, Sessions between members.
 */
import type { BackoffOptions } from '../../lib/backoff';
import type { TimerHandle } from '../../lib/clock';
import { describeError } from '../../lib/errors';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { Dialer } from '../session/Dialer';
import type { SessionManager } from '../session/SessionManager';
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { Transport, Unsubscribe } from '../transport';
import type { GroupDirectory } from './contract';
import { MESH_ROTATE_MS, planMesh, type MeshGroup, type MeshPlan } from './mesh';

const logger = log('peers:groups');

/** Construction parameters. */
export interface GroupMeshOptions {
  manager: SessionManager;
  transport: Transport;
  env: SignalingEnvironment;
  directory: Pick<GroupDirectory, 'members' | 'onChange'>;
  /** The groups this device holds (members() is empty for those I am no longer in). */
  groups: () => Promise<readonly ConversationId[]>;
  /** The owner and admins of a group, dialled before ordinary members; default none. */
  admins?: (conv: ConversationId) => Promise<readonly PeerId[]>;
  /** People I blocked: never dialled, whatever group they are in. */
  blocked?: () => Promise<ReadonlySet<PeerId>>;
  /** Peers the friends engine keeps sessions with. */
  friends: () => ReadonlySet<PeerId>;
  /** The members dialled now, so the transport trusts them like friends. [ADM-2] */
  trust?: (peers: readonly PeerId[]) => void;
  backoff?: BackoffOptions;
  rotateMs?: number;
  perGroup?: number;
  maxDials?: number;
}

/** Keeps a bounded set of sessions with the members of my groups. */
export class GroupMesh {
  readonly dialer: Dialer;
  readonly #options: GroupMeshOptions;
  readonly #unreachable = new Set<PeerId>();
  #seed: number;
  #plan: MeshPlan = { dial: [], links: new Map() };
  #wanted = false;
  #running: Promise<void> | null = null;
  #rotation: TimerHandle | null = null;
  #offs: Unsubscribe[] = [];
  #stopped = false;

  constructor(options: GroupMeshOptions) {
    this.#options = options;
    this.#seed = this.#newSeed();
    this.dialer = new Dialer({
      manager: options.manager,
      transport: options.transport,
      env: options.env,
      backoff: options.backoff,
    });
  }

  /** The last plan made. */
  get plan(): MeshPlan {
    return this.#plan;
  }

  start(): void {
    if (this.#offs.length > 0 || this.#stopped) return;
    const { manager, directory } = this.#options;
    const replan = () => void this.replan();
    this.#offs = [
      directory.onChange(replan),
      manager.on('up', (session) => {
        this.#unreachable.delete(session.peer);
        replan();
      }),
      manager.on('down', replan),
      manager.on('failed', (peer) => {
        if (manager.session(peer)) return;
        this.#unreachable.add(peer);
        replan();
      }),
    ];
    this.dialer.start();
    this.#rotate();
    void this.replan();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const off of this.#offs) off();
    this.#offs = [];
    if (this.#rotation !== null) this.#options.env.clearTimeout(this.#rotation);
    this.#rotation = null;
    this.dialer.stop();
  }

  /** Plan again; resolves once a plan begun after this call reached the dialer (never rejects). */
  replan(): Promise<void> {
    this.#wanted = true;
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#wanted && !this.#stopped) {
      this.#wanted = false;
      try {
        await this.#pass();
      } catch (err) {
        logger.error('could not plan the group mesh', describeError(err));
      }
    }
  }

  async #pass(): Promise<void> {
    const { directory, manager } = this.#options;
    const admins = this.#options.admins ?? (() => Promise.resolve([]));
    const convs = await this.#options.groups();
    const blocked = (await this.#options.blocked?.()) ?? new Set<PeerId>();
    const groups: MeshGroup[] = await Promise.all(
      convs.map(async (conv) => ({
        conv,
        members: (await directory.members(conv)).filter((peer) => !blocked.has(peer)),
        admins: await admins(conv),
      })),
    );
    if (this.#stopped) return;
    this.#plan = planMesh({
      groups: groups.filter((group) => group.members.length > 0),
      friends: this.#options.friends(),
      live: new Set(manager.livePeers),
      unreachable: this.#unreachable,
      seed: this.#seed,
      perGroup: this.#options.perGroup,
      maxDials: this.#options.maxDials,
    });
    const dial = this.#plan.dial;
    const current = this.dialer.targets;
    if (dial.length !== current.length || dial.some((peer) => !current.includes(peer))) {
      this.#options.trust?.(dial);
    }
    this.dialer.setTargets(dial);
  }

  /** A new seed every rotation; the failed get another chance. */
  #rotate(): void {
    this.#rotation = this.#options.env.setTimeout(() => {
      this.#rotation = null;
      if (this.#stopped) return;
      this.#seed = this.#newSeed();
      this.#unreachable.clear();
      this.#rotate();
      void this.replan();
    }, this.#options.rotateMs ?? MESH_ROTATE_MS);
  }

  #newSeed(): number {
    return Math.floor(this.#options.env.random() * 0x1_0000_0000) >>> 0;
  }
}
