/**
 * What PeerJS asks of `webrtc-adapter`, without the adapter. PeerJS reads only
 * `browserDetails` from it (for `util.browser` and `util.supports.browser`, which nothing in
 * PeerJS or Plume acts on), while importing the adapter patches RTCPeerConnection for
 * browsers older than WebCrypto Ed25519 already demands, at about 12 KB gzip of every first
 * visit. vite.config.ts resolves `webrtc-adapter` here. Why, and what was checked: docs/performance.md
 * ("WebRTC adapter").
 */

/** The browser family and major version, as the adapter names them. */
export interface BrowserDetails {
  browser: 'chrome' | 'firefox' | 'safari' | 'Not a supported browser.' | 'Not a browser.';
  version: number | null;
}

/** Detect from a user agent string, as the adapter does for the browsers Plume supports. */
export function detectBrowser(userAgent: string | undefined): BrowserDetails {
  if (userAgent === undefined) return { browser: 'Not a browser.', version: null };
  const firefox = /Firefox\/(\d+)\./.exec(userAgent);
  if (firefox) return { browser: 'firefox', version: Number(firefox[1]) };
  const chrome = /Chrom(?:e|ium)\/(\d+)\./.exec(userAgent);
  if (chrome) return { browser: 'chrome', version: Number(chrome[1]) };
  const webkit = /AppleWebKit\/(\d+)\./.exec(userAgent);
  if (webkit) return { browser: 'safari', version: Number(webkit[1]) };
  return { browser: 'Not a supported browser.', version: null };
}

const adapter = {
  browserDetails: detectBrowser(typeof navigator === 'undefined' ? undefined : navigator.userAgent),
};
export default adapter;
