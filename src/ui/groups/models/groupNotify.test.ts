import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../lib/chatEvent';
import {
  groupWorld,
  makePeople,
  removeAs,
  startGroup,
  World,
} from '../../../lib/group/testing/world';
import { groupNotice, type NoticeInput } from './groupNotify';

/** What `name`'s device decides about `events`, the group muted or not. */
function decide(w: World, name: string, muted: boolean, events: ChatEvent[]) {
  w.sync();
  const members = w.people.map((p) => ({ id: p.id, name: p.name, mentionName: p.name }));
  const input: NoticeInput = { fold: w.fold(name), me: w.person(name).id, muted, members };
  const notice = groupNotice(input, events);
  return notice && { kind: notice.kind, text: (notice.event.body as { text?: string }).text };
}

describe('group notifications', () => {
  it('[GRP-55] a plain message notifies only in a group that is not muted', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob']);
    const hi = await w.say('ann', 'hi all');
    expect(decide(w, 'bob', false, [hi])).toEqual({ kind: 'message', text: 'hi all' });
    expect(decide(w, 'bob', true, [hi])).toBeNull();
  });

  it('[GRP-55] a mention of me notifies even when muted; a mention of someone else does not', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob']);
    const toBob = await w.say('ann', '@bob lunch?');
    const plain = await w.say('ann', 'anyone?');
    expect(decide(w, 'bob', true, [toBob, plain])).toEqual({
      kind: 'mention',
      text: '@bob lunch?',
    });
    expect(decide(w, 'owner', true, [toBob, plain])).toBeNull();
  });

  it('[GRP-55][GRP-13] @all notifies through mute from an admin, not from a plain member', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob'], ['ann']);
    const fromAdmin = await w.say('ann', '@all meeting at 9');
    const fromMember = await w.say('bob', '@all look at this');
    expect(decide(w, 'owner', true, [fromAdmin])).toEqual({
      kind: 'mention',
      text: '@all meeting at 9',
    });
    expect(decide(w, 'owner', true, [fromMember])).toBeNull();
    // Not muted, a member's @all is an ordinary message.
    expect(decide(w, 'owner', false, [fromMember])).toEqual({
      kind: 'message',
      text: '@all look at this',
    });
  });

  it('[GRP-55] an announcement notifies every member through mute, never its author', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob'], ['ann']);
    const set = await w.write('ann', 'group.meta', { announcement: 'Trip moved to Sunday' });
    expect(decide(w, 'bob', true, [set])?.kind).toBe('announcement');
    expect(decide(w, 'owner', false, [set])?.kind).toBe('announcement');
    expect(decide(w, 'ann', false, [set])).toBeNull();
    // Clearing it, or a rename, says nothing.
    const cleared = await w.write('ann', 'group.meta', { announcement: null });
    const renamed = await w.write('ann', 'group.meta', { name: 'Trip' });
    expect(decide(w, 'bob', false, [cleared, renamed])).toBeNull();
  });

  it('[GRP-55][GRP-8] an announcement a plain member tried to set is void and says nothing', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob']);
    const attempt = await w.write('bob', 'group.meta', { announcement: 'free pizza' });
    expect(decide(w, 'ann', false, [attempt])).toBeNull();
  });

  it('[GRP-55][GRP-13] a message from a removed member never notifies', async () => {
    const w = await groupWorld(['owner', 'ann', 'bob']);
    await removeAs(w, 'owner', 'bob');
    // Bob has not heard of it yet and still writes.
    const late = await w.say('bob', '@ann still here?');
    expect(decide(w, 'ann', false, [late])).toBeNull();
  });

  it('[GRP-55][GRP-80] a joiner is not notified of the history from before its admission', async () => {
    const w = new World(await makePeople(['owner', 'ann', 'late']));
    await startGroup(w, { members: ['ann'] });
    const old = await w.say('ann', '@late old news');
    const { id, pub } = w.person('late');
    await w.write('owner', 'group.add', { member: id, pub });
    w.sync();
    const fresh = await w.say('ann', 'welcome');
    expect(decide(w, 'late', false, [old])).toBeNull();
    expect(decide(w, 'late', false, [old, fresh])).toEqual({ kind: 'message', text: 'welcome' });
  });
});
