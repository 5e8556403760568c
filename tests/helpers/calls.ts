/**
 * Helpers for the call end-to-end tests. Instrumentation lives here,
 * in init scripts, never in the app: every track getUserMedia/getDisplayMedia
 * returned and every RTCPeerConnection the page made are recorded in
 * `window.__callProbe`. Each page also runs on Playwright's clock, which flows
 * with real time until a test jumps it (the ring timeout is 45 s, so a test
 * that lets a call go unanswered fast-forwards instead of waiting).
 */
import {
  expect,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { befriend, newPeer, onboard } from './app';
import { openChatFromFriend, type Person } from './chat';

/** What the init script records in each page. */
interface CallProbe {
  tracks: MediaStreamTrack[];
  pcs: RTCPeerConnection[];
  /** Refuse this many coming getUserMedia calls as a blocked permission prompt would. */
  deny: number;
}
declare global {
  interface Window {
    __callProbe?: CallProbe;
  }
}

/** The app's ring timeout (mirrors RING_TIMEOUT_MS in src/peers/calls/api.ts). */
export const RING_TIMEOUT_MS = 45_000;

/** Runs in the page before the app: record tracks and peer connections. */
function probe(): void {
  const record: CallProbe = { tracks: [], pcs: [], deny: 0 };
  window.__callProbe = record;
  const devices = navigator.mediaDevices;
  if (devices) {
    const gum = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      if (record.deny > 0) {
        record.deny--;
        throw new DOMException('Permission denied', 'NotAllowedError');
      }
      const stream = await gum(constraints);
      record.tracks.push(...stream.getTracks());
      return stream;
    };
    const gdm = devices.getDisplayMedia.bind(devices);
    devices.getDisplayMedia = async (options) => {
      const stream = await gdm(options);
      record.tracks.push(...stream.getTracks());
      return stream;
    };
  }
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      record.pcs.push(this);
    }
  };
}

/**
 * The next getUserMedia in `page` fails as if the user blocked the camera and microphone
 * (the fake-UI flag grants every prompt, so a refusal has to be simulated).
 */
export async function denyMediaOnce(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (window.__callProbe) window.__callProbe.deny = 1;
  });
}

/**
 * Record media and peer connections in every page of `context`, and put its
 * pages on Playwright's clock (installed before the app loads, so every part
 * of the app reads the same clock).
 */
export async function instrumentCalls(context: BrowserContext): Promise<void> {
  await context.addInitScript(probe);
  await context.clock.install();
}

/** Three installs (Alice, Bob, Carol), instrumented, onboarded, all friends of each other. */
export async function callTrio(browser: Browser): Promise<Person[]> {
  const names = ['Alice', 'Bob', 'Carol'];
  const peers = await Promise.all(names.map(() => newPeer(browser)));
  for (const peer of peers) await instrumentCalls(peer.context);
  const ids = await Promise.all(peers.map((peer, i) => onboard(peer.page, names[i] ?? '')));
  const people: Person[] = peers.map((peer, i) => ({
    ...peer,
    name: names[i] ?? '',
    id: ids[i] ?? '',
  }));
  const [a, b, c] = people as [Person, Person, Person];
  await befriend(a, b);
  await befriend(a, c);
  await befriend(b, c);
  return people;
}

/** The call screen of `page`. */
export function callScreen(page: Page): Locator {
  return page.getByTestId('call-screen');
}

/** The remote video of `peer` in `page`'s call. */
export function remoteVideo(page: Page, peer: string): Locator {
  return page.locator(
    `[data-testid="call-tile"][data-peer="${peer}"] [data-testid="call-remote-video"]`,
  );
}

/** Open the chat with `who` and press its voice or video call button once calls are ready. */
export async function callFromChat(
  page: Page,
  who: string,
  media: 'voice' | 'video',
): Promise<void> {
  await openChatFromFriend(page, who);
  const button = page.getByTestId(`chat-call-${media}`);
  await expect(button).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
  await button.click();
}

/** Wait until `page` rings and answer with `media`. */
export async function answer(page: Page, media: 'voice' | 'video'): Promise<void> {
  await expect(page.getByTestId('call-incoming')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId(`call-accept-${media}`).click();
}

/** True once the video shows frames that advance (videoWidth > 0 and currentTime moves). */
async function playing(video: Locator): Promise<boolean> {
  return video.evaluate(async (el) => {
    const v = el as HTMLVideoElement;
    if (v.videoWidth === 0 || v.paused) return false;
    const before = v.currentTime;
    await new Promise((resolve) => setTimeout(resolve, 400));
    return v.videoWidth > 0 && v.currentTime > before;
  });
}

/** Wait until `video` is playing. */
export async function expectPlaying(video: Locator): Promise<void> {
  await expect.poll(() => playing(video), { timeout: 30_000 }).toBe(true);
}

/** The remote video's frame size in `page` for `peer`. */
export async function frameSize(page: Page, peer: string): Promise<{ w: number; h: number }> {
  return remoteVideo(page, peer).evaluate((el) => {
    const v = el as HTMLVideoElement;
    return { w: v.videoWidth, h: v.videoHeight };
  });
}

/**
 * Audio energy received over `ms` on every live peer connection of `page`
 * (the increase of inbound-rtp totalAudioEnergy): about 0 when the sender is
 * muted, clearly above with the fake microphone's beeps.
 */
export async function receivedAudioEnergy(page: Page, ms: number): Promise<number> {
  return page.evaluate(async (windowMs) => {
    const total = async () => {
      let sum = 0;
      for (const pc of window.__callProbe?.pcs ?? []) {
        if (pc.connectionState === 'closed') continue;
        const stats = await pc.getStats();
        stats.forEach((s: { type?: string; kind?: string; totalAudioEnergy?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') sum += s.totalAudioEnergy ?? 0;
        });
      }
      return sum;
    };
    const before = await total();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    return (await total()) - before;
  }, ms);
}

/**
 * What the video senders of `page`'s open peer connections carry: 'screen' for a
 * display-capture track, 'camera' for a camera track, 'none' for an empty sender.
 */
export async function sentVideo(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window.__callProbe?.pcs ?? [])
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getTransceivers())
      .filter((tr) => tr.receiver.track.kind === 'video' && tr.currentDirection !== 'stopped')
      .map(({ sender }) => {
        if (!sender.track) return 'none';
        return sender.track.getSettings().displaySurface ? 'screen' : 'camera';
      }),
  );
}

/** Peer connections `page` ever made, and how many are not closed. */
export async function peerConnections(page: Page): Promise<{ made: number; open: number }> {
  return page.evaluate(() => {
    const pcs = window.__callProbe?.pcs ?? [];
    return { made: pcs.length, open: pcs.filter((pc) => pc.connectionState !== 'closed').length };
  });
}

/** States of every track getUserMedia/getDisplayMedia returned in `page`. */
export async function localTrackStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window.__callProbe?.tracks ?? []).map((t) => t.readyState));
}

/** Wait until the call screen is gone (ended screen dismissed by itself). */
export async function expectNoCall(page: Page): Promise<void> {
  await expect(callScreen(page)).toHaveCount(0, { timeout: 20_000 });
}

/** The call entries in the open chat. */
export function callEntries(page: Page): Locator {
  return page.getByTestId('message-call');
}
