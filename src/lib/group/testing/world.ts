/**
 * Test support: people, their devices and what each device knows. A device writes events with
 * its own version vector as causal context and the next lamport it knows of, and learns others'
 * events only when synced, gap-free per author as [SYNC-4] stores them, so partitions and late
 * relays are easy to stage. A fork (two events at one seq) keeps the lower signature ([GRP-5]).
 */
import { createHash } from 'node:crypto';
import { base64urlEncode } from '../../base64url';
import { signEvent, type ChatEvent, type EventBodies, type UnsignedEvent } from '../../chatEvent';
import { groupConversationId } from '../../groupId';
import { generateIdentityKeys, type IdentityKeys } from '../../identity';
import { peerIdFromPublicKey, type ConversationId, type PeerId } from '../../ids';
import type { CausalContext } from '../bodies';
import { compareSignatures } from '../control';
import { foldGroup } from '../fold';
import type { GroupFold } from '../types';

/** A person: an identity with its key as group bodies carry it. */
export interface Person {
  name: string;
  id: PeerId;
  pub: string;
  keys: IdentityKeys;
}

/** Makes the signature: real Ed25519, or a fast stand-in for long simulations. */
export type Signer = (event: UnsignedEvent, by: Person) => Promise<ChatEvent> | ChatEvent;

/** Ed25519 with the person's key, as the app signs. */
export const realSigner: Signer = (event, by) => signEvent(event, by.keys.privateKey);

/**
 * A 64-byte stand-in: SHA-512 of the event's fields. Deterministic and unique per content, so
 * forks resolve the same way every run; the fold never looks at signatures otherwise.
 */
export const hashSigner: Signer = (event) => {
  const { author, seq, lamport, ts, type, body } = event;
  const text = `${author}|${seq}|${lamport}|${ts}|${type}|${JSON.stringify(body)}`;
  return { ...event, sig: createHash('sha512').update(text).digest('base64url') };
};

/** People with fresh random keys, one per name. */
export async function makePeople(names: readonly string[]): Promise<Person[]> {
  return Promise.all(
    names.map(async (name) => {
      const keys = await generateIdentityKeys();
      return { name, id: keys.id, pub: base64urlEncode(keys.publicKeyRaw), keys };
    }),
  );
}

/** DER prefix of a PKCS #8 Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * People whose keys derive from `seed` and their names, so a simulated run that fails can be
 * replayed exactly: PeerIds, and with them every tie broken by author, are the same each time.
 */
export async function seededPeople(names: readonly string[], seed: string): Promise<Person[]> {
  return Promise.all(
    names.map(async (name) => {
      const secret = createHash('sha256').update(`${seed}|${name}`).digest();
      const der = Buffer.concat([PKCS8_ED25519, secret]);
      const ed = { name: 'Ed25519' } as const;
      const privateKey = await crypto.subtle.importKey('pkcs8', der, ed, true, ['sign']);
      const { x } = await crypto.subtle.exportKey('jwk', privateKey);
      const publicKeyRaw = new Uint8Array(Buffer.from(x!, 'base64url'));
      const publicKey = await crypto.subtle.importKey('raw', publicKeyRaw, ed, true, ['verify']);
      const id = await peerIdFromPublicKey(publicKeyRaw);
      const keys = { id, publicKeyRaw, publicKey, privateKey };
      return { name, id, pub: base64urlEncode(publicKeyRaw), keys };
    }),
  );
}

/** A device of one person: the events it holds, per author by seq, and in arrival order. */
export class Device {
  readonly person: Person;
  readonly #logs = new Map<string, ChatEvent[]>();
  arrivals: ChatEvent[] = [];
  lamport = 0;
  /** Bumped on every change of the control events the device holds. */
  version = 0;
  /** Bumped on every change at all. */
  changes = 0;

  constructor(person: Person) {
    this.person = person;
  }

  /** A restored backup: a second device with what this one holds now. */
  clone(): Device {
    const copy = new Device(this.person);
    for (const e of this.arrivals) copy.receive(e);
    return copy;
  }

  /** Store `event` if it is next in its author's log (or wins a fork); false otherwise. */
  receive(event: ChatEvent): boolean {
    const log = this.#logs.get(event.author) ?? [];
    const held = log[event.seq - 1];
    if (held) {
      if (held.sig === event.sig || compareSignatures(event.sig, held.sig) >= 0) return false;
      this.arrivals = this.arrivals.map((e) => (e === held ? event : e));
    } else {
      if (event.seq !== log.length + 1) return false;
      this.arrivals.push(event);
    }
    log[event.seq - 1] = event;
    this.#logs.set(event.author, log);
    this.lamport = Math.max(this.lamport, event.lamport);
    if (event.type.startsWith('group.') || held) this.version++;
    this.changes++;
    return true;
  }

  /** The version vector: author → highest seq held with no gap. */
  vv(): CausalContext {
    return Object.fromEntries([...this.#logs].map(([author, log]) => [author, log.length]));
  }

  /** The events of `author` held here, by seq (index seq − 1). */
  log(author: string): readonly ChatEvent[] {
    return this.#logs.get(author) ?? [];
  }

  /** Highest seq of `author` held here. */
  head(author: PeerId): number {
    return this.#logs.get(author)?.length ?? 0;
  }

  /** Copy to `to` what it lacks (or holds on a losing fork), per author in seq order; `limit`
   * caps the events sent per author. */
  sendTo(to: Device, authors?: readonly string[], limit = Infinity): void {
    for (const author of authors ?? [...this.#logs.keys()]) {
      const mine = this.#logs.get(author) ?? [];
      const theirs = to.#logs.get(author) ?? [];
      let sent = 0;
      for (let i = 0; i < mine.length && sent < limit; i++) {
        if (theirs[i]?.sig !== mine[i]!.sig && to.receive(mine[i]!)) sent++;
      }
    }
  }
}

/** A body without its causal context, which the device fills in (per member of a union). */
export type WithoutContext<B> = B extends unknown ? Omit<B, 'ctx'> : never;

/** Start of the test clock (ms). */
export const T0 = 1_700_000_000_000;

/** One group as several devices see it. */
export class World {
  readonly conv: ConversationId;
  readonly people: Person[];
  readonly devices = new Map<string, Device>();
  readonly salt: string = 'AAAAAAAAAAAAAAAAAAAAAA';
  readonly #sign: Signer;
  readonly #views = new Map<Device, { version: number; fold: GroupFold }>();
  now = T0;
  /** Called after every write (a simulation broadcasts from here). */
  onWrite: ((device: Device, event: ChatEvent) => void) | null = null;
  /** The next control event claims an empty context (a device that lies about what it saw). */
  lieNext = false;

  constructor(people: Person[], sign: Signer = realSigner, salt?: string) {
    this.people = people;
    this.#sign = sign;
    if (salt) this.salt = salt;
    this.conv = groupConversationId(people[0]!.pub, this.salt);
    for (const p of people) this.devices.set(p.name, new Device(p));
  }

  person(name: string): Person {
    return this.people.find((p) => p.name === name)!;
  }

  device(name: string): Device {
    return this.devices.get(name)!;
  }

  /**
   * Write an event on `device`: the next seq of its person, lamport one above what it knows,
   * and (for control types) its version vector as `ctx`, merged with `extra`.
   */
  async write<T extends keyof EventBodies>(
    device: Device | string,
    type: T,
    body: WithoutContext<EventBodies[T]>,
    options: { extra?: CausalContext; ctx?: CausalContext; ts?: number } = {},
  ): Promise<ChatEvent> {
    const d = typeof device === 'string' ? this.device(device) : device;
    const who = d.person;
    const seq = d.head(who.id) + 1;
    const isControl = type.startsWith('group.');
    let fullBody: object = body;
    if (isControl) {
      const lie = this.lieNext && !options.ctx;
      const ctx = { ...(options.ctx ?? (lie ? {} : d.vv())) };
      this.lieNext = false;
      for (const [k, v] of Object.entries(options.extra ?? {})) ctx[k] = Math.max(ctx[k] ?? 0, v);
      fullBody = { ...body, ctx };
      // A consistent lie: a removal that claims to have seen nothing says so in `seen` too.
      if (lie && type === 'group.remove') fullBody = { ...fullBody, seen: 0 };
    }
    this.now += 1000;
    const unsigned: UnsignedEvent<T> = {
      conv: this.conv,
      author: who.id,
      seq,
      lamport: d.lamport + 1,
      ts: options.ts ?? this.now,
      type,
      body: fullBody as EventBodies[T],
    };
    const event = await this.#sign(unsigned, who);
    d.receive(event);
    this.onWrite?.(d, event);
    return event;
  }

  /** Write a text message. */
  say(device: Device | string, text: string): Promise<ChatEvent> {
    return this.write(device, 'text', { text });
  }

  /** Full exchange among the named devices (all when none is named), until nothing moves. */
  sync(...names: string[]): void {
    const list = names.length ? names.map((n) => this.device(n)) : [...this.devices.values()];
    for (let round = 0; round < 2; round++) {
      for (const a of list) for (const b of list) if (a !== b) a.sendTo(b);
    }
  }

  /** Sync every device with every other until nothing moves (the end of every partition). */
  settle(): void {
    const devices = [...this.devices.values()];
    const hub = devices[0]!;
    const total = () => devices.reduce((n, d) => n + d.changes, 0);
    for (let before = -1; before !== total();) {
      before = total();
      for (const d of devices) d.sendTo(hub);
      for (const d of devices) hub.sendTo(d);
    }
  }

  /** Every event any device holds, forks included. */
  all(): ChatEvent[] {
    const seen = new Map<string, ChatEvent>();
    for (const d of this.devices.values()) for (const e of d.arrivals) seen.set(e.sig, e);
    return [...seen.values()];
  }

  /** The fold of what `name` holds, or of everything. */
  fold(name?: string): GroupFold {
    return foldGroup(this.conv, name ? this.device(name).arrivals : this.all());
  }

  /**
   * The fold of the control events `device` holds (cached until it learns something). Messages
   * change nothing a member decides, so the simulation leaves them out of its many views.
   */
  viewOf(device: Device): GroupFold {
    const cached = this.#views.get(device);
    if (cached?.version === device.version) return cached.fold;
    const fold = foldGroup(
      this.conv,
      device.arrivals.filter((e) => e.type.startsWith('group.')),
    );
    this.#views.set(device, { version: device.version, fold });
    return fold;
  }

  /** A control event type's body helper: the genesis of this world's group by person 0. */
  createBody(name = 'Group'): WithoutContext<EventBodies['group.create']> {
    return { name, salt: this.salt, pub: this.people[0]!.pub };
  }
}

/**
 * The usual start: person 0 creates the group (named `name`), adds `members` and appoints
 * `admins`, and every device syncs.
 */
export async function startGroup(
  world: World,
  options: { members?: string[]; admins?: string[]; name?: string } = {},
): Promise<void> {
  const owner = world.people[0]!.name;
  await world.write(owner, 'group.create', world.createBody(options.name));
  for (const name of options.members ?? world.people.slice(1).map((p) => p.name)) {
    const { id, pub } = world.person(name);
    await world.write(owner, 'group.add', { member: id, pub });
  }
  for (const name of options.admins ?? []) {
    await world.write(owner, 'group.role', { member: world.person(name).id, role: 'admin' });
  }
  world.sync();
}

/** A group of `names` (the first creates it, all are members) with `admins` appointed. */
export async function groupWorld(names: string[], admins: string[] = []): Promise<World> {
  const world = new World(await makePeople(names));
  await startGroup(world, { admins });
  return world;
}

/** A removal by `by` of `name`, with what `by` has seen of them. */
export function removeAs(world: World, by: string, name: string): Promise<ChatEvent> {
  const member = world.person(name).id;
  return world.write(by, 'group.remove', { member, seen: world.device(by).head(member) });
}
