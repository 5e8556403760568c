/**
 * Test helpers: an in-memory GroupDirectory whose rosters a test writes by hand, so sessions and
 * the mesh are tested without storage or the fold. No test-framework imports.
 */
import { base64urlEncode } from '../../lib/base64url';
import { Emitter } from '../../lib/emitter';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { Unsubscribe } from '../transport';
import type { GroupDirectory } from './contract';

interface DirectoryEvents {
  change: (conv: ConversationId) => void;
}

/** One roster entry: a member and the raw key the roster gives them. */
export interface FakeMember {
  id: PeerId;
  pub: Uint8Array;
}

/** Rosters held in memory, as one device's folded groups would give them. */
export class FakeGroupDirectory implements GroupDirectory {
  readonly me: PeerId;
  readonly #groups = new Map<ConversationId, Map<PeerId, string>>();
  readonly #dissolved = new Set<ConversationId>();
  readonly #events = new Emitter<DirectoryEvents>();
  /** How many times each method was asked, so a test can tell a path never consulted it. */
  readonly calls = { rosterKey: 0, sharedGroups: 0 };

  constructor(me: PeerId) {
    this.me = me;
  }

  /** Replace `conv`'s roster (`me` must be listed to be a member) and announce the change. */
  setRoster(conv: ConversationId, members: readonly FakeMember[]): void {
    this.#groups.set(conv, new Map(members.map((m) => [m.id, base64urlEncode(m.pub)])));
    this.#events.emit('change', conv);
  }

  /** Add one member to `conv`. */
  add(conv: ConversationId, member: FakeMember): void {
    const roster = this.#groups.get(conv) ?? new Map<PeerId, string>();
    roster.set(member.id, base64urlEncode(member.pub));
    this.#groups.set(conv, roster);
    this.#events.emit('change', conv);
  }

  /** Remove one member from `conv`. */
  remove(conv: ConversationId, peer: PeerId): void {
    this.#groups.get(conv)?.delete(peer);
    this.#events.emit('change', conv);
  }

  /** Dissolve `conv`: it stays held, but nobody shares it any more. */
  dissolve(conv: ConversationId): void {
    this.#dissolved.add(conv);
    this.#events.emit('change', conv);
  }

  /** My groups, live ones only. */
  groups(): ConversationId[] {
    return [...this.#groups.keys()].filter((conv) => this.#isMine(conv)).sort();
  }

  rosterKey(peer: PeerId): Promise<string | null> {
    this.calls.rosterKey++;
    for (const conv of this.groups()) {
      const key = this.#groups.get(conv)?.get(peer);
      if (key !== undefined && peer !== this.me) return Promise.resolve(key);
    }
    return Promise.resolve(null);
  }

  sharedGroups(peer: PeerId): Promise<readonly ConversationId[]> {
    this.calls.sharedGroups++;
    return Promise.resolve(this.groups().filter((conv) => this.#has(conv, peer)));
  }

  shares(peer: PeerId, conv: ConversationId): Promise<boolean> {
    return Promise.resolve(this.#isMine(conv) && this.#has(conv, peer));
  }

  members(conv: ConversationId): Promise<readonly PeerId[]> {
    if (!this.#isMine(conv)) return Promise.resolve([]);
    const roster = this.#groups.get(conv);
    return Promise.resolve([...(roster?.keys() ?? [])].filter((id) => id !== this.me));
  }

  onChange(listener: (conv: ConversationId) => void): Unsubscribe {
    return this.#events.on('change', listener);
  }

  #isMine(conv: ConversationId): boolean {
    return !this.#dissolved.has(conv) && (this.#groups.get(conv)?.has(this.me) ?? false);
  }

  #has(conv: ConversationId, peer: PeerId): boolean {
    return peer !== this.me && (this.#groups.get(conv)?.has(peer) ?? false);
  }
}
