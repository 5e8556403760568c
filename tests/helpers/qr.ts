/**
 * QR fixtures for the scanner tests, made by the .mjs scripts in tests/fixtures
 * (run with this Node, so the tests need no typings for them).
 */
import { execFileSync } from 'node:child_process';

/** Write a Y4M video of `text` as a QR code, for `--use-file-for-fake-video-capture`. */
export function writeQrVideo(text: string, path: string): void {
  execFileSync(process.execPath, ['tests/fixtures/makeQrVideo.mjs', '-', path], { input: text });
}

/** Write a PNG picture of `text` as a QR code. */
export function writeQrPng(text: string, path: string): void {
  execFileSync(process.execPath, ['tests/fixtures/makeQrPng.mjs', '-', path], { input: text });
}

/** Chromium flags for a fake camera that shows `y4m`, plus the usual test flags. */
export function fakeCameraArgs(y4m: string): string[] {
  return [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    // The scanner page must not be throttled as a background one: its camera video has to
    // play for html5-qrcode's start to finish. Without these, about one run in four under
    // load left the scanner 'starting' for over a minute; with them, 6 of 6 started.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ];
}
