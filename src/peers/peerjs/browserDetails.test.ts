import { describe, expect, it } from 'vitest';
import { detectBrowser } from './browserDetails';

describe('the browser details PeerJS reads in place of webrtc-adapter', () => {
  it('names Chromium, Firefox and Safari with their major versions', () => {
    const chromium =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36';
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
    const safari =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
    expect(detectBrowser(chromium)).toEqual({ browser: 'chrome', version: 143 });
    expect(detectBrowser(firefox)).toEqual({ browser: 'firefox', version: 140 });
    expect(detectBrowser(safari)).toEqual({ browser: 'safari', version: 605 });
  });

  it('says so for no browser and for an unknown one', () => {
    expect(detectBrowser(undefined).browser).toBe('Not a browser.');
    expect(detectBrowser('curl/8.0').browser).toBe('Not a supported browser.');
  });
});
