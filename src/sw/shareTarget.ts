/**
 * The share target's route ([SHARE-1], [SHARE-3]): the service worker reads the posted form,
 * stores what was shared in the share inbox and only then answers, with a redirect to the
 * app's share route (the chat picker), or to `#/share/<reason>` when it was refused. Nothing
 * is answered before the share is stored, so closing the app right after loses nothing.
 */
import type { SharedItems, ShareRefusal } from '../lib/share';
import { declaredTooLarge, readShareForm } from '../lib/share';

/** Stores a share (the share inbox in the worker, an in-memory one in tests). */
export type StoreShare = (items: SharedItems, at: number) => Promise<unknown>;

/** Read, bound and store a shared request; the refusal, or null once stored. */
export async function storeSharedRequest(
  request: Request,
  store: StoreShare,
  now: number,
): Promise<ShareRefusal | null> {
  if (declaredTooLarge(request.headers.get('content-length'))) return 'too-large';
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return 'malformed';
  }
  const reading = readShareForm(form);
  if (!reading.ok) return reading.reason;
  try {
    await store(reading.items, now);
  } catch {
    return 'storage';
  }
  return null;
}

/** The app route a share lands on. */
export function shareLanding(requestUrl: string, refusal: ShareRefusal | null): string {
  return new URL(refusal ? `/#/share/${refusal}` : '/#/share', requestUrl).href;
}

/** [SHARE-3] Answer a share target POST: stored first, then "see other" the app's share route. */
export async function receiveShare(
  request: Request,
  store: StoreShare,
  now: number,
): Promise<Response> {
  const refusal = await storeSharedRequest(request, store, now);
  return Response.redirect(shareLanding(request.url, refusal), 303);
}
