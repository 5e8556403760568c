// Builds the transfer bench harness: a bench-only page whose script runs the app's own engines
// (PeerJsTransport, FriendsEngine, SyncEngine, FileEngine) and exposes them on
// `window.plumeTransfer`, using the app's IndexedDB (same origin).
//   BENCH_HARNESS_OUT=<dir> vite build --config bench/harness/transfer.vite.config.mjs
import { harnessConfig } from './harnessConfig.mjs';

export default harnessConfig({
  page: 'transfer.html',
  entry: 'transferHarness.js',
  assetPrefix: 'transfer-',
  // Bench-only code: readable names in CPU profiles (BENCH_TRANSFER_PROFILE) matter more.
  minify: false,
});
