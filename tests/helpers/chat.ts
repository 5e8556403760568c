/** Helpers for the chat end-to-end tests. */
import {
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from '@playwright/test';
import { befriend, friendRow, gotoHash, newPeer, onboard, openFriends } from './app';

export interface Person {
  context: BrowserContext;
  page: Page;
  name: string;
  id: string;
}

/** Two fresh installs, onboarded as `names` and made friends (both online). */
export async function chatPair(
  browser: Browser,
  names: [string, string] = ['Alice', 'Bob'],
  options: BrowserContextOptions = {},
): Promise<[Person, Person]> {
  const [pa, pb] = await Promise.all([newPeer(browser, options), newPeer(browser, options)]);
  const [ida, idb] = await Promise.all([onboard(pa.page, names[0]), onboard(pb.page, names[1])]);
  const a: Person = { ...pa, name: names[0], id: ida };
  const b: Person = { ...pb, name: names[1], id: idb };
  await befriend(a, b);
  return [a, b];
}

/** Open the chat with `title` from their friend page ("Message"). */
export async function openChatFromFriend(page: Page, title: string): Promise<void> {
  await openFriends(page);
  await friendRow(page, title).first().click();
  await page.getByTestId('friend-message').click();
  await expect(page.getByTestId('chat-screen')).toBeVisible();
  await expect(page.getByTestId('chat-title')).toHaveText(title);
}

/** The chats-list row of the chat with `title`. */
export function chatRow(page: Page, title: string): Locator {
  return page
    .getByTestId('chat-row')
    .filter({ has: page.getByTestId('chat-row-title').getByText(title, { exact: true }) });
}

/** Open the Chats tab. */
export async function openChats(page: Page): Promise<void> {
  await gotoHash(page, '#/chats');
  await expect(page.getByTestId('chats-screen')).toBeVisible();
}

/** Open the chat with `title` from the chats list. */
export async function openChatFromList(page: Page, title: string): Promise<void> {
  await openChats(page);
  await chatRow(page, title).first().getByRole('link').click();
  await expect(page.getByTestId('chat-title')).toHaveText(title);
}

/** Type `text` in the composer and press Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

/** Messages in the open chat, in display order. */
export function messages(page: Page): Locator {
  return page.getByTestId('message');
}

/** The message in the open chat whose text is exactly `text`. */
export function message(page: Page, text: string): Locator {
  return page
    .getByTestId('message')
    .filter({ has: page.getByTestId('message-text').getByText(text, { exact: true }) });
}

/** The texts of the messages on screen, in order. */
export async function messageTexts(page: Page): Promise<string[]> {
  return page.getByTestId('message-text').allTextContents();
}

/** Open the actions menu of `msg` and choose `action` (e.g. 'action-edit', or 'action-react' with `emoji`). */
export async function messageAction(
  page: Page,
  msg: Locator,
  action: string,
  emoji?: string,
): Promise<void> {
  await msg.hover();
  await msg.getByTestId('message-actions').click();
  const menu = page.getByTestId('message-menu');
  await expect(menu).toBeVisible();
  const item = menu.getByTestId(action);
  await (emoji ? item.and(menu.locator(`[data-emoji="${emoji}"]`)) : item.first()).click();
  await expect(menu).toBeHidden();
}
