import { describe, expect, it } from 'vitest';
import { insertAt, isSendKey, lengthState } from './composer';

describe('composer helpers', () => {
  it('sends on Enter, not on Shift+Enter, never while composing', () => {
    expect(isSendKey({ key: 'Enter', shiftKey: false, isComposing: false })).toBe(true);
    expect(isSendKey({ key: 'Enter', shiftKey: true, isComposing: false })).toBe(false);
    expect(isSendKey({ key: 'Enter', shiftKey: false, isComposing: true })).toBe(false);
    expect(isSendKey({ key: 'Enter', shiftKey: false, isComposing: false, keyCode: 229 })).toBe(
      false,
    );
    expect(isSendKey({ key: 'a', shiftKey: false, isComposing: false })).toBe(false);
  });

  it('reports length against the limit', () => {
    expect(lengthState('a'.repeat(10), 10)).toEqual({ count: 10, over: false, near: true });
    expect(lengthState('a'.repeat(11), 10).over).toBe(true);
    expect(lengthState('hi', 4000).near).toBe(false);
  });

  it('inserts at the caret and replaces a selection', () => {
    expect(insertAt('hello', '😀', 2)).toEqual({ text: 'he😀llo', caret: 4 });
    expect(insertAt('hello', 'X', 1, 4)).toEqual({ text: 'hXo', caret: 2 });
    expect(insertAt('hi', '!', 99)).toEqual({ text: 'hi!', caret: 3 });
  });
});
