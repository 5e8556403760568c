import { defineConfig } from 'vitest/config';

// Unit tests: logic next to the code, IndexedDB from fake-indexeddb.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
  },
});
