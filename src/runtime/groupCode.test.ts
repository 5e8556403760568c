import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getConv } from '../db/convsRepo';
import { getMessage } from '../db/messagesRepo';
import { eventIdOf } from '../lib/convId';
import { createLinkId, type GroupCode } from '../lib/groupCode';
import type { ConversationId } from '../lib/ids';
import { setLogSink } from '../lib/log';
import { JoinError } from '../peers/groups/Joiner';
import { MemoryHub } from '../peers/memory/MemoryHub';
import { waitFor } from '../peers/session/testing';
import { FakeEnvironment } from '../peers/testing/fakeEnvironment';
import { startInstall, type RuntimeInstall } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

/**
 * Ada, who owns a group and shows its code, and Dan, a stranger to her. The hub gates dials as
 * the worker does with no trickle at all: only a registered token opens anyone.
 */
async function adaAndDan(trickle = 0) {
  const clock = new FakeEnvironment();
  const hub = new MemoryHub({ reachGate: { trickle } });
  const ada = await startInstall(hub, 'Ada', clock);
  const dan = await startInstall(hub, 'Dan', clock);
  cleanup.push(
    () => ada.runtime.stop(),
    () => dan.runtime.stop(),
  );
  const conv = await ada.runtime.groups.create('Tea', []);
  const link = await ada.runtime.groups.createCode(conv);
  const fold = await ada.runtime.groups.view(conv);
  const code: GroupCode = {
    conv,
    link,
    expires: fold!.links[link]!.expires,
    hosts: [ada.id],
    name: 'Tea',
  };
  // The code's token is registered once the fold names the link. [GRP-42]
  await ada.runtime.friends.groupsChanged();
  await ada.runtime.groupSessionsStarted;
  return { hub, ada, dan, conv, code };
}

async function refusal(install: RuntimeInstall, code: GroupCode): Promise<string> {
  try {
    await install.runtime.groups.join(code);
  } catch (err) {
    if (err instanceof JoinError) return err.reason;
    throw err;
  }
  return 'joined';
}

/** Dan holds nothing of the group: no row, no fold. */
async function holdsNothing(install: RuntimeInstall, conv: ConversationId): Promise<void> {
  expect(await install.runtime.groups.view(conv)).toBeNull();
  expect(await getConv(install.db, conv)).toBeNull();
}

describe('joining by group code', () => {
  it('[GRP-42][GRP-44][GRP-46] a stranger with a valid code reaches the owner, joins, and the group syncs both ways', async () => {
    const { hub, ada, dan, conv, code } = await adaAndDan();
    await ada.runtime.groups.setMeta(conv, { announcement: 'Bring cups' });
    const hello = await ada.runtime.sync.append(conv, 'text', { text: 'before Dan' });

    const steps: string[] = [];
    expect(await dan.runtime.groups.join(code, undefined, (s) => steps.push(s))).toBe('member');
    expect(steps).toEqual(['reaching', 'checking', 'joining', 'syncing']);
    // Only the code's token opened Ada: the hub refused nothing.
    expect(hub.refused).toEqual([]);

    const danView = await dan.runtime.groups.view(conv);
    expect(Object.keys(danView!.members).sort()).toEqual([ada.id, dan.id].sort());
    expect(danView!.members[ada.id]!.role).toBe('owner');
    expect(danView!.announcement).toBe('Bring cups');
    await waitFor(
      async () => (await ada.runtime.groups.view(conv))?.members[dan.id] !== undefined,
      2000,
      'Dan in Ada’s roster',
    );
    // The history before the join comes along (relayed logs are whole).
    await waitFor(
      async () => (await getMessage(dan.db, eventIdOf(conv, ada.id, hello.seq))) !== null,
      2000,
      'the earlier message at Dan',
    );

    const sent = await dan.runtime.sync.append(conv, 'text', { text: 'hi, I am Dan' });
    const id = eventIdOf(conv, dan.id, sent.seq);
    await waitFor(
      async () => (await getMessage(ada.db, id)) !== null,
      3000,
      'Dan’s message at Ada',
    );
    expect((await getMessage(ada.db, id))?.text).toBe('hi, I am Dan');
    const reply = await ada.runtime.sync.append(conv, 'text', { text: 'welcome' });
    const replyId = eventIdOf(conv, ada.id, reply.seq);
    await waitFor(async () => (await getMessage(dan.db, replyId)) !== null, 3000, 'reply at Dan');
  });

  it('[GRP-45] a wrong code is refused before any data: Dan holds nothing', async () => {
    // A wrong code's token opens nobody; let the trickle through to hear Ada's refusal.
    const { dan, conv, code } = await adaAndDan(4);
    expect(await refusal(dan, { ...code, link: createLinkId() })).toBe('unknown');
    await holdsNothing(dan, conv);
  });

  it('[GRP-45] a revoked code is refused with its reason, and Dan holds nothing', async () => {
    const { ada, dan, conv, code } = await adaAndDan();
    await ada.runtime.groups.revokeCode(conv, code.link);
    expect(await refusal(dan, code)).toBe('revoked');
    await holdsNothing(dan, conv);
    expect((await ada.runtime.groups.view(conv))?.members[dan.id]).toBeUndefined();
  });

  it('[GRP-41] an expired code is refused on the joiner’s device, without dialling', async () => {
    const { hub, dan, conv, code } = await adaAndDan();
    expect(await refusal(dan, { ...code, expires: Date.now() - 1 })).toBe('expired');
    expect(dan.runtime.friends.manager.livePeers).toEqual([]);
    expect(hub.refused).toEqual([]);
    await holdsNothing(dan, conv);
  });

  it('[GRP-11][GRP-47] with approval on, the join waits with its reason until the owner accepts', async () => {
    const { ada, dan, conv, code } = await adaAndDan();
    await ada.runtime.groups.setMeta(conv, { approval: true });
    expect(await dan.runtime.groups.join(code, 'friend of Bob')).toBe('pending');
    const asked = await ada.runtime.groups.view(conv);
    expect(asked!.members[dan.id]).toBeUndefined();
    expect(asked!.requests[dan.id]).toMatchObject({ by: dan.id, reason: 'friend of Bob' });
    // Asking again before anyone accepts changes nothing.
    expect(await dan.runtime.groups.join(code)).toBe('pending');

    await ada.runtime.groups.accept(conv, dan.id);
    expect(await dan.runtime.groups.join(code)).toBe('member');
    const view = await dan.runtime.groups.view(conv);
    expect(view!.members[dan.id]?.role).toBe('member');
    expect(view!.requests[dan.id]).toBeUndefined();
  });

  it('[GRP-11] the owner declines a request: the person stays out', async () => {
    const { ada, dan, conv, code } = await adaAndDan();
    await ada.runtime.groups.setMeta(conv, { approval: true });
    expect(await dan.runtime.groups.join(code, 'hello')).toBe('pending');
    await ada.runtime.groups.decline(conv, dan.id);
    const view = await ada.runtime.groups.view(conv);
    expect(view!.requests[dan.id]).toBeUndefined();
    expect(view!.members[dan.id]).toBeUndefined();
  });

  it('[GRP-81] asking again about a waiting join signs nothing new, works past the code’s expiry once accepted, and tells a decline', async () => {
    const { ada, dan, conv, code } = await adaAndDan();
    await ada.runtime.groups.setMeta(conv, { approval: true });
    expect(await dan.runtime.groups.join(code, 'hello')).toBe('pending');
    const expired = { ...code, expires: Date.now() - 1 };
    expect(await dan.runtime.groups.join(expired, undefined, undefined, true)).toBe('pending');
    const joins = (await ada.runtime.groups.view(conv))!.outcomes.filter(
      (o) => o.type === 'group.join',
    );
    expect(joins).toHaveLength(1);
    await ada.runtime.groups.accept(conv, dan.id);
    expect(await dan.runtime.groups.join(expired, undefined, undefined, true)).toBe('member');

    const other = await adaAndDan();
    await other.ada.runtime.groups.setMeta(other.conv, { approval: true });
    expect(await other.dan.runtime.groups.join(other.code, 'hi')).toBe('pending');
    await other.ada.runtime.groups.decline(other.conv, other.dan.id);
    const asked = other.dan.runtime.groups.join(other.code, undefined, undefined, true);
    await expect(asked).rejects.toMatchObject({ reason: 'declined' });
    expect((await other.ada.runtime.groups.view(other.conv))!.requests).toEqual({});
  });
});
