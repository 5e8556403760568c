import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify';

describe('linkify', () => {
  it('finds http and https links and keeps the rest as text', () => {
    const parts = linkify('see https://example.com/a?b=1, and http://x.org.');
    expect(parts).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never links other schemes', () => {
    expect(linkify('javascript:alert(1) data:text/html,x file:///etc')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) data:text/html,x file:///etc' },
    ]);
    expect(safeHref('javascript:alert(1)')).toBeNull();
  });

  it('keeps a parenthesis that belongs to the URL and drops CJK punctuation', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/A_(b))')[1]).toMatchObject({
      text: 'https://en.wikipedia.org/wiki/A_(b)',
    });
    expect(linkify('看 https://example.com。')[1]).toMatchObject({ text: 'https://example.com' });
  });

  it('round-trips the text', () => {
    const text = 'a https://b.c/d e\nhttps://f.g';
    expect(
      linkify(text)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });
});
