import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import type { CommentKey, CommentView } from '../../../peers/moments/api';
import { commentLines, gridColumns, likeLine } from './postView';

const A = 'a' as PeerId;
const B = 'b' as PeerId;
const C = 'c' as PeerId;
const NAMES: Record<string, string> = { a: 'Alice', b: 'Bob', c: 'Carol' };
const nameOf = (p: PeerId) => NAMES[p] ?? '?';
const comment = (who: PeerId, text: string, replyTo: PeerId | null): CommentView => ({
  key: `${who}:${text}` as CommentKey,
  who,
  at: 1,
  text,
  replyTo,
  canRemove: false,
});

describe('moment view', () => {
  it('lays pictures out one large, two and four square, else in threes', () => {
    expect([1, 2, 3, 4, 5, 9].map(gridColumns)).toEqual([1, 2, 3, 2, 3, 3]);
  });

  it('names each comment and whom a reply answers', () => {
    const lines = commentLines([comment(B, 'nice', null), comment(A, 'thanks', B)], B, nameOf);
    expect(lines.map((l) => [l.authorName, l.replyToName, l.mine])).toEqual([
      ['Bob', null, true],
      ['Alice', 'Bob', false],
    ]);
    expect(
      likeLine(
        [
          { who: B, at: 1 },
          { who: C, at: 2 },
        ],
        nameOf,
      ),
    ).toBe('Bob, Carol');
  });
});
