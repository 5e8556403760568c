/**
 * Split message text into plain runs and http(s) links, so the view can build
 * text nodes and <a> elements itself (never innerHTML). Other schemes
 * (javascript:, data:, file:) stay plain text.
 */

export type TextPart =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends a sentence rather than a URL. */
const TRAILING = /[.,;:!?)\]}'"。，；：！？）】」』]+$/u;

/** The parts of `text`, in order; concatenating their `text` gives back the input. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const start = match.index;
    let url = match[0];
    const trail = TRAILING.exec(url);
    // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia links).
    if (trail) {
      let cut = trail[0];
      if (cut.startsWith(')') && url.includes('(')) cut = cut.slice(1);
      url = url.slice(0, url.length - cut.length);
    }
    const href = safeHref(url);
    if (!href) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The normalised href when `url` parses as http or https, else null. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
