import { describe, expect, it } from 'vitest';
import { base64urlEncode } from './base64url';
import {
  checkEndpoint,
  isAllowedPushHost,
  parsePushSubscription,
  parseWakePayload,
  parseWakeRequest,
  wakePayloadText,
} from './wakeProtocol';

const ID = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA';
const point = () => {
  const bytes = new Uint8Array(65).fill(9);
  bytes[0] = 4;
  return base64urlEncode(bytes);
};
const AUTH = base64urlEncode(new Uint8Array(16).fill(3));

describe('wake protocol shapes', () => {
  it('[WAKE-7] push hosts: the listed services and single-label WNS hosts only', () => {
    for (const host of [
      'fcm.googleapis.com',
      'updates.push.services.mozilla.com',
      'push.services.mozilla.com',
      'web.push.apple.com',
      'wns2-par02p.notify.windows.com',
    ]) {
      expect(isAllowedPushHost(host), host).toBe(true);
    }
    for (const host of [
      'googleapis.com',
      'evil.fcm.googleapis.com',
      'fcm.googleapis.com.evil.example',
      'notify.windows.com',
      'a.b.notify.windows.com',
      '-x.notify.windows.com',
      'localhost',
      '127.0.0.1',
    ]) {
      expect(isAllowedPushHost(host), host).toBe(false);
    }
  });

  it('[WAKE-7] endpoints: https, default port, no credentials', () => {
    expect(checkEndpoint('https://fcm.googleapis.com/fcm/send/x')).toBe(
      'https://fcm.googleapis.com/fcm/send/x',
    );
    expect(checkEndpoint('https://FCM.googleapis.com/x')).toBe('https://fcm.googleapis.com/x');
    expect(checkEndpoint('https://fcm.googleapis.com:443/x')).toBe('https://fcm.googleapis.com/x');
    for (const bad of [
      'http://fcm.googleapis.com/x',
      'https://fcm.googleapis.com:444/x',
      'https://u:p@fcm.googleapis.com/x',
      'wss://fcm.googleapis.com/x',
      'not a url',
      42,
      `https://fcm.googleapis.com/${'x'.repeat(1100)}`,
    ]) {
      expect(checkEndpoint(bad), String(bad)).toBeNull();
    }
  });

  it('[WAKE-3] a subscription as toJSON() gives it, padded keys allowed, anything else refused', () => {
    const json = {
      endpoint: 'https://fcm.googleapis.com/x',
      expirationTime: null,
      keys: { p256dh: point(), auth: AUTH },
    };
    expect(parsePushSubscription(json)).toEqual({
      endpoint: 'https://fcm.googleapis.com/x',
      p256dh: point(),
      auth: AUTH,
    });
    expect(
      parsePushSubscription({ ...json, keys: { p256dh: `${point()}=`, auth: `${AUTH}==` } }),
    ).not.toBeNull();
    const compressed = base64urlEncode(new Uint8Array(65).fill(2));
    for (const bad of [
      { ...json, other: 1 },
      { ...json, expirationTime: 'soon' },
      { ...json, keys: { p256dh: compressed, auth: AUTH } },
      { ...json, keys: { p256dh: point(), auth: point() } },
      { ...json, keys: null },
      { endpoint: json.endpoint },
    ]) {
      expect(parsePushSubscription(bad)).toBeNull();
    }
  });

  it('[WAKE-5] a wake request has exactly id, token and kind', () => {
    expect(parseWakeRequest({ id: ID, token: TOKEN, kind: 'call' })).toEqual({
      id: ID,
      token: TOKEN,
      kind: 'call',
    });
    for (const bad of [
      { id: ID, token: TOKEN, kind: 'call', text: 'hi' },
      { id: ID, token: TOKEN },
      { id: ID, token: TOKEN, kind: 'ping' },
      { id: 'x', token: TOKEN, kind: 'call' },
      [ID, TOKEN, 'call'],
    ]) {
      expect(parseWakeRequest(bad)).toBeNull();
    }
  });

  it('[WAKE-9][WAKE-10] the payload is {v, slot, kind} and reads back; anything else is refused', () => {
    const text = wakePayloadText(TOKEN, 'message');
    expect(text).toBe(`{"v":1,"slot":"${TOKEN}","kind":"message"}`);
    expect(parseWakePayload(JSON.parse(text))).toEqual({ v: 1, slot: TOKEN, kind: 'message' });
    for (const bad of [
      { v: 2, slot: TOKEN, kind: 'call' },
      { v: 1, slot: 'x', kind: 'call' },
      null,
      'x',
    ]) {
      expect(parseWakePayload(bad)).toBeNull();
    }
  });
});
