/**
 * People repository: the `people` table and, in the same transactions, the
 * outbox frames that belong to a person's state (a pending request, a
 * tombstone). Functions take the database, so tests can run several
 * installs side by side; all of them reject with StorageError only.
 */
import type { PeerId } from '../lib/ids';
import type { InviteRecord } from '../lib/invite';
import type { OutboxFrame, PersonRecord, PersonState } from '../lib/people';
import type { PlumeDatabase } from './db';
import { withStorage } from './storageErrors';

/** States whose peer we keep dialling (unless blocked). [SES-11] */
const DIALLED_STATES: ReadonlySet<string> = new Set(['friend', 'outgoing', 'removed']);

/**
 * What a change does: the new row (null deletes the person and all their
 * outbox), frames to queue (replacing a queued frame of the same type) and
 * frame types to drop from the outbox.
 */
export interface PersonChange {
  person: PersonRecord | null;
  enqueue?: readonly OutboxFrame[];
  dequeue?: readonly OutboxFrame['type'][];
}

/** Decides a change from the current row; undefined leaves everything as it is. */
export type PersonChanger = (current: PersonRecord | null) => PersonChange | undefined;

/** One person, or null. */
export async function getPerson(db: PlumeDatabase, id: PeerId): Promise<PersonRecord | null> {
  return (await withStorage(db, (d) => d.people.get(id))) ?? null;
}

/** Everyone stored, in any state. */
export function listPeople(db: PlumeDatabase): Promise<PersonRecord[]> {
  return withStorage(db, (d) => d.people.toArray());
}

async function applyChange(
  db: PlumeDatabase,
  id: PeerId,
  change: PersonChange,
  now: number,
): Promise<void> {
  if (change.person === null) {
    await db.people.delete(id);
    await db.outbox.where('to').equals(id).delete();
    return;
  }
  await db.people.put(change.person);
  const drop = new Set<string>([
    ...(change.dequeue ?? []),
    ...(change.enqueue ?? []).map((f) => f.type),
  ]);
  if (drop.size > 0) {
    await db.outbox
      .where('to')
      .equals(id)
      .filter((entry) => drop.has(entry.frame.type))
      .delete();
  }
  for (const frame of change.enqueue ?? []) {
    await db.outbox.add({ to: id, frame, createdAt: now });
  }
}

/**
 * Read-modify-write one person and their outbox atomically. Resolves with the
 * row as it is afterwards (null when absent or deleted).
 */
export function changePerson(
  db: PlumeDatabase,
  id: PeerId,
  changer: PersonChanger,
  now: number,
): Promise<PersonRecord | null> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.people, d.outbox, async () => {
      const current = (await d.people.get(id)) ?? null;
      const change = changer(current);
      if (!change) return current;
      await applyChange(d, id, change, now);
      return change.person;
    }),
  );
}

/** At most `max` people in `state`; see {@link changePersonCapped}. */
export interface StateCap {
  state: PersonState;
  max: number;
}

/**
 * Like {@link changePerson}, but a change that would store a NEW person in
 * `cap.state` while `cap.max` people are in that state already is refused:
 * resolves with 'full' and writes nothing. Counting and inserting share one
 * transaction, so concurrent callers cannot overshoot the cap. [FR-2]
 */
export function changePersonCapped(
  db: PlumeDatabase,
  id: PeerId,
  changer: PersonChanger,
  cap: StateCap,
  now: number,
): Promise<PersonRecord | null | 'full'> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.people, d.outbox, async () => {
      const current = (await d.people.get(id)) ?? null;
      const change = changer(current);
      if (!change) return current;
      if (!current && change.person?.state === cap.state) {
        const count = await d.people.where('state').equals(cap.state).count();
        if (count >= cap.max) return 'full' as const;
      }
      await applyChange(d, id, change, now);
      return change.person;
    }),
  );
}

/** Result of {@link redeemInvite}. */
export type RedeemResult =
  { ok: true; person: PersonRecord | null } | { ok: false; reason: 'gone' | 'taken' };

/**
 * Mark invite `secret` used by `by` and change the person, in one transaction,
 * so two strangers racing for one invite cannot both redeem it. [INV-11]
 * Fails with 'taken' when it was used meanwhile: by someone else, or by `by`
 * itself while `by` is not (or no longer) a friend. An old use proves nothing
 * once we deleted that friend, so it must never befriend again by itself.
 */
export function redeemInvite(
  db: PlumeDatabase,
  secret: string,
  by: PeerId,
  changer: PersonChanger,
  now: number,
): Promise<RedeemResult> {
  return withStorage(db, (d) =>
    d.transaction('rw', d.people, d.outbox, d.invites, async (): Promise<RedeemResult> => {
      const invite = await d.invites.get(secret);
      if (!invite) return { ok: false, reason: 'gone' };
      const current = (await d.people.get(by)) ?? null;
      if (invite.usedBy !== undefined) {
        // Only a resend from the friend it made is still welcome (idempotent).
        if (invite.usedBy !== by || current?.state !== 'friend') {
          return { ok: false, reason: 'taken' };
        }
      } else {
        const used: InviteRecord = { ...invite, usedBy: by, usedAt: now };
        await d.invites.put(used);
      }
      const change = changer(current);
      if (!change) return { ok: true, person: current };
      await applyChange(d, by, change, now);
      return { ok: true, person: change.person };
    }),
  );
}

/**
 * Everyone the app should keep a session with: friends, our pending requests,
 * tombstones still to deliver, and anyone with queued frames. Blocked people
 * are never dialled. [SES-11, FR-5]
 */
export function dialTargets(db: PlumeDatabase): Promise<PeerId[]> {
  return withStorage(db, (d) =>
    d.transaction('r', d.people, d.outbox, async () => {
      const people = await d.people.toArray();
      const blocked = new Set(people.filter((p) => p.blocked).map((p) => p.id));
      const targets = new Set(
        people.filter((p) => !p.blocked && DIALLED_STATES.has(p.state)).map((p) => p.id),
      );
      for (const to of await d.outbox.orderBy('to').uniqueKeys()) {
        if (!blocked.has(to as PeerId)) targets.add(to as PeerId);
      }
      return [...targets];
    }),
  );
}
