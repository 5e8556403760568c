/**
 * The running chat engine (a SyncEngine on the friends engine's
 * SessionManager) and the change feed the chat models listen to. A module of
 * its own so chats.ts, messages.ts and attention.ts do not import each other
 * in a circle.
 */
import { effect, signal, untracked } from '@preact/signals';
import { getDb } from '../../db/db';
import { Emitter } from '../../lib/emitter';
import type { ChatEvent } from '../../lib/chatEvent';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { FriendsEngine } from '../../peers/friends/FriendsEngine';
import { SyncEngine } from '../../peers/sync/SyncEngine';
import type { Transport, Unsubscribe } from '../../peers/transport';
import { describeError } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import { log } from '../../lib/log';
import { transport } from './connection';
import { liveEngine } from './friendsRuntime';
import { identityKeys } from './identity';
import { readReceipts } from './settings';

interface ChatFeed {
  /** Something about `conv` changed (events, marks, pin, draft…). */
  changed: (conv: ConversationId) => void;
  /** The peer's events were stored. */
  incoming: (conv: ConversationId, events: ChatEvent[]) => void;
  typing: (convs: ReadonlySet<ConversationId>) => void;
  /** A friend changed (presence, name): chat rows may need a refresh. */
  people: () => void;
}

const logger = log('ui:chat-runtime');
const feed = new Emitter<ChatFeed>();
let sync: SyncEngine | null = null;

/** Subscribe to the chat feed; returns unsubscribe. */
export function onChat<E extends keyof ChatFeed>(event: E, listener: ChatFeed[E]): Unsubscribe {
  return feed.on(event, listener);
}

/** Announce a local change (pin, mute, hide…) to every view. */
export function announce(conv: ConversationId): void {
  feed.emit('changed', conv);
}

/** The engine on the live session manager, or null while offline or before onboarding. */
export function liveSync(): SyncEngine | null {
  return sync;
}

/** My PeerId, or null before onboarding. */
export function myId(): PeerId | null {
  return identityKeys.peek()?.id ?? null;
}

interface Running {
  friends: FriendsEngine;
  engine: SyncEngine;
  offs: Unsubscribe[];
  stopped: boolean;
}

/** What a feature engine (files, calls) runs on: the live engines of this session. */
export interface EngineContext {
  friends: FriendsEngine;
  sync: SyncEngine;
  transport: Transport;
  keys: IdentityKeys;
}
/** Starts a feature on the live engines; returns its stop. */
export type Extension = (ctx: EngineContext) => () => void;

/**
 * Feature engines, loaded lazily (their code is not part of the first visit):
 * when the first friend's session comes up, or at once when one already is.
 */
const EXTENSIONS: ReadonlyArray<() => Promise<Extension>> = [
  () => import('./filesRuntime').then((m) => m.startFiles),
  () => import('./callsRuntime').then((m) => m.startCalls),
];
let loadedExtensions: Promise<Extension[]> | null = null;

function loadExtensions(): Promise<Extension[]> {
  loadedExtensions ??= Promise.all(EXTENSIONS.map((load) => load())).catch((err: unknown) => {
    loadedExtensions = null;
    throw err;
  });
  return loadedExtensions;
}

/** True once a screen needs the feature engines (a chat with files, the storage page). */
const featuresWanted = signal(false);

/**
 * A screen needs the feature engines now, even with no friend online (e.g.
 * to open my own files offline, or list storage). Loads them if not yet.
 */
export function wantFeatures(): void {
  featuresWanted.value = true;
}

/**
 * Start the feature engines on `running` once a session is up or a screen
 * wants them; their stops run on halt.
 */
function extend(running: Running, ctx: EngineContext): void {
  let started = false;
  const begin = () => {
    if (started) return;
    started = true;
    loadExtensions().then(
      (extensions) => {
        if (running.stopped) return;
        for (const start of extensions) running.offs.push(start(ctx));
      },
      (err: unknown) => {
        started = false;
        logger.warn('could not load the file and call engines', describeError(err));
      },
    );
  };
  running.offs.push(friendsUp(ctx.friends, begin));
  running.offs.push(
    effect(() => {
      if (featuresWanted.value) untracked(begin);
    }),
  );
}

/** Call `then` when a friend's session is up (now, or on the first 'presence'). */
function friendsUp(friends: FriendsEngine, then: () => void): Unsubscribe {
  if (friends.online.size > 0) {
    then();
    return () => undefined;
  }
  return friends.on('presence', () => then());
}

function run(friends: FriendsEngine): Running | null {
  const keys = identityKeys.peek();
  if (!keys) return null;
  const engine = new SyncEngine({
    manager: friends.manager,
    keys,
    db: getDb(),
    readReceipts: () => Promise.resolve(readReceipts.peek()),
  });
  const offs = [
    engine.on('changed', (conv) => feed.emit('changed', conv)),
    engine.on('incoming', (conv, events) => feed.emit('incoming', conv, events)),
    engine.on('typing', (convs) => feed.emit('typing', convs)),
    // A friendship that began mid-session starts syncing at once.
    friends.on('changed', (peer) => {
      engine.resync(peer);
      feed.emit('people');
    }),
    friends.on('presence', () => feed.emit('people')),
  ];
  engine.start();
  sync = engine;
  const running: Running = { friends, engine, offs, stopped: false };
  const current = transport.peek();
  if (current) extend(running, { friends, sync: engine, transport: current, keys });
  return running;
}

function halt(running: Running | null): void {
  if (!running) return;
  running.stopped = true;
  for (const off of running.offs) off();
  running.engine.stop();
  if (sync === running.engine) sync = null;
}

/**
 * Follow the friends engine: whenever the transport or identity changes, the
 * friends model replaces its engine synchronously in its own effect; we look
 * one microtask later, so both effects have run whatever their order.
 */
export function runChatEngine(): () => void {
  let running: Running | null = null;
  let disposed = false;
  const follow = () => {
    if (disposed) return;
    const friends = liveEngine();
    if (running?.friends === friends) return;
    halt(running);
    running = friends ? run(friends) : null;
  };
  const dispose = effect(() => {
    void transport.value;
    void identityKeys.value;
    queueMicrotask(follow);
  });
  return () => {
    disposed = true;
    dispose();
    halt(running);
    running = null;
  };
}
