/**
 * Group chat end to end in real Chromium against the local signaling worker: three installs,
 * Alice is friends with Bob and with Carol, who are not friends with each other.
 *
 * Stable test ids used here: new-group-open, group-name, group-pick-friend (data-peer),
 * group-pick-count, group-create, group-info-open, group-members, group-member, member-role,
 * message-sender, member-add-friend, incoming-request (data-peer-id), request-accept, friend-row
 * (data-peer-id, data-state), and the chat ids of chat.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { befriend, newPeer, onboard, openFriends } from '../helpers/app';
import { chatRow, message, openChatFromList, openChats, send, type Person } from '../helpers/chat';

/** Group events cross real WebRTC sessions, some opened by the roster: allow for reconnects. */
const SYNC = { timeout: 45_000 };

test('[E2E-GRP-1][E2E-GRP-50] Alice makes a group with Bob and Carol; every message reaches all three with its sender; Bob and Carol, not friends, meet through the roster and become friends from the group', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const peers = await Promise.all([newPeer(browser), newPeer(browser), newPeer(browser)]);
  const names = ['Alice', 'Bob', 'Carol'] as const;
  const ids = await Promise.all(peers.map((p, i) => onboard(p.page, names[i]!)));
  const [alice, bob, carol] = peers.map((p, i): Person => ({
    ...p,
    name: names[i]!,
    id: ids[i]!,
  })) as [Person, Person, Person];
  try {
    await befriend(alice, bob);
    await befriend(alice, carol);

    // [GRP-21] Alice creates the group from the Chats screen with both friends.
    await openChats(alice.page);
    await alice.page.getByTestId('new-group-open').click();
    await alice.page.getByTestId('group-name').fill('Hiking');
    for (const friend of [bob, carol]) {
      await alice.page
        .locator(`[data-testid="group-pick-friend"][data-peer="${friend.id}"]`)
        .click();
    }
    await expect(alice.page.getByTestId('group-pick-count')).toContainText('2');
    await alice.page.getByTestId('group-create').click();
    await expect(alice.page.getByTestId('chat-screen')).toHaveAttribute('data-conv', /^g:/);
    const conv = await alice.page.getByTestId('chat-screen').getAttribute('data-conv');
    await send(alice.page, 'Welcome to Hiking!');

    // [GRP-19][GRP-20] The invitation reaches Bob and Carol over their sessions with Alice.
    for (const member of [bob, carol]) {
      await openChats(member.page);
      await expect(chatRow(member.page, 'Hiking')).toBeVisible(SYNC);
      await openChatFromList(member.page, 'Hiking');
      await expect(member.page.getByTestId('chat-screen')).toHaveAttribute('data-conv', conv!);
      await expect(message(member.page, 'Welcome to Hiking!')).toBeVisible(SYNC);
      await expect(
        message(member.page, 'Welcome to Hiking!').getByTestId('message-sender'),
      ).toHaveText('Alice: ');
    }

    // Each member writes; everyone sees every message with its sender: by name where the reader
    // knows the sender's profile (a friend), else by the start of their id (Bob and Carol only
    // share the group; a group nickname would name them).
    await send(bob.page, 'Bob is in');
    await send(carol.page, 'Carol too');
    for (const me of [alice, bob, carol]) {
      for (const [text, sender] of [
        ['Bob is in', bob],
        ['Carol too', carol],
      ] as const) {
        await expect(message(me.page, text)).toBeVisible(SYNC);
        if (sender === me) continue;
        const label = me === alice ? sender.name : `${sender.id.slice(0, 8)}…`;
        await expect(message(me.page, text).getByTestId('message-sender')).toHaveText(`${label}: `);
      }
    }

    // [GRP-30][GRP-19] Alice leaves; Bob and Carol, who are not friends, still reach each other
    // through a session keyed by the roster.
    await alice.context.close();
    await send(bob.page, 'Alice went home');
    await expect(message(carol.page, 'Alice went home')).toBeVisible(SYNC);

    // The member list shows the roles.
    await carol.page.getByTestId('group-info-open').click();
    const members = carol.page.getByTestId('group-member');
    await expect(members).toHaveCount(3);
    await expect(members.first().getByTestId('member-role')).toContainText(/owner/i);

    // [E2E-GRP-50] [GRP-61] Bob is a person Carol may know: "Add friend" on his row sends a
    // friend request over their group session, and Bob accepts it; Carol's list of friends
    // then holds him as a friend. Alice, who introduced them, is gone.
    const bobRow = carol.page.locator(`[data-testid="group-member"][data-peer="${bob.id}"]`);
    await bobRow.getByTestId('member-add-friend').click();
    await openFriends(bob.page);
    const request = bob.page.locator(
      `[data-testid="incoming-request"][data-peer-id="${carol.id}"]`,
    );
    await expect(request).toBeVisible(SYNC);
    await request.getByTestId('request-accept').click();
    await openFriends(carol.page);
    await expect(
      carol.page.locator(`[data-testid="friend-row"][data-peer-id="${bob.id}"]`),
    ).toHaveAttribute('data-state', 'friend', SYNC);
    await expect(
      bob.page.locator(`[data-testid="friend-row"][data-peer-id="${carol.id}"]`),
    ).toHaveAttribute('data-state', 'friend', SYNC);
  } finally {
    await Promise.all(peers.map((p) => p.context.close().catch(() => undefined)));
  }
});
