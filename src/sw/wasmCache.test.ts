import { afterEach, describe, expect, it, vi } from 'vitest';
import { isLazyWasm, keepOnlyNewest } from './wasmCache';

describe('isLazyWasm', () => {
  it('matches built wasm assets only', () => {
    expect(isLazyWasm('/assets/zxing_reader-Ab12.wasm')).toBe(true);
    for (const path of [
      '/zxing_reader.wasm',
      '/assets/x.wasm.map',
      '/assets/a/b.wasm',
      '/peerjs',
    ]) {
      expect(isLazyWasm(path), path).toBe(false);
    }
  });
});

describe('keepOnlyNewest', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('drops every other copy from the cache', async () => {
    const entries = ['/assets/old.wasm', '/assets/new.wasm', '/assets/older.wasm'].map(
      (path) => new Request(`https://plume.test${path}`),
    );
    const stored = new Map(entries.map((request) => [request.url, request]));
    vi.stubGlobal('caches', {
      open: () =>
        Promise.resolve({
          keys: () => Promise.resolve([...stored.values()]),
          delete: (request: Request) => Promise.resolve(stored.delete(request.url)),
        }),
    });
    await keepOnlyNewest({ cacheName: 'plume-wasm', request: entries[1] as Request });
    expect([...stored.keys()]).toEqual(['https://plume.test/assets/new.wasm']);
  });
});
