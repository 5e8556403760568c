import { describe, expect, it, vi } from 'vitest';
import type { SharedItems } from '../lib/share';
import { MAX_SHARE_BYTES } from '../lib/share';
import { receiveShare, storeSharedRequest } from './shareTarget';

const url = 'https://plume.test/share';

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: 'POST', body, headers });
}

function memoryStore() {
  const stored: SharedItems[] = [];
  return { stored, store: (items: SharedItems) => Promise.resolve(void stored.push(items)) };
}

describe('the share route [SHARE-3]', () => {
  it('[SHARE-3] stores the share before answering, then sends the app to the picker', async () => {
    const data = new FormData();
    data.append('text', 'look');
    data.append('files', new File(['bytes'], 'p.png', { type: 'image/png' }));
    const stored: SharedItems[] = [];
    let release: () => void = () => undefined;
    let asked = false;
    const store = (items: SharedItems) =>
      new Promise<void>((resolve) => {
        asked = true;
        release = () => {
          stored.push(items);
          resolve();
        };
      });
    let answered = false;
    const pending = receiveShare(post(data), store, 1).then((r) => {
      answered = true;
      return r;
    });
    // The store was asked and has not finished: no answer yet.
    await vi.waitFor(() => expect(asked).toBe(true));
    expect(answered).toBe(false);
    release();
    const response = await pending;
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://plume.test/#/share');
    expect(stored.map((s) => s.text)).toEqual(['look']);
    expect(await stored[0]?.files[0]?.blob.text()).toBe('bytes');
  });

  it('[SHARE-3] malformed form data is refused with its reason, nothing stored', async () => {
    const { stored, store } = memoryStore();
    const response = await receiveShare(
      post('not a form', { 'content-type': 'multipart/form-data; boundary=zzz' }),
      store,
      1,
    );
    expect(response.headers.get('location')).toBe('https://plume.test/#/share/malformed');
    expect(
      await storeSharedRequest(post('x=1&y', { 'content-type': 'text/plain' }), store, 1),
    ).toBe('malformed');
    expect(stored).toEqual([]);
  });

  it('[SHARE-2] a request announcing too many bytes is refused before it is read', async () => {
    const { stored, store } = memoryStore();
    const request = post('whatever', { 'content-length': String(MAX_SHARE_BYTES * 2) });
    expect(await storeSharedRequest(request, store, 1)).toBe('too-large');
    expect(request.bodyUsed).toBe(false);
    expect(stored).toEqual([]);
  });

  it('[SHARE-3] a share that cannot be stored says so', async () => {
    const data = new FormData();
    data.append('text', 'hi');
    const failing = () => Promise.reject(new Error('QuotaExceededError'));
    expect(await storeSharedRequest(post(data), failing, 1)).toBe('storage');
  });
});
