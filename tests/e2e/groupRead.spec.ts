/**
 * "Read by N" end to end in real Chromium against the local signaling worker: Alice makes a
 * group with her friends Bob and Carol; Bob opens it and reads Alice's message, Carol does not.
 *
 * Stable test ids used here: read-by (data-count), read-by-sheet, read-by-read, read-by-unread,
 * read-by-person (data-peer), read-by-close, and those of groups.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { befriend, newPeer, onboard } from '../helpers/app';
import { chatRow, message, openChatFromList, openChats, send, type Person } from '../helpers/chat';

/** Group events and marks cross real WebRTC sessions: allow for reconnects. */
const SYNC = { timeout: 45_000 };

test('[E2E-GRP-20] Bob reads Alice’s group message: Alice sees “Read by 1”, and the list names Bob as read and Carol as not', async ({
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
    await alice.page.getByTestId('group-name').fill('Picnic');
    for (const friend of [bob, carol]) {
      await alice.page
        .locator(`[data-testid="group-pick-friend"][data-peer="${friend.id}"]`)
        .click();
    }
    await alice.page.getByTestId('group-create').click();
    await expect(alice.page.getByTestId('chat-screen')).toHaveAttribute('data-conv', /^g:/);
    await send(alice.page, 'Who brings the bread?');

    // Nobody has read it yet.
    const readBy = message(alice.page, 'Who brings the bread?').getByTestId('read-by');
    await expect(readBy).toHaveAttribute('data-count', '0');

    // Carol holds the group but does not open it; Bob opens it and reads. [GRP-50][GRP-53]
    await openChats(carol.page);
    await expect(chatRow(carol.page, 'Picnic')).toBeVisible(SYNC);
    await openChats(bob.page);
    await expect(chatRow(bob.page, 'Picnic')).toBeVisible(SYNC);
    await openChatFromList(bob.page, 'Picnic');
    await expect(message(bob.page, 'Who brings the bread?')).toBeVisible(SYNC);

    // [GRP-54] Alice sees it read by one, and who.
    await expect(readBy).toHaveAttribute('data-count', '1', SYNC);
    await expect(readBy).toHaveText('Read by 1');
    await readBy.click();
    const sheet = alice.page.getByTestId('read-by-sheet');
    await expect(sheet).toBeVisible();
    await expect(sheet.getByTestId('read-by-read').getByTestId('read-by-person')).toHaveAttribute(
      'data-peer',
      bob.id,
    );
    await expect(sheet.getByTestId('read-by-read')).toContainText('Bob');
    await expect(sheet.getByTestId('read-by-unread').getByTestId('read-by-person')).toHaveAttribute(
      'data-peer',
      carol.id,
    );
    await sheet.getByTestId('read-by-close').click();
    await expect(sheet).toBeHidden();
    await expect(readBy).toBeFocused();
  } finally {
    await Promise.all(peers.map((p) => p.context.close().catch(() => undefined)));
  }
});
