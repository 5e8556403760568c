/**
 * Bounds for compound-key ranges. Plain keys rather than Dexie.minKey/maxKey:
 * `maxKey` is an array, and a range holding it twice is refused by some
 * IndexedDB implementations (fake-indexeddb sees a repeated array as a cycle).
 * Every string component we store (ids, tokens) sorts below MAX_STR.
 */
export const MIN_NUM = -Infinity;
export const MAX_NUM = Infinity;
export const MIN_STR = '';
export const MAX_STR = '\uffff';
