// Builds the scan bench harness: a bench-only page whose script draws camera-like frames of
// invite codes and reads them with the app's QR decoder (src/ui/friends/models/qrDecoder.ts, whose wasm
// is imported with `?url`, hence a Vite build) and with html5-qrcode's JavaScript decoder, on
// `window.plumeScan`.
//   BENCH_HARNESS_OUT=<dir> vite build --config bench/harness/scan.vite.config.mjs
import { harnessConfig } from './harnessConfig.mjs';

export default harnessConfig({ page: 'scan.html', entry: 'scanHarness.js', assetPrefix: 'scan-' });
