/**
 * The desktop layout in real Chromium: from 900 px the chats list and the open chat share the
 * window; on a phone a chat still fills the screen.
 *
 * Stable test ids used here: panes, panes-chat, chat-select, chats-list, chat-row (data-conv),
 * chat-row-menu, chat-menu, and the chat ids of chat.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { befriend, newPeer, onboard } from '../helpers/app';
import { chatRow, openChatFromFriend, openChats, send, type Person } from '../helpers/chat';

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { width: 390, height: 844 };

test('[E2E-DESK-1] The two-pane layout at 1280 px, and the single pane at 390 px', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const peers = await Promise.all([0, 1, 2].map(() => newPeer(browser, DESKTOP)));
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
    for (const friend of ['Bob', 'Carol']) {
      await openChatFromFriend(alice.page, friend);
      await send(alice.page, `Hello ${friend}`);
    }
    const page = alice.page;

    // Chats at 1280 px: the list, and beside it an invitation to pick a chat.
    await openChats(page);
    await expect(page.getByTestId('panes')).toBeVisible();
    await expect(page.getByTestId('chat-select')).toBeVisible();
    const rows = page.getByTestId('chat-row');
    await expect(rows).toHaveCount(2);
    const order = await rows.getByTestId('chat-row-title').allTextContents();
    const [first, second] = order as [string, string];

    // Opening a chat keeps the list; the open row is marked, and only that one.
    await chatRow(page, first).getByRole('link').click();
    await expect(page.getByTestId('chat-title')).toHaveText(first);
    await expect(page.getByTestId('chats-list')).toBeVisible();
    await expect(chatRow(page, first).getByRole('link')).toHaveAttribute('aria-current', 'page');
    await expect(chatRow(page, second).getByRole('link')).not.toHaveAttribute('aria-current');
    const paneBox = await page.getByTestId('panes-chat').boundingBox();
    const listBox = await page.getByTestId('chats-list').boundingBox();
    expect(listBox!.x + listBox!.width).toBeLessThanOrEqual(paneBox!.x + 1);
    await expect(page.getByTestId('composer-input')).toBeVisible();

    // Down opens the next chat beside the list and leaves focus in the list; Up goes back.
    await chatRow(page, first).getByRole('link').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('chat-title')).toHaveText(second);
    await expect(chatRow(page, second).getByRole('link')).toHaveAttribute('aria-current', 'page');
    await expect(chatRow(page, second).getByRole('link')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByTestId('chat-title')).toHaveText(first);
    await expect(chatRow(page, first).getByRole('link')).toBeFocused();

    // Esc closes a menu.
    const menu = chatRow(page, first).getByTestId('chat-menu');
    await chatRow(page, first).getByTestId('chat-row-menu').click();
    await expect(menu).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();

    // At 390 px one pane: the list alone, and an open chat fills the screen without it.
    await page.setViewportSize(PHONE);
    await expect(page.getByTestId('panes')).toHaveCount(0);
    await expect(page.getByTestId('chat-screen')).toBeVisible();
    await expect(page.getByTestId('chats-list')).toHaveCount(0);
    await expect(page.getByTestId('nav-chats')).toBeHidden();
    await openChats(page);
    await expect(page.getByTestId('chat-select')).toHaveCount(0);
    await chatRow(page, second).getByRole('link').click();
    await expect(page.getByTestId('chat-title')).toHaveText(second);
    await expect(page.getByTestId('chats-list')).toHaveCount(0);
    await expect(page.getByTestId('chat-back')).toBeVisible();
  } finally {
    await Promise.all(peers.map((p) => p.context.close().catch(() => undefined)));
  }
});
