import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, hrefFor, parseHash, topLevelOf, TOP_LEVEL, type Route } from './router';

const ID = 'abcdefghijklmnopqrstuvwxyz234567';

describe('parseHash', () => {
  it('reads the top-level routes', () => {
    expect(parseHash('#/chats')).toEqual({ name: 'chats' });
    expect(parseHash('#/friends')).toEqual({ name: 'friends' });
    expect(parseHash('#/me')).toEqual({ name: 'me' });
    expect(parseHash('#/me/')).toEqual({ name: 'me' });
    expect(parseHash('#/me?x=1')).toEqual({ name: 'me' });
  });

  it('opens chats for an empty or unknown hash', () => {
    expect(parseHash('')).toEqual(DEFAULT_ROUTE);
    expect(parseHash('#')).toEqual(DEFAULT_ROUTE);
    expect(parseHash('#/nowhere')).toEqual(DEFAULT_ROUTE);
    expect(parseHash('#main')).toEqual(DEFAULT_ROUTE);
    expect(DEFAULT_ROUTE.name).toBe('chats');
  });

  it('round-trips every top-level route through its href', () => {
    for (const name of TOP_LEVEL) {
      const r: Route = name === 'moments' ? { name, path: '' } : { name };
      expect(parseHash(hrefFor(r))).toEqual(r);
    }
  });

  it('keeps an invite payload exactly as written', () => {
    const payload = `${ID}.AAAA.BBBB.Ann%20%2E%E4%B8%AD/x?y`;
    expect(parseHash(`#/add/${payload}`)).toEqual({ name: 'add', payload });
    expect(hrefFor({ name: 'add', payload })).toBe(`#/add/${payload}`);
  });

  it('reads friend, verify, code and scan routes', () => {
    expect(parseHash(`#/friend/${ID}`)).toEqual({ name: 'friend', id: ID });
    expect(parseHash(`#/friend/${ID}/verify`)).toEqual({ name: 'verify', id: ID });
    expect(parseHash('#/friend/not-an-id')).toEqual({ name: 'friends' });
    expect(parseHash('#/code')).toEqual({ name: 'code' });
    expect(parseHash('#/scan')).toEqual({ name: 'scan' });
    const routes: Route[] = [
      { name: 'friend', id: ID },
      { name: 'verify', id: ID },
      { name: 'code' },
      { name: 'scan' },
    ];
    for (const r of routes) expect(parseHash(hrefFor(r))).toEqual(r);
  });

  it('reads a chat route and refuses a malformed conversation id', () => {
    const conv = 'd:abcdefghijklmnopqrstuvwxyz';
    expect(parseHash(`#/chat/${conv}`)).toEqual({ name: 'chat', id: conv });
    expect(parseHash(hrefFor({ name: 'chat', id: conv }))).toEqual({ name: 'chat', id: conv });
    expect(parseHash('#/chat/a%20b')).toEqual({ name: 'chats' });
    expect(parseHash('#/chat/')).toEqual({ name: 'chats' });
    expect(topLevelOf({ name: 'chat', id: conv })).toBe('chats');
  });

  it('[FILES-PAGE-1] reads a chat’s Files route, under Chats', () => {
    const conv = 'd:abcdefghijklmnopqrstuvwxyz';
    expect(parseHash(`#/chat/${conv}/files`)).toEqual({ name: 'files', id: conv });
    expect(hrefFor({ name: 'files', id: conv })).toBe(`#/chat/${conv}/files`);
    expect(parseHash('#/chat/a%20b/files')).toEqual({ name: 'chats' });
    expect(topLevelOf({ name: 'files', id: conv })).toBe('chats');
  });

  it('[SHARE-4] reads the share route and the reason a share was refused', () => {
    expect(parseHash('#/share')).toEqual({ name: 'share', error: null });
    expect(parseHash('#/share/too-large')).toEqual({ name: 'share', error: 'too-large' });
    expect(parseHash('#/share/<script>')).toEqual({ name: 'share', error: null });
    expect(hrefFor({ name: 'share', error: 'too-many' })).toBe('#/share/too-many');
    expect(hrefFor({ name: 'share', error: null })).toBe('#/share');
  });

  it('reads the storage route, under Me', () => {
    expect(parseHash('#/storage')).toEqual({ name: 'storage' });
    expect(hrefFor({ name: 'storage' })).toBe('#/storage');
    expect(topLevelOf({ name: 'storage' })).toBe('me');
  });

  it('highlights the tab a sub-screen belongs to', () => {
    expect(topLevelOf({ name: 'friend', id: ID })).toBe('friends');
    expect(topLevelOf({ name: 'scan' })).toBe('friends');
    expect(topLevelOf({ name: 'me' })).toBe('me');
  });
});

describe('group routes', () => {
  it('reads the new-group and group-info routes, and they belong to Chats', () => {
    const group = 'g:abcdefghijklmnopqrstuvwxyz';
    expect(parseHash('#/group/new')).toEqual({ name: 'newGroup' });
    expect(parseHash(`#/group/${group}`)).toEqual({ name: 'group', id: group });
    expect(parseHash('#/group/<bad>')).toEqual({ name: 'chats' });
    for (const r of [{ name: 'newGroup' }, { name: 'group', id: group }] as Route[]) {
      expect(parseHash(hrefFor(r))).toEqual(r);
      expect(topLevelOf(r)).toBe('chats');
    }
  });
});

describe('moments routes', () => {
  it('reads the feed, composer, settings, a person and one moment, all under the Moments tab', () => {
    for (const path of ['', 'new', 'settings', `of/${ID}`, 'post/abcdefgh:xyz_12-3']) {
      const r: Route = { name: 'moments', path };
      expect(parseHash(hrefFor(r))).toEqual(r);
      expect(topLevelOf(r)).toBe('moments');
    }
  });

  it('falls back to the feed for an unknown or malformed moments path', () => {
    for (const hash of ['#/moments/of/NOT-A-PEER', '#/moments/post/<bad>', '#/moments/what']) {
      expect(parseHash(hash)).toEqual({ name: 'moments', path: '' });
    }
  });
});
