// Builds the chat bench harness: a bench-only page and script that import the app's own modules
// (src/db, src/lib, src/ui/*/models) and expose them on `window.plumeBench`, reading and writing
// the app's IndexedDB (same origin). The entry has a fixed name, so the bench can also load the
// script into an app page.
//   BENCH_HARNESS_OUT=<dir> vite build --config bench/harness/vite.config.mjs
import preact from '@preact/preset-vite';
import { harnessConfig } from './harnessConfig.mjs';

export default harnessConfig({ page: 'index.html', entry: 'chatHarness.js', plugins: [preact()] });
