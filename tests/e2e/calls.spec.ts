/**
 * Voice and video calls, screen share and group calls, end to end in
 * real Chromium with fake camera, microphone and screen
 * (--use-fake-ui-for-media-stream --use-fake-device-for-media-stream, which
 * also answer getDisplayMedia with a fake 1280×720 screen), against the local
 * signaling worker. Three browser contexts = three installs, all friends.
 *
 * Instrumentation is test-only (tests/helpers/calls.ts, init scripts): tracks
 * returned by getUserMedia/getDisplayMedia and RTCPeerConnections are
 * recorded, and every page runs on Playwright's clock so that a test can let
 * the 45 s ring timeout pass without waiting for it.
 *
 * Stable test ids: chat-call-voice, chat-call-video (aria-disabled + reason),
 * friends-group-call, call-picker, call-pick-friend (data-peer), call-pick-voice,
 * call-pick-video, call-pick-add, call-screen (data-phase, data-media, data-group,
 * data-muted, data-camera-off, data-sharing), call-incoming, call-outgoing,
 * call-accept-voice, call-accept-video, call-decline, call-cancel, call-stage,
 * call-tile (data-peer, data-state, data-muted, data-camera-off, data-sharing,
 * data-speaking, data-video), call-remote-video, call-self, call-self-video,
 * call-duration, call-quality (data-level), call-mute, call-camera, call-switch,
 * call-share, call-add, call-hangup, call-minimize, call-mini, call-restore,
 * call-media-error (data-error), call-retry, call-ended (data-reason), call-close,
 * message-call (data-outcome, data-media, data-group), message-call-text, call-back.
 */
import { expect, test, type Page } from '@playwright/test';
import { openFriends } from '../helpers/app';
import { openChatFromFriend, type Person } from '../helpers/chat';
import {
  answer,
  callEntries,
  callFromChat,
  callScreen,
  callTrio,
  denyMediaOnce,
  expectNoCall,
  expectPlaying,
  frameSize,
  localTrackStates,
  peerConnections,
  receivedAudioEnergy,
  remoteVideo,
  RING_TIMEOUT_MS,
  sentVideo,
} from '../helpers/calls';

/** Window over which received audio energy is summed. */
const ENERGY_WINDOW_MS = 2_000;

test.describe.configure({ mode: 'serial' });

let alice: Person;
let bob: Person;
let carol: Person;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  [alice, bob, carol] = (await callTrio(browser)) as [Person, Person, Person];
});

test.afterAll(async () => {
  for (const person of [alice, bob, carol]) await person?.context.close();
});

/** The newest call entry of the chat with `who` on `page`. */
async function expectEntry(page: Page, who: string, outcome: string): Promise<void> {
  await openChatFromFriend(page, who);
  await expect(callEntries(page).last()).toHaveAttribute('data-outcome', outcome, {
    timeout: 30_000,
  });
}

test('[E2E-CALL-1] video call: both videos play, mute is heard, screen share swaps the track, hang-up stops every track', async () => {
  test.setTimeout(180_000);
  const a = alice.page;
  const b = bob.page;

  await test.step('A video-calls B and B answers with video: both remote videos play', async () => {
    await callFromChat(a, 'Bob', 'video');
    await expect(a.getByTestId('call-outgoing')).toBeVisible();
    await answer(b, 'video');
    await expectPlaying(remoteVideo(a, bob.id));
    await expectPlaying(remoteVideo(b, alice.id));
    await expect(callScreen(a)).toHaveAttribute('data-phase', 'active');
    await expect(a.getByTestId('call-duration')).toHaveText(/^\d+:\d\d$/);
    await expect(a.getByTestId('call-quality')).toHaveAttribute('data-level', /good|fair|poor/, {
      timeout: 20_000,
    });
    await expect(a.getByTestId('call-self-video')).toBeVisible();
    // The call as Alice sees it (docs/img/call.png, shown in the README).
    await a.screenshot({ path: 'docs/img/call.png' });
  });

  await test.step('A mutes: B receives no more audio energy and shows A muted', async () => {
    const loud = await receivedAudioEnergy(b, ENERGY_WINDOW_MS);
    expect(loud).toBeGreaterThan(0);
    await a.getByTestId('call-mute').click();
    await expect(callScreen(a)).toHaveAttribute('data-muted', 'true');
    const tile = b.locator(`[data-testid="call-tile"][data-peer="${alice.id}"]`);
    await expect(tile).toHaveAttribute('data-muted', 'true');
    await expect(tile.getByTestId('call-tile-muted')).toBeVisible();
    // Packets already in flight still carry sound: measure whole windows until one is quiet.
    let quiet = loud;
    await expect
      .poll(
        async () => {
          quiet = await receivedAudioEnergy(b, ENERGY_WINDOW_MS);
          return quiet;
        },
        { timeout: 15_000 },
      )
      .toBeLessThan(loud / 20);
    test
      .info()
      .annotations.push({ type: 'received audio energy', description: `${loud} → ${quiet}` });
    await a.getByTestId('call-mute').click();
    await expect(tile).toHaveAttribute('data-muted', 'false');
    await expect
      .poll(() => receivedAudioEnergy(b, ENERGY_WINDOW_MS), { timeout: 15_000 })
      .toBeGreaterThan(loud / 5);
  });

  await test.step('A shares the screen: the same connection now sends the screen (1280 wide), then the camera again', async () => {
    const before = { a: await peerConnections(a), b: await peerConnections(b) };
    expect(await sentVideo(a)).toContain('camera');
    await a.getByTestId('call-share').click();
    await expect(callScreen(a)).toHaveAttribute('data-sharing', 'true');
    await expect(b.locator(`[data-testid="call-tile"][data-peer="${alice.id}"]`)).toHaveAttribute(
      'data-sharing',
      'true',
    );
    // replaceTrack: the sender that carried the camera carries the screen, on the same connection.
    await expect.poll(() => sentVideo(a)).toContain('screen');
    expect(await sentVideo(a)).not.toContain('camera');
    // The fake screen is 1280×720; the camera is asked for 960×540 at most.
    await expect.poll(async () => (await frameSize(b, alice.id)).w, { timeout: 20_000 }).toBe(1280);
    await expectPlaying(remoteVideo(b, alice.id));
    expect(await peerConnections(a)).toEqual(before.a);
    expect(await peerConnections(b)).toEqual(before.b);
    await expect(callScreen(a)).toHaveAttribute('data-phase', 'active');

    await a.getByTestId('call-share').click();
    await expect(callScreen(a)).toHaveAttribute('data-sharing', 'false');
    await expect.poll(() => sentVideo(a)).toContain('camera');
    await expect
      .poll(async () => (await frameSize(b, alice.id)).w, { timeout: 20_000 })
      .toBeLessThanOrEqual(960);
    await expectPlaying(remoteVideo(b, alice.id));
    expect(await peerConnections(a)).toEqual(before.a);
    expect(await peerConnections(b)).toEqual(before.b);
  });

  await test.step('A hangs up: both screens close and every local track has stopped', async () => {
    await a.getByTestId('call-hangup').click();
    await expect(a.getByTestId('call-ended')).toBeVisible();
    await expectNoCall(a);
    await expectNoCall(b);
    for (const page of [a, b]) {
      const states = await localTrackStates(page);
      expect(states.length).toBeGreaterThan(0);
      expect(states.every((state) => state === 'ended')).toBe(true);
    }
  });

  await test.step('the call left an entry with its duration in both chats', async () => {
    await expectEntry(a, 'Bob', 'completed');
    await expect(a.getByTestId('message-call-text').last()).toHaveText(/Video call\s+\d+:\d\d/);
    await expectEntry(b, 'Alice', 'completed');
  });
});

test('[E2E-CALL-2] B declines: A is told, both chats show a declined call', async () => {
  test.setTimeout(90_000);
  await callFromChat(alice.page, 'Bob', 'voice');
  await expect(bob.page.getByTestId('call-incoming')).toBeVisible({ timeout: 30_000 });
  await expect(bob.page.getByTestId('call-accept-video')).toHaveCount(0); // a voice call
  await bob.page.getByTestId('call-decline').click();
  await expect(alice.page.getByTestId('call-ended')).toHaveAttribute('data-reason', 'declined');
  await expectNoCall(alice.page);
  await expectNoCall(bob.page);
  await expectEntry(alice.page, 'Bob', 'declined');
  await expectEntry(bob.page, 'Alice', 'declined');
  for (const page of [alice.page, bob.page]) {
    expect((await localTrackStates(page)).every((state) => state === 'ended')).toBe(true);
  }
});

test('[E2E-CALL-3] nobody answers: the ringing stops after the ring timeout, a missed call on both sides', async () => {
  test.setTimeout(90_000);
  await callFromChat(alice.page, 'Bob', 'video');
  await expect(bob.page.getByTestId('call-incoming')).toBeVisible({ timeout: 30_000 });
  const both = [alice.page, bob.page];
  // Most of the ring time passes on both clocks: still ringing on both sides.
  await Promise.all(both.map((page) => page.clock.fastForward(RING_TIMEOUT_MS - 5_000)));
  // A task later, whatever those timers did has rendered.
  for (const page of both) await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  await expect(alice.page.getByTestId('call-outgoing')).toBeVisible();
  await expect(bob.page.getByTestId('call-incoming')).toBeVisible();
  await expect(alice.page.getByTestId('call-ended')).toHaveCount(0);
  // The rest of it passes: the call is missed.
  await Promise.all(both.map((page) => page.clock.fastForward(5_000)));
  await expect(alice.page.getByTestId('call-ended')).toHaveAttribute('data-reason', 'missed', {
    timeout: 15_000,
  });
  await expect(bob.page.getByTestId('call-incoming')).toHaveCount(0, { timeout: 15_000 });
  await expectNoCall(alice.page);
  await expectNoCall(bob.page);
  await expectEntry(alice.page, 'Bob', 'missed');
  await expect(alice.page.getByTestId('message-call-text').last()).toContainText('No answer');
  await expectEntry(bob.page, 'Alice', 'missed');
  await expect(bob.page.getByTestId('message-call-text').last()).toContainText('Missed call');
});

test('[E2E-CALL-4] C calls B while B talks to A: C hears busy, A and B talk on; Escape minimizes', async () => {
  test.setTimeout(120_000);
  await callFromChat(alice.page, 'Bob', 'voice');
  await answer(bob.page, 'voice');
  await expect(callScreen(alice.page)).toHaveAttribute('data-phase', 'active', { timeout: 30_000 });

  await callFromChat(carol.page, 'Bob', 'voice');
  await expect(carol.page.getByTestId('call-ended')).toHaveAttribute('data-reason', 'busy', {
    timeout: 30_000,
  });
  await expect(bob.page.getByTestId('call-incoming')).toHaveCount(0);
  await expect(callScreen(bob.page)).toHaveAttribute('data-phase', 'active');
  await expect(callScreen(alice.page)).toHaveAttribute('data-phase', 'active');
  await expectNoCall(carol.page);
  await expectEntry(carol.page, 'Bob', 'busy');

  // Escape minimizes a running call to a bar (the app stays usable); the bar brings it back.
  await bob.page.keyboard.press('Escape');
  await expect(bob.page.getByTestId('call-mini')).toBeVisible();
  await expect(callScreen(bob.page)).toHaveAttribute('data-phase', 'active');
  await bob.page.getByTestId('call-restore').click();
  await expect(bob.page.getByTestId('call-stage')).toBeVisible();

  await alice.page.getByTestId('call-hangup').click();
  await expectNoCall(alice.page);
  await expectNoCall(bob.page);
});

test('[E2E-CALL-5] group call of three: each sees two remote streams; one leaves, two stay', async () => {
  test.setTimeout(180_000);
  const everyone = [alice, bob, carol];
  await openFriends(alice.page);
  await alice.page.getByTestId('friends-group-call').click();
  const picker = alice.page.getByTestId('call-picker');
  await expect(picker).toBeVisible();
  for (const person of [bob, carol]) {
    await picker.locator(`[data-testid="call-pick-friend"][data-peer="${person.id}"]`).click();
  }
  await picker.getByTestId('call-pick-video').click();
  await answer(bob.page, 'video');
  await answer(carol.page, 'video');

  for (const me of everyone) {
    for (const other of everyone) {
      if (other !== me) await expectPlaying(remoteVideo(me.page, other.id));
    }
    await expect(me.page.getByTestId('call-tile')).toHaveCount(2);
    await expect(callScreen(me.page)).toHaveAttribute('data-group', 'true');
  }

  await carol.page.getByTestId('call-hangup').click();
  await expectNoCall(carol.page);
  for (const [me, other] of [
    [alice, bob],
    [bob, alice],
  ] as const) {
    await expect(remoteVideo(me.page, carol.id)).toHaveCount(0, { timeout: 20_000 });
    await expect(callScreen(me.page)).toHaveAttribute('data-phase', 'active');
    await expectPlaying(remoteVideo(me.page, other.id));
  }
  expect((await localTrackStates(carol.page)).every((state) => state === 'ended')).toBe(true);

  await alice.page.getByTestId('call-hangup').click();
  await expectNoCall(alice.page);
  await expectNoCall(bob.page);
});

test('[E2E-CALL-6] A adds C to a running call with B', async () => {
  test.setTimeout(150_000);
  await callFromChat(alice.page, 'Bob', 'video');
  await answer(bob.page, 'voice');
  await expectPlaying(remoteVideo(bob.page, alice.id));
  await expect(callScreen(alice.page)).toHaveAttribute('data-phase', 'active');

  await alice.page.getByTestId('call-add').click();
  const picker = alice.page.getByTestId('call-picker');
  await expect(picker.locator(`[data-peer="${bob.id}"]`)).toHaveCount(0); // already in the call
  await picker
    .locator(`[data-testid="call-pick-friend"][data-peer="${carol.id}"]`)
    .getByTestId('call-pick-add')
    .click();
  await answer(carol.page, 'video');
  await expectPlaying(remoteVideo(carol.page, alice.id));
  await expect(
    carol.page.locator(`[data-testid="call-tile"][data-peer="${bob.id}"]`),
  ).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expectPlaying(remoteVideo(alice.page, carol.id));
  await expectPlaying(remoteVideo(bob.page, carol.id));

  // A leaves: B and C stay. B leaves: C is alone, so the call ends for C too.
  await alice.page.getByTestId('call-hangup').click();
  await expectNoCall(alice.page);
  await expectPlaying(remoteVideo(bob.page, carol.id));
  await bob.page.getByTestId('call-hangup').click();
  for (const person of [alice, bob, carol]) await expectNoCall(person.page);
});

test('[E2E-CALL-7] a refused camera and microphone is explained, and Retry recovers on both sides', async () => {
  test.setTimeout(120_000);
  // The caller's prompt is refused: the call ends with the reason and a Retry that rings again.
  await denyMediaOnce(alice.page);
  await callFromChat(alice.page, 'Bob', 'video');
  const ended = alice.page.getByTestId('call-ended');
  await expect(ended).toHaveAttribute('data-reason', 'permission');
  await expect(ended).toContainText('may not use your camera or microphone');
  await expect(bob.page.getByTestId('call-incoming')).toHaveCount(0);
  await alice.page.getByTestId('call-retry').click();

  // The callee's prompt is refused on answering: the ring stays, with the reason and Retry.
  await expect(bob.page.getByTestId('call-incoming')).toBeVisible({ timeout: 30_000 });
  await denyMediaOnce(bob.page);
  await bob.page.getByTestId('call-accept-video').click();
  const problem = bob.page.getByTestId('call-media-error');
  await expect(problem).toHaveAttribute('data-error', 'permission');
  await expect(problem).toHaveRole('alert');
  await problem.getByTestId('call-retry').click();
  await expectPlaying(remoteVideo(alice.page, bob.id));
  await expectPlaying(remoteVideo(bob.page, alice.id));
  await expect(problem).toHaveCount(0);

  await bob.page.getByTestId('call-hangup').click();
  await expectNoCall(alice.page);
  await expectNoCall(bob.page);
});

test('[E2E-CALL-9] A and B call each other at the same moment: one call, nobody has to answer', async () => {
  test.setTimeout(120_000);
  const a = alice.page;
  const b = bob.page;
  await openChatFromFriend(a, 'Bob');
  await openChatFromFriend(b, 'Alice');
  const before = [await callEntries(a).count(), await callEntries(b).count()];
  const buttons = [a.getByTestId('chat-call-voice'), b.getByTestId('chat-call-voice')];
  for (const button of buttons) {
    await expect(button).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
  }
  // [CALL-3] Both press Call before either ring arrives: the calls cross and become one. The
  // presses are dispatched straight to the buttons: a pointer click first waits for the button to
  // be stable and hit-testable, and on a loaded machine the other side's ring can arrive in that
  // wait, open the modal call screen over the button and hold the press back until it rings out.
  await Promise.all(buttons.map((button) => button.dispatchEvent('click')));
  for (const page of [a, b]) {
    await expect(callScreen(page)).toHaveAttribute('data-phase', 'active', { timeout: 30_000 });
    await expect(page.getByTestId('call-ended')).toHaveCount(0);
  }
  await a.getByTestId('call-hangup').click();
  await expectNoCall(a);
  await expectNoCall(b);
  // One completed call in the chat, on both sides: no busy, no cancelled second call.
  await expectEntry(a, 'Bob', 'completed');
  await expectEntry(b, 'Alice', 'completed');
  await expect(callEntries(a)).toHaveCount(before[0]! + 1);
  await expect(callEntries(b)).toHaveCount(before[1]! + 1);
});

test('[E2E-CALL-8] with the friend offline the call buttons say why and start nothing', async () => {
  test.setTimeout(60_000);
  await carol.page.close();
  await openChatFromFriend(alice.page, 'Carol');
  const button = alice.page.getByTestId('chat-call-video');
  await expect(button).toHaveAttribute('aria-disabled', 'true', { timeout: 45_000 });
  await expect(button).toHaveAccessibleDescription(/Carol is offline/);
  // Still focusable (aria-disabled, not disabled), so keyboard users reach the reason too.
  await button.focus();
  await alice.page.keyboard.press('Enter');
  await expect(alice.page.locator('.toast')).toContainText('Carol is offline');
  await expect(callScreen(alice.page)).toHaveCount(0);
});
