/**
 * Search tokens (docs/protocol.md [CHAT-SEARCH-1..3]). Text is folded (NFKC,
 * lowercase); runs of letters and digits outside CJK become word tokens, and
 * CJK characters become overlapping bigrams plus single characters, because
 * Chinese has no spaces between words. A query picks its tokens the same way
 * and every hit is then checked as a substring of the folded text, so "你好世界"
 * matches only the phrase, never its characters scattered around. Thai, Lao
 * and Khmer are also written without spaces between words: their runs are cut
 * into words by `Intl.Segmenter`.
 */

/** Words longer than this are cut (a pasted hash should not bloat the index). */
export const MAX_WORD_CHARS = 32;
/** Most distinct tokens indexed for one message. */
export const MAX_TOKENS_PER_TEXT = 512;
/** Most tokens a query looks up. */
export const MAX_QUERY_TOKENS = 8;

const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;
/** Scripts written without spaces between words, whose vowel signs are marks, not letters. */
const SEGMENTED_RE = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;

let segmenter: Intl.Segmenter | null | undefined;

/**
 * The words of a Thai, Lao or Khmer run, by the platform's dictionary-based
 * word breaks; the whole run as one word where `Intl.Segmenter` is missing.
 */
function wordsOfRun(run: string): string[] {
  if (segmenter === undefined) {
    segmenter =
      typeof Intl.Segmenter === 'function'
        ? new Intl.Segmenter('und', { granularity: 'word' })
        : null;
  }
  if (!segmenter) return [run];
  const words: string[] = [];
  for (const part of segmenter.segment(run)) if (part.isWordLike) words.push(part.segment);
  return words;
}

/** NFKC + lowercase: the form both index and query use. */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function isCjk(ch: string): boolean {
  return CJK_RE.test(ch);
}

/** Tokens of already folded text, in order of first appearance, deduplicated. */
function tokensOfFolded(folded: string, bigramsOnly: boolean): string[] {
  const out = new Set<string>();
  let word = '';
  let run = '';
  let prevCjk: string | null = null;
  const flushWord = () => {
    if (word) out.add(word.slice(0, MAX_WORD_CHARS));
    word = '';
  };
  const flushRun = () => {
    if (run) for (const w of wordsOfRun(run)) out.add(w.slice(0, MAX_WORD_CHARS));
    run = '';
  };
  for (const ch of folded) {
    if (out.size >= MAX_TOKENS_PER_TEXT) break;
    if (SEGMENTED_RE.test(ch)) {
      flushWord();
      prevCjk = null;
      run += ch;
      continue;
    }
    flushRun();
    if (isCjk(ch)) {
      flushWord();
      if (!bigramsOnly) out.add(ch);
      if (prevCjk !== null) out.add(prevCjk + ch);
      prevCjk = ch;
    } else {
      prevCjk = null;
      if (WORD_CHAR_RE.test(ch)) word += ch;
      else flushWord();
    }
  }
  flushWord();
  flushRun();
  return [...out].slice(0, MAX_TOKENS_PER_TEXT);
}

/** [CHAT-SEARCH-1] Index tokens of a message text. */
export function indexTokens(text: string): string[] {
  return tokensOfFolded(foldText(text), false);
}

/** A parsed query: terms that must all occur as substrings, and the tokens to look up. */
export interface SearchQuery {
  /** Folded whitespace-separated terms (each a substring to verify). */
  terms: string[];
  /** Index tokens whose postings every hit must carry. */
  tokens: string[];
}

/**
 * [CHAT-SEARCH-2] Parse a query. A CJK run of two or more characters looks up
 * its bigrams; a lone CJK character looks up itself. Null when nothing is searchable.
 */
export function parseQuery(query: string): SearchQuery | null {
  const terms = foldText(query)
    .split(/\s+/u)
    .filter((t) => t.length > 0);
  const tokens = new Set<string>();
  for (const term of terms) {
    const cjkRuns =
      term.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu) ??
      [];
    for (const run of cjkRuns) {
      const chars = [...run];
      if (chars.length === 1) tokens.add(run);
    }
    for (const token of tokensOfFolded(term, true)) tokens.add(token);
  }
  if (tokens.size === 0) return null;
  return { terms, tokens: [...tokens].slice(0, MAX_QUERY_TOKENS) };
}

/** [CHAT-SEARCH-3] True when every term occurs in the folded text. */
export function matchesAll(folded: string, terms: readonly string[]): boolean {
  return terms.every((t) => folded.includes(t));
}

/** Characters of context kept on each side of the first match in a snippet. */
export const SNIPPET_CONTEXT = 40;

/**
 * A snippet around the first match with the [start, end) ranges of every
 * term inside it. Ranges index the original text when folding kept its
 * length (the usual case), else the folded text is shown.
 */
export function snippetOf(
  text: string,
  terms: readonly string[],
): { snippet: string; ranges: Array<[number, number]> } {
  const folded = foldText(text);
  const base = folded.length === text.length ? text : folded;
  const first = Math.min(
    ...terms.map((t) => folded.indexOf(t)).filter((i) => i >= 0),
    folded.length,
  );
  const start = Math.max(0, first - SNIPPET_CONTEXT);
  const end = Math.min(base.length, first + SNIPPET_CONTEXT * 3);
  const prefix = start > 0 ? '…' : '';
  const snippet = prefix + base.slice(start, end) + (end < base.length ? '…' : '');
  const ranges: Array<[number, number]> = [];
  const window = folded.slice(start, end);
  for (const term of terms) {
    for (let i = window.indexOf(term); i >= 0; i = window.indexOf(term, i + term.length)) {
      ranges.push([i + prefix.length, i + prefix.length + term.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return { snippet, ranges };
}
