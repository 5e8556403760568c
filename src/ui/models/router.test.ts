import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, hrefFor, parseHash, TOP_LEVEL } from './router';

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
    for (const name of TOP_LEVEL) expect(parseHash(hrefFor({ name }))).toEqual({ name });
  });
});
