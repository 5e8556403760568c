/**
 * One running install: every engine, built from a transport, the identity keys, the database
 * and a clock, in the order each needs the one before: friends (sessions and dialling on the
 * transport), then sync (chat on the friends' sessions), then files and calls (loaded lazily:
 * their code is not part of the first visit). One `stop()` ends them all and the transport.
 *
 * The UI reads the running one through a single signal (src/ui/shell/models/runtime.ts); tests start
 * two on a MemoryHub. Nothing here knows about signals or screens.
 */
import type { PlumeDatabase } from '../db/db';
import { describeError } from '../lib/errors';
import type { IdentityKeys } from '../lib/identity';
import type { ReachToken } from '../lib/reach';
import { log } from '../lib/log';
import { browserEnvironment } from '../peers/browserEnvironment';
import type { CallEngine } from '../peers/calls/CallEngine';
import type { FileEngine } from '../peers/files/FileEngine';
import { FriendsEngine } from '../peers/friends/FriendsEngine';
import type { GroupReads } from '../peers/groups/GroupReads';
import type { GroupSessions } from '../peers/groups/GroupSessions';
import { lazyActions } from '../peers/groups/lazyActions';
import { rosterSource } from '../peers/groups/rosterSource';
import type { SignalingEnvironment } from '../peers/signalingLifecycle';
import { SyncEngine } from '../peers/sync/SyncEngine';
import type { GroupActions, GroupDirectory } from '../peers/groups/contract';
import { RosterDirectory } from '../peers/groups/RosterDirectory';
import type { GroupReach } from '../peers/reach/ReachKeeper';
import type { Transport, Unsubscribe } from '../peers/transport';
import { hasUndelivered } from '../peers/wake/undelivered';
import { listConvs } from '../db/convsRepo';
import type { WakeOptions, WakeParts } from './wake';
import type { MomentsApi } from '../peers/moments/api';
import type { MomentsParts } from './moments';

const logger = log('runtime');

/** The user's settings that engines consult, each read at the moment it applies. */
export interface RuntimeSettings {
  /** Whether READ receipts go out (and the friend's are shown). Default: on. */
  readReceipts?: () => Promise<boolean>;
  /**
   * Photos and voice messages up to this many bytes download without asking
   * (`shouldAutoDownload`). Default: the file engine's own rule.
   */
  autoDownloadBytes?: () => number;
}

/** What a runtime is built from. */
export interface RuntimeOptions {
  /** The signaling connection and channels; the runtime owns it from now on. */
  transport: Transport;
  keys: IdentityKeys;
  db: PlumeDatabase;
  /** Timers and the browser's network and visibility signals; default: the page's. */
  clock?: SignalingEnvironment;
  settings?: RuntimeSettings;
  /** Wake ([WAKE-*]) through the worker's routes; without it nobody is woken. */
  wake?: WakeOptions;
}

/** What the lazily loaded engines run on: the engines before them and what built those. */
export interface FeatureContext {
  friends: FriendsEngine;
  sync: SyncEngine;
  transport: Transport;
  keys: IdentityKeys;
  db: PlumeDatabase;
  clock: SignalingEnvironment;
  settings: RuntimeSettings;
}

/** The engines loaded on first need. */
export interface FeatureEngines {
  files: FileEngine;
  /** Null when the transport carries no media: calls are off. */
  calls: CallEngine | null;
}

/** The engines of one identity on one transport, as {@link startRuntime} returns them. */
export interface Runtime {
  readonly transport: Transport;
  readonly friends: FriendsEngine;
  readonly sync: SyncEngine;
  /** The group actions the screens call ([GRP-21]). */
  readonly groups: GroupActions;
  /** The folded rosters of the groups held here, as sessions and screens ask them. */
  readonly groupDirectory: GroupDirectory;
  /**
   * Resolves once the sessions with members run (the mesh, the guard and the host of joins by
   * group code): they load with the first group held.
   */
  readonly groupSessionsStarted: Promise<void>;
  /** The file and call engines once they run; null before (and until a load succeeds). */
  readonly features: FeatureEngines | null;
  /**
   * Load and start the file and call engines now if they do not run yet: a screen needs them
   * with no friend online (my own files offline, the storage page). A failed load is logged
   * and tried again on the next call or presence change.
   */
  loadFeatures(): void;
  /** Call `listener` with the file and call engines once they run (at once if they do). */
  onFeatures(listener: (engines: FeatureEngines) => void): Unsubscribe;
  /**
   * The wake engine and directory ([WAKE-14], [WAKE-15]), loaded now if they are not yet; null
   * without a wake service, after stop, or when the chunk cannot load.
   */
  loadWake(): Promise<WakeParts | null>;
  /**
   * The moments engine ([MOM-*]), loaded and started now if it does not run yet (it also loads
   * with the first friend's session). Rejects after stop or when the chunk cannot load (the
   * next call tries again).
   */
  loadMoments(): Promise<MomentsApi>;
  /** Call `listener` with the moments engine once it runs (at once if it does). */
  onMoments(listener: (moments: MomentsApi) => void): Unsubscribe;
  /** Stop every engine, last built first, then close the transport. Idempotent. */
  stop(): void;
}

/**
 * Build and start every engine on `options.transport`: friends, then sync on the friends'
 * sessions; the file and call engines follow when the first friend's session is up.
 */
export function startRuntime(options: RuntimeOptions): Runtime {
  const { transport, keys, db } = options;
  const clock = options.clock ?? browserEnvironment();
  const settings = options.settings ?? {};
  const groupDirectory = new RosterDirectory(db, keys.id);
  // Reach tokens of mine made for a rotation and registered before they are written. [GRP-71]
  const pendingReach = new Set<ReachToken>();
  const groupSource = rosterSource(db, keys.id, groupDirectory, pendingReach);
  // Joins by group code under way (the engine's, once loaded): their tokens go with the
  // groups'. [GRP-42]
  let joinReach: ((base: GroupReach) => GroupReach) | null = null;
  const groupReach = async () => {
    const base = (await groupSource.reach?.()) ?? { mine: [], present: new Map() };
    return joinReach ? joinReach(base) : base;
  };
  const friends = new FriendsEngine({
    transport,
    keys,
    db,
    env: clock,
    groups: groupDirectory,
    groupReach,
  });
  const sync = new SyncEngine({
    manager: friends.manager,
    keys,
    db,
    readReceipts: settings.readReceipts,
    env: clock,
    groups: groupDirectory,
  });
  let engine: Promise<GroupActions> | null = null;
  const groups = lazyActions(() => {
    engine ??= import('../peers/groups/GroupsEngine').then(({ GroupsEngine }) => {
      const made = new GroupsEngine({
        db,
        keys,
        directory: groupDirectory,
        sync,
        joins: { friends, clock },
      });
      joinReach = (base) => made.joinReach(base);
      return made;
    });
    return engine;
  }, groupDirectory);
  // Sessions with members who are not friends, and the mesh: loaded once a group is held.
  let groupSessions: GroupSessions | null = null;
  let sessionsLoading = false;
  // Members' read marks ([GRP-50]), in the member sessions' chunk.
  let groupReads: GroupReads | null = null;
  let sessionsStarted: () => void = () => undefined;
  const groupSessionsStarted = new Promise<void>((resolve) => (sessionsStarted = resolve));
  const startGroupSessions = () => {
    if (stopped || groupSessions || sessionsLoading) return;
    sessionsLoading = true;
    import('../peers/groups/GroupSessions').then(
      ({ GroupSessions, GroupReads }) => {
        if (stopped) return;
        groupSessions = new GroupSessions({
          ...groupSource,
          friends,
          transport,
          env: clock,
          rotation: {
            me: keys.id,
            fold: (conv) => groupDirectory.fold(conv),
            publish: (conv, token) => groups.publishReach(conv, token),
            pending: pendingReach,
          },
          farewell: (peer) => sync.farewell(peer),
          host: { db, me: keys.id, fold: (conv) => groupDirectory.fold(conv) },
        });
        groupSessions.start();
        sessionsStarted();
        groupReads = new GroupReads({
          manager: friends.manager,
          keys,
          db,
          directory: groupDirectory,
          onReadState: (listener) => sync.on('readState', listener),
          readReceipts: settings.readReceipts ?? (() => Promise.resolve(true)),
          clock,
        });
        groupReads.start();
      },
      (err: unknown) => {
        sessionsLoading = false;
        logger.warn('could not load group sessions', describeError(err));
      },
    );
  };
  const context: FeatureContext = { friends, sync, transport, keys, db, clock, settings };
  const listeners = new Set<(engines: FeatureEngines) => void>();
  let features: FeatureEngines | null = null;
  let loading = false;
  let stopped = false;

  const loadFeatures = () => {
    if (stopped || features || loading) return;
    loading = true;
    import('./features').then(
      (loaded) => {
        loading = false;
        if (stopped) return;
        const engines = loaded.startFeatures(context);
        features = engines;
        for (const listener of listeners) listener(engines);
        listeners.clear();
      },
      (err: unknown) => {
        loading = false;
        logger.warn('could not load the file and call engines', describeError(err));
      },
    );
  };

  // Wake: its own chunk, loaded when there may be someone to wake or to name.
  let wake: Promise<WakeParts | null> | null = null;
  const loadWake = (): Promise<WakeParts | null> => {
    const wakeOptions = options.wake;
    if (!wakeOptions || stopped) return Promise.resolve(null);
    wake ??= import('./wake').then(
      (loaded) => (stopped ? null : loaded.startWake(context, wakeOptions)),
      (err: unknown) => {
        wake = null;
        logger.warn('wake', describeError(err));
        return null;
      },
    );
    return wake;
  };
  const withWake = (use: (parts: WakeParts) => unknown) => {
    if (options.wake) void loadWake().then((parts) => parts && !stopped && use(parts));
  };
  // The app opened with messages its friends do not hold yet: once signaling is up, wake those
  // who stay away ([WAKE-14]). Only then is the wake chunk loaded.
  let swept = false;
  const sweepOnce = () => {
    if (swept || transport.status !== 'online' || !options.wake) return;
    swept = true;
    listConvs(db).then(
      (rows) => {
        if (rows.some((row) => hasUndelivered(row, keys.id))) {
          withWake((parts) => parts.engine.sweep());
        }
      },
      (err: unknown) => logger.warn('wake', describeError(err)),
    );
  };
  const offStatus = transport.onStatus(sweepOnce);

  // Moments: its own chunk, loaded with the first friend's session or when a screen asks.
  let moments: Promise<MomentsParts> | null = null;
  let momentsRunning: MomentsParts | null = null;
  const momentsListeners = new Set<(moments: MomentsApi) => void>();
  const loadMomentsParts = (): Promise<MomentsParts> => {
    if (stopped) return Promise.reject(new Error('the runtime has stopped'));
    moments ??= import('./moments').then(
      (loaded) => {
        if (stopped) throw new Error('the runtime has stopped');
        const parts = loaded.startMoments(context);
        momentsRunning = parts;
        for (const listener of momentsListeners) listener(parts.engine);
        momentsListeners.clear();
        return parts;
      },
      (err: unknown) => {
        moments = null;
        throw err;
      },
    );
    return moments;
  };
  const loadMoments = () => loadMomentsParts().then((parts) => parts.engine);
  const startMomentsOnce = () => {
    if (moments || stopped) return;
    loadMomentsParts().catch((err: unknown) => logger.warn('moments', describeError(err)));
  };

  const offs = [
    // A friendship that began mid-session starts syncing at once.
    friends.on('changed', (peer) => sync.resync(peer)),
    friends.on('presence', loadFeatures),
    friends.on('presence', startMomentsOnce),
    offStatus,
    sync.on('changed', (conv) => withWake((parts) => parts.engine.consider(conv))),
    friends.on('changed', () => withWake((parts) => parts.directory.refresh())),
    // The first group held (created here, or an invitation stored) brings the member sessions.
    groupDirectory.onChange(startGroupSessions),
  ];
  friends.start();
  void groupSource.groups().then(
    (held) => held.length > 0 && startGroupSessions(),
    (err: unknown) => logger.warn('could not list groups', describeError(err)),
  );
  sync.start();
  sweepOnce();

  return {
    transport,
    friends,
    sync,
    groups,
    groupDirectory,
    groupSessionsStarted,
    get features() {
      return features;
    },
    loadFeatures,
    loadWake,
    loadMoments,
    onMoments(listener) {
      if (momentsRunning) {
        listener(momentsRunning.engine);
        return () => undefined;
      }
      momentsListeners.add(listener);
      return () => momentsListeners.delete(listener);
    },
    onFeatures(listener) {
      if (features) {
        listener(features);
        return () => undefined;
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const off of offs) off();
      listeners.clear();
      momentsListeners.clear();
      momentsRunning?.stop();
      void wake?.then((parts) => parts?.stop());
      features?.calls?.stop();
      features?.files.stop();
      sync.stop();
      groupSessions?.stop();
      groupReads?.stop();
      groupDirectory.close();
      friends.stop();
      transport.destroy();
    },
  };
}
