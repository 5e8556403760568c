/** Helpers for the group end-to-end tests: three installs and a group made through the UI. */
import { expect, type Browser } from '@playwright/test';
import { befriend, newPeer, onboard } from './app';
import { chatRow, message, openChatFromList, openChats, send, type Person } from './chat';

/** Group events cross real WebRTC sessions, some opened by the roster: allow for reconnects. */
export const SYNC = { timeout: 45_000 };
/** A member coming back dials and is dialled with backoff before the relay can start. */
export const RETURN = { timeout: 90_000 };

/** Alice, Bob and Carol onboarded; Alice befriends both (Bob and Carol are no friends). */
export async function trio(browser: Browser): Promise<[Person, Person, Person]> {
  const peers = await Promise.all([newPeer(browser), newPeer(browser), newPeer(browser)]);
  const names = ['Alice', 'Bob', 'Carol'] as const;
  const ids = await Promise.all(peers.map((p, i) => onboard(p.page, names[i]!)));
  const people = peers.map((p, i): Person => ({ ...p, name: names[i]!, id: ids[i]! })) as [
    Person,
    Person,
    Person,
  ];
  await befriend(people[0], people[1]);
  await befriend(people[0], people[2]);
  return people;
}

/** `owner` creates group `name` with `members` through the UI and greets; all open it. */
export async function makeGroup(owner: Person, members: Person[], name: string, greeting: string) {
  await openChats(owner.page);
  await owner.page.getByTestId('new-group-open').click();
  await owner.page.getByTestId('group-name').fill(name);
  for (const friend of members) {
    await owner.page.locator(`[data-testid="group-pick-friend"][data-peer="${friend.id}"]`).click();
  }
  await owner.page.getByTestId('group-create').click();
  await expect(owner.page.getByTestId('chat-screen')).toHaveAttribute('data-conv', /^g:/);
  await send(owner.page, greeting);
  for (const member of members) {
    await openChats(member.page);
    await expect(chatRow(member.page, name)).toBeVisible(SYNC);
    await openChatFromList(member.page, name);
    await expect(message(member.page, greeting)).toBeVisible(SYNC);
  }
}
