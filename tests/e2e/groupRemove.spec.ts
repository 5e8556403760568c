/**
 * A removed member learns it was removed, end to end in real Chromium against the local
 * signaling worker: Alice is friends with Bob and with Carol; she removes Carol from their group.
 *
 * Stable test ids used here: those of groups.spec.ts and chat.spec.ts, plus group-member
 * (data-peer), member-actions, member-remove, confirm-ok, system-line, group-readonly.
 */
import { expect, test } from '@playwright/test';
import { befriend, newPeer, onboard } from '../helpers/app';
import {
  chatRow,
  message,
  messages,
  openChatFromFriend,
  openChatFromList,
  openChats,
  send,
  type Person,
} from '../helpers/chat';

/** Group events cross real WebRTC sessions: allow for reconnects. */
const SYNC = { timeout: 45_000 };
const REMOVED = 'You were removed from this group';

test('[E2E-GRP-30] Alice removes Carol: Carol’s client shows it was removed, and receives nothing the group writes after', async ({
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

    await openChats(alice.page);
    await alice.page.getByTestId('new-group-open').click();
    await alice.page.getByTestId('group-name').fill('Book club');
    for (const friend of [bob, carol]) {
      await alice.page
        .locator(`[data-testid="group-pick-friend"][data-peer="${friend.id}"]`)
        .click();
    }
    await alice.page.getByTestId('group-create').click();
    await expect(alice.page.getByTestId('chat-screen')).toHaveAttribute('data-conv', /^g:/);
    await send(alice.page, 'Welcome to the club');
    for (const member of [bob, carol]) {
      await openChats(member.page);
      await expect(chatRow(member.page, 'Book club')).toBeVisible(SYNC);
      await openChatFromList(member.page, 'Book club');
      await expect(message(member.page, 'Welcome to the club')).toBeVisible(SYNC);
    }
    await send(carol.page, 'Carol reads too');
    await expect(message(alice.page, 'Carol reads too')).toBeVisible(SYNC);
    await expect(message(bob.page, 'Carol reads too')).toBeVisible(SYNC);

    // [GRP-21] Alice, the owner, removes Carol from the member list.
    await alice.page.getByTestId('group-info-open').click();
    const row = alice.page.locator(`[data-testid="group-member"][data-peer="${carol.id}"]`);
    await row.getByTestId('member-actions').click();
    await alice.page.getByTestId('member-remove').click();
    await alice.page.getByTestId('confirm-ok').filter({ hasText: 'Remove from group' }).click();
    await expect(alice.page.getByTestId('group-member')).toHaveCount(2, SYNC);

    // [GRP-60] Carol's client is told: the system line, and a notice instead of the composer.
    await expect(carol.page.getByTestId('group-readonly')).toHaveText(/You were removed/, SYNC);
    await expect(carol.page.getByTestId('composer-input')).toHaveCount(0);
    await expect(
      carol.page.getByTestId('system-line').filter({ hasText: REMOVED }).first(),
    ).toBeVisible();
    // What Carol held stays readable.
    await expect(message(carol.page, 'Welcome to the club')).toBeVisible();
    const held = await messages(carol.page).count();

    // Alice and Bob keep chatting.
    await alice.page.goBack();
    await expect(alice.page.getByTestId('composer-input')).toBeVisible();
    await send(alice.page, 'Just the two of us');
    await expect(message(bob.page, 'Just the two of us')).toBeVisible(SYNC);
    await send(bob.page, 'Still here');
    await expect(message(alice.page, 'Still here')).toBeVisible(SYNC);

    // Nothing new reaches Carol. Frames on one session arrive in order: once a direct message
    // Alice writes after the group's messages has reached Carol, everything Alice sent her before
    // has been handled too.
    await openChatFromFriend(alice.page, 'Carol');
    await send(alice.page, 'See you around, Carol');
    await openChatFromList(carol.page, 'Alice');
    await expect(message(carol.page, 'See you around, Carol')).toBeVisible(SYNC);
    await openChatFromList(carol.page, 'Book club');
    await expect(message(carol.page, 'Welcome to the club')).toBeVisible();
    await expect(messages(carol.page)).toHaveCount(held);
    await expect(message(carol.page, 'Just the two of us')).toHaveCount(0);
    await expect(message(carol.page, 'Still here')).toHaveCount(0);
    await expect(carol.page.getByTestId('group-readonly')).toHaveText(/You were removed/);
  } finally {
    await Promise.all(peers.map((p) => p.context.close().catch(() => undefined)));
  }
});
