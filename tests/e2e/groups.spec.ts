/**
 * Group chat end to end in real Chromium against the local signaling worker: three installs,
 * Alice is friends with Bob and with Carol, who are not friends with each other.
 *
 * Stable test ids used here: new-group-open, group-name, group-pick-friend (data-peer),
 * group-pick-count, group-create, group-info-open, group-members, group-member, member-role,
 * message-sender, group-call-video, message-call (data-group, data-joined), files-page, and the
 * chat ids of chat.spec.ts and call ids of calls.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { befriend, newPeer, onboard } from '../helpers/app';
import { answer, callScreen, expectNoCall, expectPlaying, remoteVideo } from '../helpers/calls';
import { chatRow, message, openChatFromList, openChats, send, type Person } from '../helpers/chat';

/** Group events cross real WebRTC sessions, some opened by the roster: allow for reconnects. */
const SYNC = { timeout: 45_000 };

test('[E2E-GRP-1] Alice makes a group with Bob and Carol; every message reaches all three with its sender; Bob and Carol, not friends, meet through the roster; [E2E-GCALL-1] a video call from the group header: each sees two remote streams', async ({
  browser,
}) => {
  test.setTimeout(300_000);
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

    // The group chat as Bob sees it (docs/img/group-chat.png, shown in the README).
    await bob.page.screenshot({ path: 'docs/img/group-chat.png' });

    // [E2E-GCALL-1][GCALL-1][GCALL-3] Alice calls the group from its header; Bob and Carol, who
    // are not friends, link over their group session: each sees the other two.
    const video = alice.page.getByTestId('group-call-video');
    await expect(video).not.toHaveAttribute('aria-disabled', 'true', SYNC);
    await video.click();
    await answer(bob.page, 'video');
    await answer(carol.page, 'video');
    for (const me of [alice, bob, carol]) {
      for (const other of [alice, bob, carol]) {
        if (other !== me) await expectPlaying(remoteVideo(me.page, other.id));
      }
      await expect(callScreen(me.page)).toHaveAttribute('data-group', 'true');
    }
    // The group's call as Carol sees it (docs/img/group-call.png, shown in the README).
    await carol.page.screenshot({ path: 'docs/img/group-call.png' });
    // Bob and Carol hang up; with nobody left, the call ends for Alice too.
    for (const me of [bob, carol]) await me.page.getByTestId('call-hangup').click();
    for (const me of [alice, bob, carol]) await expectNoCall(me.page);
    // [GCALL-6] Alice, who started it, writes one entry in the group, naming the three.
    for (const me of [alice, carol]) {
      const entry = me.page.getByTestId('message-call');
      await expect(entry).toHaveAttribute('data-group', 'true', SYNC);
      await expect(entry).toHaveAttribute('data-joined', '3');
    }

    // The group's Files page (docs/img/group-files.png, shown in the README).
    await carol.page.getByTestId('chat-files-open').click();
    await expect(carol.page.getByTestId('files-page')).toBeVisible();
    await carol.page.screenshot({ path: 'docs/img/group-files.png' });
    await carol.page.goBack();
    await expect(carol.page.getByTestId('chat-screen')).toBeVisible();

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
  } finally {
    await Promise.all(peers.map((p) => p.context.close().catch(() => undefined)));
  }
});
