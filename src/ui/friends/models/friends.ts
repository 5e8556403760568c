/**
 * Friends model: everyone we know (`people`, from IndexedDB plus live
 * presence) and the user's actions. `startFriends` follows the running
 * runtime's friends engine. Spec: docs/protocol.md.
 */
import { effect, signal } from '@preact/signals';
import { getDb } from '../../../db/db';
import { listPeople } from '../../../db/peopleRepo';
import { describeError } from '../../../lib/errors';
import type { PeerId } from '../../../lib/ids';
import { InviteFailure, parseInviteLink } from '../../../lib/invite';
import { log } from '../../../lib/log';
import {
  cleanLabels,
  cleanRemark,
  isVisibleState,
  personTitle,
  type FriendState,
  type PersonRecord,
  type SecurityNotice,
} from '../../../lib/people';
import {
  acceptFriendRequest,
  addFriendFromInvite,
  declineFriendRequest,
  editPerson,
  removeFriend as removeFriendAction,
  setPersonBlocked,
  type AddFailure,
} from '../../../peers/friends/actions';
import type { FriendsEngine } from '../../../peers/friends/FriendsEngine';
import { actionDeps } from './friendDeps';
import { identityKeys } from '../../me/models/identity';
import { refreshInvites } from './invites';
import { loadProfile } from '../../me/models/profile';
import { runtime } from '../../shell/models/runtime';

const logger = log('ui:friends');

export type { FriendState, SecurityNotice };

/** What the UI renders for one person. */
export interface FriendView {
  id: PeerId;
  /** Their own display name (from PROFILE / the invite). */
  name: string;
  /** The remark (alias) set locally; shown instead of the name everywhere when set. */
  remark: string | null;
  /** remark ?? name */
  title: string;
  /** Avatar as a data: URL or null. */
  avatar: string | null;
  /** Their status line. */
  statusLine: string;
  labels: string[];
  state: FriendState;
  /** A live authenticated session exists. */
  online: boolean;
  lastSeen: number | null;
  verified: boolean;
  blocked: boolean;
  /** Hard error the user must face (e.g. the key changed). null when none. */
  notice: SecurityNotice | null;
  createdAt: number;
  /** [GRP-61] The name of the group their request came over, when it did. */
  viaGroup?: string;
}

/** Everyone we know, including pending and blocked, sorted by title. */
export const people = signal<FriendView[]>([]);

/** What needs the user: unanswered requests and security notices (the Friends tab badge). */
export function attentionCount(people: readonly FriendView[]): number {
  return people.filter(
    (person) => person.notice !== null || (person.state === 'incoming' && !person.blocked),
  ).length;
}

/** Result of acting on scanned/pasted text. */
export type AddResult =
  { ok: true; id: PeerId; state: FriendState } | { ok: false; reason: string; message: string };

/** Sentences for the add failures that are not invite parse failures. */
export const AddFailureMessage: Readonly<Record<AddFailure | 'storage', string>> = {
  self: 'this is your own code',
  blocked: 'you blocked this person; unblock them first',
  'key-changed': 'this code carries a different key than the one pinned for this friend',
  storage: 'the friend could not be saved on this device',
};

let rows: PersonRecord[] = [];
let online: ReadonlySet<PeerId> = new Set();

function toView(p: PersonRecord & { state: FriendState }): FriendView {
  return {
    id: p.id,
    name: p.name,
    remark: p.remark,
    title: personTitle(p),
    avatar: p.avatar,
    statusLine: p.statusLine,
    labels: [...p.labels],
    state: p.state,
    online: online.has(p.id),
    lastSeen: p.lastSeen,
    verified: p.verified,
    blocked: p.blocked,
    notice: p.notice,
    createdAt: p.createdAt,
    ...(p.viaGroup ? { viaGroup: p.viaGroup.name } : {}),
  };
}

function publish(): void {
  people.value = rows
    .filter((p): p is PersonRecord & { state: FriendState } => isVisibleState(p.state))
    .map(toView)
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** Re-read people from IndexedDB. Never rejects (a failure is logged). */
export async function refreshPeople(): Promise<void> {
  try {
    rows = await listPeople(getDb());
    publish();
  } catch (err) {
    logger.error('could not read friends', describeError(err));
  }
}

function refreshAll(): void {
  void refreshPeople();
  void loadProfile();
  refreshInvites().catch((err: unknown) =>
    logger.error('could not read invites', describeError(err)),
  );
}

/** Keep `people` in step with `engine` (stored changes, presence); returns the detach. */
function follow(engine: FriendsEngine): () => void {
  const offs = [
    engine.on('changed', () => {
      void refreshPeople();
      refreshInvites().catch((err: unknown) =>
        logger.error('could not read invites', describeError(err)),
      );
    }),
    engine.on('presence', (ids) => {
      online = ids;
      publish();
    }),
  ];
  return () => {
    for (const off of offs) off();
    online = new Set();
    publish();
  };
}

let stopRunning: (() => void) | null = null;

/** Follow the running friends engine (stored changes, presence). Idempotent; returns stop. */
export function startFriends(): () => void {
  if (stopRunning) return stopRunning;
  let loadedFor: PeerId | null = null;
  const offs = [
    effect(() => {
      const keys = identityKeys.value;
      // A restored or new identity: load its people, invites and profile.
      if (keys && keys.id !== loadedFor) {
        loadedFor = keys.id;
        refreshAll();
      }
    }),
    effect(() => {
      const engine = runtime.value?.friends;
      return engine ? follow(engine) : undefined;
    }),
  ];
  const stop = () => {
    for (const off of offs) off();
    stopRunning = null;
  };
  stopRunning = stop;
  return stop;
}

/** Run an action, then show its effect (also after a failure, which the caller sees). */
export async function actAndRefresh(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } finally {
    await refreshPeople();
  }
}

/** Scanned QR text, an opened link or a pasted link: store the friend as pending and queue FRIEND_REQUEST. */
export async function addFromInvite(text: string): Promise<AddResult> {
  const parsed = await parseInviteLink(text);
  if (!parsed.ok)
    return { ok: false, reason: parsed.reason, message: InviteFailure[parsed.reason] };
  try {
    const outcome = await addFriendFromInvite(actionDeps(), parsed.invite);
    await refreshPeople();
    if (outcome.ok) return outcome;
    return { ok: false, reason: outcome.reason, message: AddFailureMessage[outcome.reason] };
  } catch (err) {
    logger.error('could not add a friend', describeError(err));
    return { ok: false, reason: 'storage', message: AddFailureMessage.storage };
  }
}

export function acceptRequest(id: PeerId): Promise<void> {
  return actAndRefresh(() => acceptFriendRequest(actionDeps(), id));
}

export function declineRequest(id: PeerId): Promise<void> {
  return actAndRefresh(() => declineFriendRequest(actionDeps(), id));
}

/** null clears the remark. */
export function setRemark(id: PeerId, remark: string | null): Promise<void> {
  return actAndRefresh(() => editPerson(actionDeps(), id, { remark: cleanRemark(remark) }));
}

export function setLabels(id: PeerId, labels: string[]): Promise<void> {
  return actAndRefresh(() => editPerson(actionDeps(), id, { labels: cleanLabels(labels) }));
}

/** Remove the friend locally; the other side is told (FRIEND_REMOVED) when online. */
export function removeFriend(id: PeerId): Promise<void> {
  return actAndRefresh(() => removeFriendAction(actionDeps(), id));
}

/** Block: no connection accepted or dialled. */
export function setBlocked(id: PeerId, blocked: boolean): Promise<void> {
  return actAndRefresh(() => setPersonBlocked(actionDeps(), id, blocked));
}

/** The user acknowledged a security notice (does NOT accept a changed key). */
export function dismissNotice(id: PeerId): Promise<void> {
  return actAndRefresh(() => editPerson(actionDeps(), id, { notice: null }));
}
