import { describe, expect, it } from 'vitest';
import { panesOf, stepRow } from './layout';

describe('panesOf', () => {
  it('shows the list beside the chat only when wide', () => {
    expect(panesOf({ name: 'chat', id: 'd:abcd' }, true)).toEqual({ open: 'd:abcd' });
    expect(panesOf({ name: 'chats' }, true)).toEqual({ open: null });
    expect(panesOf({ name: 'chat', id: 'd:abcd' }, false)).toBeUndefined();
    expect(panesOf({ name: 'chats' }, false)).toBeUndefined();
  });

  it('keeps other screens in one pane', () => {
    expect(panesOf({ name: 'friends' }, true)).toBeUndefined();
    expect(panesOf({ name: 'group', id: 'g:abcd' }, true)).toBeUndefined();
  });
});

describe('stepRow', () => {
  it('moves one row and stops at the ends', () => {
    expect(stepRow(0, 3, 1)).toBe(1);
    expect(stepRow(2, 3, 1)).toBe(2);
    expect(stepRow(0, 3, -1)).toBe(0);
    expect(stepRow(2, 3, -1)).toBe(1);
  });

  it('starts at the first row going down and the last going up', () => {
    expect(stepRow(-1, 3, 1)).toBe(0);
    expect(stepRow(-1, 3, -1)).toBe(2);
    expect(stepRow(-1, 0, 1)).toBe(-1);
  });
});
