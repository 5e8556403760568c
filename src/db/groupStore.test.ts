import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../lib/chatEvent';
import { eventIdOf } from '../lib/convId';
import { compareSignatures } from '../lib/group/control';
import { groupWorld, makePeople, removeAs, World } from '../lib/group/testing/world';
import { storeEvents, type ConvIdentity } from './chatStore';
import { getConv } from './convsRepo';
import { PlumeDatabase } from './db';
import { getGroup } from './groupsRepo';
import { getMessage, pageBefore } from './messagesRepo';
import { watchGroups } from './groupWatch';
import { filesBefore } from './fileMessages';
import { searchIndex } from './searchIndex';
import { parseQuery } from '../lib/search/tokenize';
import { makePeople as people, startGroup } from '../lib/group/testing/world';

const byLog = (a: ChatEvent, b: ChatEvent) =>
  a.author < b.author ? -1 : a.author > b.author ? 1 : a.seq - b.seq;

/** A device of `world`'s person `me`, with its own database. */
function deviceOf(world: World, me: string) {
  const db = new PlumeDatabase(`test-group-store-${crypto.randomUUID()}`);
  const id = world.person(me).id;
  const who: ConvIdentity = { conv: world.conv, peer: id, members: [], kind: 'group' };
  const put = (...events: ChatEvent[]) =>
    storeEvents(db, who, [...events].sort(byLog), id, world.now + 10_000);
  return { db, put };
}

describe('group storage', () => {
  it('[GRP-18] a group is stored like a chat: a conversation row of kind group named by the fold, and the folded roster', async () => {
    const w = await groupWorld(['owner', 'b', 'c'], ['b']);
    const { db, put } = deviceOf(w, 'c');
    const folds: string[] = [];
    watchGroups(db, (row) => folds.push(row.fold.name ?? ''));
    const result = await put(...w.device('owner').arrivals);
    expect(result.stored.length).toBe(w.device('owner').arrivals.length);
    const row = await getConv(db, w.conv);
    expect(row?.kind).toBe('group');
    expect(row?.name).toBe('Group');
    expect(row?.members).toEqual([w.person('owner').id, w.person('b').id, w.person('c').id].sort());
    const group = await getGroup(db, w.conv);
    expect(group?.fold.members[w.person('b').id]?.role).toBe('admin');
    expect(group?.keys[w.person('c').id]).toBe(w.person('c').pub);
    expect(folds).toEqual(['Group']);
    // A rename folds again and renames the row; a message alone does not fold.
    await put(await w.write('b', 'group.meta', { name: 'Renamed' }));
    await put(await w.say('owner', 'hi'));
    expect((await getConv(db, w.conv))?.name).toBe('Renamed');
    expect(folds).toEqual(['Group', 'Renamed']);
  });

  it("[GRP-13] a non-member's message is kept but not shown; one that arrived before its author's add shows once the add arrives", async () => {
    const w = await groupWorld(['owner', 'b']);
    const { db, put } = deviceOf(w, 'owner');
    await put(...w.device('owner').arrivals);
    await put(await w.say('b', 'first'));
    // A stranger signs a message in the group's conversation (same creator and salt).
    const [stranger] = await makePeople(['stranger']);
    const other = new World([w.people[0]!, stranger!]);
    expect(other.conv).toBe(w.conv);
    const foreign = await other.write('stranger', 'text', { text: 'let me in' });
    expect((await put(foreign)).stored.length).toBe(1);
    expect((await pageBefore(db, w.conv, null, 10)).map((m) => m.text)).toEqual(['first']);
    const row = await getConv(db, w.conv);
    expect([row?.unread, row?.last?.preview]).toEqual([1, 'first']);
  });

  it('[GRP-13] a message stored before the add of its author is shown once the add is stored', async () => {
    const w = await groupWorld(['owner', 'b', 'late']);
    const { db, put } = deviceOf(w, 'b');
    // b holds the genesis and its own add, not the add of `late`.
    const owner = w.device('owner').arrivals.filter((e) => e.author === w.person('owner').id);
    const [genesis, addB, addLate] = owner;
    await put(genesis!, addB!);
    const said = await w.say('late', 'hello early');
    await put(said);
    const id = eventIdOf(w.conv, said.author, said.seq);
    expect((await getMessage(db, id))?.voided).toBe(true);
    expect(await pageBefore(db, w.conv, null, 10)).toEqual([]);
    await put(addLate!);
    expect((await getMessage(db, id))?.voided).toBe(false);
    expect((await pageBefore(db, w.conv, null, 10)).map((m) => m.text)).toEqual(['hello early']);
  });

  it('[GRP-13] a removed member’s messages beyond what the removal saw are not shown', async () => {
    const w = await groupWorld(['owner', 'b', 'c']);
    const { db, put } = deviceOf(w, 'c');
    await put(...w.device('owner').arrivals);
    const before = await w.say('b', 'still in');
    w.sync('owner', 'b');
    const removal = await removeAs(w, 'owner', 'b');
    const after = await w.say('b', 'after removal');
    await put(before, removal, after);
    expect((await pageBefore(db, w.conv, null, 10)).map((m) => m.text)).toEqual(['still in']);
    expect((await getConv(db, w.conv))?.members).not.toContain(w.person('b').id);
  });

  it('[GRP-5] two events at one slot: the lower signature is kept, whichever arrived first', async () => {
    const w = await groupWorld(['owner', 'b']);
    const twin = w.device('b').clone();
    const one = await w.write('b', 'group.nick', { nickname: 'one' });
    const two = await w.write(twin, 'group.nick', { nickname: 'two' });
    expect(one.seq).toBe(two.seq);
    const low = compareSignatures(one.sig, two.sig) < 0 ? one : two;
    const held: string[] = [];
    for (const order of [
      [one, two],
      [two, one],
    ]) {
      const { db, put } = deviceOf(w, 'owner');
      await put(...w.device('owner').arrivals);
      for (const e of order) await put(e);
      const stored = await db.events.get([w.conv, one.author, one.seq]);
      held.push(stored!.sig);
      const group = await getGroup(db, w.conv);
      expect(group?.fold.members[w.person('b').id]?.nickname).toBe(
        (low.body as { nickname: string }).nickname,
      );
    }
    expect(held).toEqual([low.sig, low.sig]);
  });

  it('[GRP-80] a joiner holds the history from before its admission but is shown, finds and lists only what came after; the roster and announcement are whole', async () => {
    const w = new World(await people(['owner', 'b', 'late']));
    await startGroup(w, { members: ['b'] });
    await w.write('owner', 'group.meta', { announcement: 'be kind' });
    const file = { name: 'old.png', size: 10, mime: 'image/png', sha256: 'x', chunkSize: 4 };
    await w.say('owner', 'lighthouse before');
    await w.write('b', 'file', { ...file, chunks: 'y' });
    w.sync();
    const { id, pub } = w.person('late');
    await w.write('owner', 'group.add', { member: id, pub });
    w.sync();
    await w.say('b', 'lighthouse after');
    await w.write('owner', 'file', { ...file, name: 'new.png', chunks: 'y' });
    w.sync();
    const { db, put } = deviceOf(w, 'late');
    const result = await put(...w.device('late').arrivals);
    expect(result.stored.length).toBe(w.device('late').arrivals.length);
    const page = await pageBefore(db, w.conv, null, 10);
    expect(page.map((m) => (m.kind === 'file' ? m.file?.name : m.text)).sort()).toEqual([
      'lighthouse after',
      'new.png',
    ]);
    const found = await searchIndex(db, parseQuery('lighthouse')!, w.conv, 10);
    expect(found.map((m) => m.text)).toEqual(['lighthouse after']);
    const files = await filesBefore(db, w.conv, null, { limit: 10, scanLimit: 100 });
    expect(files.files.map((f) => f.file.name)).toEqual(['new.png']);
    const row = await getConv(db, w.conv);
    expect([row?.unread, row?.members.length]).toEqual([2, 3]);
    const group = await getGroup(db, w.conv);
    expect(group?.fold.announcement).toBe('be kind');
    expect(group?.fold.members[w.person('b').id]?.role).toBe('member');
    // The owner, a member from the start, is shown every message of the same events.
    const owner = deviceOf(w, 'owner');
    await owner.put(...w.device('late').arrivals);
    expect(await pageBefore(owner.db, w.conv, null, 10)).toHaveLength(4);
  });
});
