/**
 * @mentions in a group's text. A mention is written into the text itself, as `@` and the
 * member's name followed by a space, the way WeChat writes them: the text reads the same in
 * previews, notifications and search. The picker writes a name every member can match (the
 * member's group nickname, else their profile name, never my private remark), and a reader
 * finds mentions by matching the names it knows for each member, the longest first. `@all`
 * (or `@所有人`) mentions everyone, and counts only from an admin or the owner ([GRP-13]).
 */
import type { ChatEvent } from '../../../lib/chatEvent';
import { canMentionAll } from '../../../lib/group/visibility';
import type { GroupFold } from '../../../lib/group/types';
import type { PeerId } from '../../../lib/ids';
import type { MemberRow } from './members';

/** What a mention points at: a member, or everyone. */
export type MentionTarget = PeerId | 'all';

/** The words that mention everyone, as typed after `@`. The first is what the picker writes. */
export const MENTION_ALL_WORDS = ['all', '所有人'] as const;

/** The `@word` being typed at the caret: where its `@` is and what follows it so far. */
export interface MentionQuery {
  /** Index of the `@` in the text. */
  start: number;
  query: string;
}

/** A mention is at most this long (a nickname is at most 32 code points, [GRP-3]). */
const MAX_QUERY_CHARS = 32;

/**
 * The mention being typed when the caret follows `@` and a word with no space, the `@` at the
 * start or after a space; null otherwise (an e-mail address is not a mention).
 */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('@');
  if (start < 0) return null;
  if (start > 0 && !/\s/.test(before[start - 1]!)) return null;
  const query = before.slice(start + 1);
  if (/\s/.test(query) || [...query].length > MAX_QUERY_CHARS) return null;
  return { start, query };
}

/** One choice in the picker. */
export interface MentionCandidate {
  target: MentionTarget;
  /** As listed (the display name). */
  label: string;
  /** As written into the text after `@`. */
  insert: string;
  avatar: string | null;
}

function matches(name: string, query: string): boolean {
  return name.toLocaleLowerCase().includes(query.toLocaleLowerCase());
}

/**
 * The picker's choices for `query`: everyone first when I may mention all, then the members
 * other than me whose shown or written name contains the query, in member-list order.
 */
export function mentionCandidates(
  members: readonly MemberRow[],
  query: string,
  canAll: boolean,
  allLabel: string,
): MentionCandidate[] {
  const out: MentionCandidate[] = [];
  const q = query.trim();
  if (
    canAll &&
    (q === '' || MENTION_ALL_WORDS.some((w) => w.startsWith(q)) || matches(allLabel, q))
  )
    out.push({ target: 'all', label: allLabel, insert: MENTION_ALL_WORDS[0], avatar: null });
  for (const m of members) {
    if (m.me || (q !== '' && !matches(m.name, q) && !matches(m.mentionName, q))) continue;
    out.push({ target: m.id, label: m.name, insert: m.mentionName, avatar: m.avatar });
  }
  return out;
}

/** Replace the `@query` being typed with the chosen mention and a space; the caret after it. */
export function insertMention(
  text: string,
  at: MentionQuery,
  choice: MentionCandidate,
): { text: string; caret: number } {
  const end = at.start + 1 + at.query.length;
  const written = `@${choice.insert} `;
  const rest = text.slice(end).replace(/^ /, '');
  return { text: text.slice(0, at.start) + written + rest, caret: at.start + written.length };
}

/** A piece of a message's text: plain, or a mention. */
export type TextSegment =
  { kind: 'text'; text: string } | { kind: 'mention'; text: string; target: MentionTarget };

/** The names a reader matches after `@`, longest first so "Ann Lee" wins over "Ann". */
function namesToMatch(
  members: readonly Pick<MemberRow, 'id' | 'name' | 'mentionName'>[],
): { word: string; target: MentionTarget }[] {
  const words: { word: string; target: MentionTarget }[] = MENTION_ALL_WORDS.map((word) => ({
    word,
    target: 'all' as const,
  }));
  for (const m of members) {
    for (const word of new Set([m.mentionName, m.name])) words.push({ word, target: m.id });
  }
  return words.filter((w) => w.word !== '').sort((a, b) => b.word.length - a.word.length);
}

/**
 * Split a text into plain pieces and mentions of these members. A mention starts at the text's
 * start or after a space, and ends at the text's end, a space or punctuation.
 */
export function mentionSegments(
  text: string,
  members: readonly Pick<MemberRow, 'id' | 'name' | 'mentionName'>[],
): TextSegment[] {
  const names = namesToMatch(members);
  const out: TextSegment[] = [];
  let plain = '';
  for (let i = 0; i < text.length;) {
    const found =
      text[i] === '@' && (i === 0 || /\s/.test(text[i - 1]!))
        ? names.find(({ word }) => {
            if (!text.startsWith(word, i + 1)) return false;
            const next = text[i + 1 + word.length];
            return next === undefined || /[\s\p{P}]/u.test(next);
          })
        : undefined;
    if (!found) {
      plain += text[i];
      i += 1;
      continue;
    }
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
    const length = 1 + found.word.length;
    out.push({ kind: 'mention', text: text.slice(i, i + length), target: found.target });
    i += length;
  }
  if (plain) out.push({ kind: 'text', text: plain });
  return out;
}

/** Who a text mentions: member ids, and 'all' when it mentions everyone. */
export function mentionedIn(
  text: string,
  members: readonly Pick<MemberRow, 'id' | 'name' | 'mentionName'>[],
): Set<MentionTarget> {
  const found = new Set<MentionTarget>();
  for (const s of mentionSegments(text, members)) if (s.kind === 'mention') found.add(s.target);
  return found;
}

/** A text message's place in its author's log: all [GRP-13] needs to judge a mention. */
export interface MessagePlace {
  author: PeerId;
  seq: number;
  lamport: number;
  ts: number;
  text: string;
}

/**
 * [GRP-13] Whether `@all` in this message counts: its author was an admin or the owner at its
 * seq. For a message not written yet, pass seq `Number.MAX_SAFE_INTEGER`: the role held from
 * now on.
 */
export function mayMentionAll(fold: GroupFold, message: MessagePlace): boolean {
  const event: ChatEvent<'text'> = {
    conv: fold.conv,
    author: message.author,
    seq: message.seq,
    lamport: message.lamport,
    ts: message.ts,
    type: 'text',
    body: { text: message.text },
    sig: '',
  };
  return canMentionAll(fold, event);
}

/** [GRP-13] Whether I may offer `@all` in the composer: my role from now on is admin or owner. */
export function canOfferMentionAll(fold: GroupFold, me: PeerId): boolean {
  const next = Number.MAX_SAFE_INTEGER;
  return mayMentionAll(fold, { author: me, seq: next, lamport: next, ts: 0, text: '' });
}
