/**
 * Group relay and ownership end to end in real Chromium against the local signaling worker:
 * three installs, Alice is friends with Bob and with Carol, who are not friends with each other.
 *
 * An install goes offline by closing its only page: nothing of it runs, so nobody can reach it.
 * Its browser context (its IndexedDB, its identity) stays, and a new page in it is the same
 * install coming back.
 *
 * Stable test ids used here: those of groups.spec.ts, plus group-leave, member-actions,
 * member-transfer, confirm-ok, group-readonly, system-line, composer-input.
 */
import { expect, test, type Page } from '@playwright/test';
import { waitOnline } from '../helpers/app';
import { message, messageTexts, openChatFromList, send, type Person } from '../helpers/chat';
import { makeGroup, RETURN, SYNC, trio } from '../helpers/groups';

/** The sender label `reader` shows for `sender`: a friend by name, else the start of the id. */
function label(reader: Person, sender: Person, friendsOfReader: Person[]): string {
  return friendsOfReader.includes(sender) ? `${sender.name}: ` : `${sender.id.slice(0, 8)}…: `;
}

/** Confirm the dialog that is open (the info screen keeps the closed ones in the DOM too). */
async function confirm(page: Page): Promise<void> {
  await page.locator('[data-testid="confirm-dialog"][open]').getByTestId('confirm-ok').click();
}

/** The member rows of the open group info screen. */
function memberRow(page: Page, id: string) {
  return page.locator(`[data-testid="group-member"][data-peer="${id}"]`);
}

test('[E2E-GRP-40] Carol is offline while Alice and Bob write; Alice goes offline; Carol comes back and Bob relays all of it to her', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const [alice, bob, carol] = await trio(browser);
  try {
    await makeGroup(alice, [bob, carol], 'Relay', 'Welcome to Relay!');

    // Carol goes offline: her only page closes; her install (context) keeps its data.
    await carol.page.close();

    // Alice and Bob write in turn; each sees the other's, so Bob holds Alice's messages.
    const written: [string, Person][] = [
      ['Alice one', alice],
      ['Bob one', bob],
      ['Alice two', alice],
      ['Bob two', bob],
    ];
    for (const [text, author] of written) {
      await send(author.page, text);
      const other = author === alice ? bob : alice;
      await expect(message(other.page, text)).toBeVisible(SYNC);
    }
    const all = ['Welcome to Relay!', ...written.map(([text]) => text)];
    await expect.poll(() => messageTexts(bob.page), SYNC).toEqual(all);

    // Alice goes offline too: from now on only Bob holds her messages for Carol.
    await alice.page.close();

    // Carol comes back with her stored identity; Bob, whom she only knows from the roster,
    // brings her everything.
    carol.page = await carol.context.newPage();
    await carol.page.goto('/');
    await waitOnline(carol.page);
    await openChatFromList(carol.page, 'Relay');
    await expect.poll(() => messageTexts(carol.page), RETURN).toEqual(all);
    for (const [text, author] of written) {
      await expect(message(carol.page, text).getByTestId('message-sender')).toHaveText(
        label(carol, author, [alice]),
      );
    }
  } finally {
    await Promise.all([alice, bob, carol].map((p) => p.context.close().catch(() => undefined)));
  }
});

test('[E2E-GRP-41] Alice makes Bob the owner and leaves; Bob is owner for Bob and Carol; Alice can no longer write; Bob and Carol keep chatting', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const [alice, bob, carol] = await trio(browser);
  try {
    await makeGroup(alice, [bob, carol], 'Handover', 'Hello all');

    // Alice hands the group to Bob from the member list, then leaves.
    await alice.page.getByTestId('group-info-open').click();
    await memberRow(alice.page, bob.id).getByTestId('member-actions').click();
    await alice.page.getByTestId('member-transfer').click();
    await confirm(alice.page);
    await expect(memberRow(alice.page, bob.id)).toHaveAttribute('data-role', 'owner');
    await expect(memberRow(alice.page, alice.id)).toHaveAttribute('data-role', 'member');
    await alice.page.getByTestId('group-leave').click();
    await confirm(alice.page);
    await expect(alice.page.getByTestId('chats-screen')).toBeVisible();

    // Bob and Carol see Bob as owner and Alice gone.
    for (const member of [bob, carol]) {
      await member.page.getByTestId('group-info-open').click();
      await expect(member.page.getByTestId('group-member')).toHaveCount(2, SYNC);
      await expect(memberRow(member.page, bob.id)).toHaveAttribute('data-role', 'owner', SYNC);
      await expect(memberRow(member.page, carol.id)).toHaveAttribute('data-role', 'member');
      await expect(memberRow(member.page, alice.id)).toHaveCount(0);
      await member.page.goBack();
      await expect(
        member.page.getByTestId('system-line').filter({ hasText: 'Alice left the group' }),
      ).toBeVisible(SYNC);
    }

    // Alice's chat says she left, and offers no composer.
    await openChatFromList(alice.page, 'Handover');
    await expect(
      alice.page.getByTestId('system-line').filter({ hasText: 'You left the group' }),
    ).toBeVisible();
    await expect(alice.page.getByTestId('group-readonly')).toBeVisible();
    await expect(alice.page.getByTestId('composer-input')).toHaveCount(0);

    // Bob and Carol keep chatting without her.
    await send(bob.page, 'Still here');
    await expect(message(carol.page, 'Still here')).toBeVisible(SYNC);
    await send(carol.page, 'Me too');
    await expect(message(bob.page, 'Me too')).toBeVisible(SYNC);
  } finally {
    await Promise.all([alice, bob, carol].map((p) => p.context.close().catch(() => undefined)));
  }
});
