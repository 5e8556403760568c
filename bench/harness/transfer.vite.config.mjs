// Builds the transfer bench harness: a bench-only page whose script runs the app's own engines
// (PeerJsTransport, FriendsEngine, SyncEngine, FileEngine) and exposes them on
// `window.plumeTransfer`. Built into the bench's temporary site next to a fresh app build and
// served by the real worker from the same origin, so it uses the app's IndexedDB. Never part of
// dist/.
//   BENCH_HARNESS_OUT=<dir> vite build --config bench/harness/transfer.vite.config.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.BENCH_HARNESS_OUT;
if (!outDir) throw new Error('set BENCH_HARNESS_OUT to the bench site directory');

export default defineConfig({
  // The repo root, so the page lands at /bench/harness/transfer.html in the site.
  root: join(here, '../..'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir,
    // The app's build is already in outDir: add to it, never wipe it.
    emptyOutDir: false,
    sourcemap: false,
    // Bench-only code: readable names in CPU profiles (BENCH_TRANSFER_PROFILE) matter more.
    minify: false,
    rollupOptions: {
      input: { transfer: join(here, 'transfer.html') },
      output: {
        entryFileNames: 'bench-assets/transferHarness.js',
        chunkFileNames: 'bench-assets/transfer-[name]-[hash].js',
        assetFileNames: 'bench-assets/transfer-[name]-[hash][extname]',
      },
    },
  },
});
