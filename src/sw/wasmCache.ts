/**
 * The lazily loaded wasm (the QR reader) is cached on first use instead of
 * precached: most visits never scan, and precaching would make every install
 * download it. One copy is kept: a new build's file has a new hashed name.
 */

/** The cache that holds it. */
export const WASM_CACHE = 'plume-wasm';

/** True for a built, hashed wasm asset of ours. */
export function isLazyWasm(pathname: string): boolean {
  return /^\/assets\/[^/]+\.wasm$/.test(pathname);
}

/**
 * A Workbox `cacheDidUpdate` callback: after `request` is stored, drop every
 * other entry of its cache, so old builds' copies do not pile up.
 */
export async function keepOnlyNewest({
  cacheName,
  request,
}: {
  cacheName: string;
  request: Request;
}): Promise<void> {
  const cache = await caches.open(cacheName);
  for (const old of await cache.keys()) {
    if (old.url !== request.url) await cache.delete(old);
  }
}
