import { defineConfig } from 'vitest/config';

// Unit tests: logic next to the code, IndexedDB from fake-indexeddb.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
    // Many tests run whole installs (keys, IndexedDB, sessions) in parallel on a 2-core machine
    // shared with other work; at 5 s a busy moment failed tests that pass in 0.3 s alone. A hang
    // still fails, later. Performance is measured in bench/, never here.
    testTimeout: 20_000,
  },
});
