import { signal } from '@preact/signals';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import type { CallSnapshot } from '../../../peers/calls/api';
import { loadStrings } from '../../i18n';
import { CALL_NOTIFICATION_TAG, watchIncomingCalls } from './callsNotify';
import { people, type FriendView } from '../../friends/models/friends';
import { notificationsEnabled } from '../../shell/models/settings';

const BOB = 'b'.repeat(32) as PeerId;

function snapshot(phase: CallSnapshot['phase'], extra: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    phase,
    id: 'call-1',
    media: 'video',
    caller: BOB,
    group: false,
    conv: null,
    participants: [],
    local: null,
    muted: false,
    cameraOff: false,
    sharing: false,
    facing: 'user',
    startedAt: null,
    endReason: null,
    mediaError: null,
    speaking: false,
    ...extra,
  };
}

/** A page whose visibility the test sets, with a service worker registration that records. */
function fakePage() {
  const listeners = new Set<() => void>();
  const page = {
    visibilityState: 'hidden' as DocumentVisibilityState,
    addEventListener: (_type: string, fn: () => void) => listeners.add(fn),
    removeEventListener: (_type: string, fn: () => void) => listeners.delete(fn),
  };
  const shown: Array<{ title: string; options: NotificationOptions; closed: boolean }> = [];
  const registration = {
    showNotification: (title: string, options: NotificationOptions) => {
      shown.push({ title, options, closed: false });
      return Promise.resolve();
    },
    getNotifications: ({ tag }: { tag: string }) =>
      Promise.resolve(
        shown
          .filter((n) => !n.closed && n.options.tag === tag)
          .map((n) => ({ close: () => (n.closed = true) })),
      ),
  };
  vi.stubGlobal('document', page);
  vi.stubGlobal('Notification', { permission: 'granted' });
  vi.stubGlobal('navigator', {
    serviceWorker: { getRegistration: () => Promise.resolve(registration) },
  });
  const setVisible = (visible: boolean) => {
    page.visibilityState = visible ? 'visible' : 'hidden';
    for (const fn of listeners) fn();
  };
  return { shown, setVisible };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('incoming call notifications', () => {
  beforeAll(() => loadStrings('calls'));
  beforeEach(() => {
    notificationsEnabled.value = true;
    people.value = [{ id: BOB, title: 'Bob' } as FriendView];
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    people.value = [];
  });

  it('notifies a ring while hidden, and turns it into a missed call when it rings out', async () => {
    const { shown } = fakePage();
    const call = signal<CallSnapshot | null>(snapshot('idle', { id: null }));
    const stop = watchIncomingCalls(call);
    call.value = snapshot('incoming');
    call.value = snapshot('incoming', { participants: [] }); // a new snapshot, same call
    await settle();
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe('Incoming video call');
    expect(shown[0]?.options).toMatchObject({ body: 'Bob', tag: CALL_NOTIFICATION_TAG });
    call.value = snapshot('ended', { endReason: 'missed' });
    await settle();
    expect(shown.map((n) => n.title)).toEqual(['Incoming video call', 'Missed call']);
    stop();
  });

  it('removes the notification when the call is answered', async () => {
    const { shown, setVisible } = fakePage();
    const call = signal<CallSnapshot | null>(snapshot('incoming', { media: 'audio' }));
    const stop = watchIncomingCalls(call);
    await settle();
    expect(shown[0]?.title).toBe('Incoming voice call');
    setVisible(true);
    call.value = snapshot('connecting');
    await settle();
    expect(shown).toHaveLength(1);
    expect(shown[0]?.closed).toBe(true);
    stop();
  });

  it('stays quiet while the page is visible, until it is hidden mid-ring', async () => {
    const { shown, setVisible } = fakePage();
    setVisible(true);
    const call = signal<CallSnapshot | null>(snapshot('incoming'));
    const stop = watchIncomingCalls(call);
    await settle();
    expect(shown).toHaveLength(0);
    setVisible(false);
    await settle();
    expect(shown).toHaveLength(1);
    stop();
  });

  it('shows nothing with notifications turned off in settings', async () => {
    const { shown } = fakePage();
    notificationsEnabled.value = false;
    const stop = watchIncomingCalls(signal<CallSnapshot | null>(snapshot('incoming')));
    await settle();
    expect(shown).toHaveLength(0);
    stop();
  });
});
