import { describe, expect, it } from 'vitest';
import { foldText, indexTokens, matchesAll, parseQuery, snippetOf } from './tokenize';

describe('search tokens [CHAT-SEARCH-1..3]', () => {
  it('[CHAT-SEARCH-1] Latin words fold (NFKC, lowercase); CJK becomes characters and bigrams', () => {
    expect(indexTokens('Hello, ＷＯＲＬＤ 42!')).toEqual(['hello', 'world', '42']);
    expect(indexTokens('你好世界')).toEqual(['你', '好', '你好', '世', '好世', '界', '世界']);
    expect(indexTokens('abc你好def')).toEqual(['abc', '你', '好', '你好', 'def']);
  });

  it('[CHAT-SEARCH-2] a query looks up bigrams, or the single character of a 1-char query', () => {
    expect(parseQuery('你好世界')!.tokens).toEqual(['你好', '好世', '世界']);
    expect(parseQuery('好')!.tokens).toEqual(['好']);
    expect(parseQuery('Hello World')).toEqual({
      terms: ['hello', 'world'],
      tokens: ['hello', 'world'],
    });
    expect(parseQuery('  !! ')).toBeNull();
  });

  it('[CHAT-SEARCH-1] Thai, Lao and Khmer runs are cut into words with Intl.Segmenter', () => {
    expect(indexTokens('สวัสดีครับ ผมชื่อสมชาย')).toEqual(['สวัสดี', 'ครับ', 'ผม', 'ชื่อ', 'สมชาย']);
    expect(indexTokens('សួស្តីពិភពលោក')).toEqual(['សួស្តី', 'ពិភពលោក']);
    expect(indexTokens('ສະບາຍດີ')).toEqual(['ສະບາຍດີ']);
    // Vowel signs are marks, not letters: they stay inside their word.
    expect(indexTokens('ชื่อ')).toEqual(['ชื่อ']);
    expect(indexTokens('hi สวัสดี 你好')).toEqual(['hi', 'สวัสดี', '你', '好', '你好']);
  });

  it('[CHAT-SEARCH-2] a Thai query looks up the words a message was indexed under', () => {
    const query = parseQuery('ผมชื่อ')!;
    expect(query.tokens).toEqual(['ผม', 'ชื่อ']);
    const indexed = indexTokens('สวัสดีครับ ผมชื่อสมชาย');
    expect(query.tokens.every((t) => indexed.includes(t))).toBe(true);
    expect(matchesAll(foldText('สวัสดีครับ ผมชื่อสมชาย'), query.terms)).toBe(true);
  });

  it('[CHAT-SEARCH-3] a phrase must occur as a substring; snippets carry match ranges', () => {
    expect(matchesAll(foldText('你在世界的好地方'), ['你好世界'])).toBe(false);
    expect(matchesAll(foldText('说你好世界吧'), ['你好世界'])).toBe(true);
    const { snippet, ranges } = snippetOf('Say Hello to the world', ['hello', 'world']);
    expect(ranges.map(([s, e]) => snippet.slice(s, e))).toEqual(['Hello', 'world']);
  });
});
