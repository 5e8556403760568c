import { describe, expect, it } from 'vitest';
import { groupWorld } from '../../../lib/group/testing/world';
import type { PeerId } from '../../../lib/ids';
import type { MemberRow } from './members';
import {
  canOfferMentionAll,
  insertMention,
  mayMentionAll,
  mentionCandidates,
  mentionedIn,
  mentionQuery,
  mentionSegments,
} from './mentions';

const id = (c: string) => c.repeat(32) as PeerId;
const row = (c: string, name: string, mentionName = name, me = false): MemberRow => ({
  id: id(c),
  role: 'member',
  name,
  mentionName,
  avatar: null,
  me,
  order: 0,
  actions: [],
  befriend: false,
});
const members = [
  row('a', 'Me', 'Me', true),
  row('b', 'Ann'),
  row('c', 'Ann Lee'),
  row('d', 'cousin Bo', 'Bo'),
  row('e', '小明'),
];

describe('mentionQuery', () => {
  it('finds the @word being typed at the caret', () => {
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('hi @An', 6)).toEqual({ start: 3, query: 'An' });
    expect(mentionQuery('hi @An and', 6)).toEqual({ start: 3, query: 'An' });
  });

  it('is not a mention after a space, inside a word, or far behind the caret', () => {
    expect(mentionQuery('hi @Ann ', 8)).toBeNull();
    expect(mentionQuery('mail me@host', 12)).toBeNull();
    expect(mentionQuery('no at sign', 5)).toBeNull();
  });
});

describe('mentionCandidates', () => {
  it('lists everyone but me, filtered by the shown or the written name', () => {
    expect(mentionCandidates(members, '', false, 'Everyone').map((c) => c.label)).toEqual([
      'Ann',
      'Ann Lee',
      'cousin Bo',
      '小明',
    ]);
    expect(mentionCandidates(members, 'ann', false, 'Everyone').map((c) => c.label)).toEqual([
      'Ann',
      'Ann Lee',
    ]);
    expect(mentionCandidates(members, 'bo', false, 'Everyone').map((c) => c.insert)).toEqual([
      'Bo',
    ]);
    expect(mentionCandidates(members, 'me', false, 'Everyone')).toEqual([]);
  });

  it('[GRP-13] offers @all first only to whom may mention everyone', () => {
    expect(mentionCandidates(members, '', true, 'Everyone')[0]).toMatchObject({
      target: 'all',
      insert: 'all',
    });
    expect(mentionCandidates(members, 'al', true, 'Everyone')[0]?.target).toBe('all');
    expect(mentionCandidates(members, '所有', true, '所有人')[0]?.target).toBe('all');
    expect(mentionCandidates(members, '', false, 'Everyone').some((c) => c.target === 'all')).toBe(
      false,
    );
    expect(
      mentionCandidates(members, 'Ann', true, 'Everyone').some((c) => c.target === 'all'),
    ).toBe(false);
  });
});

describe('insertMention', () => {
  it('replaces the typed @word with the written name and a space, caret after it', () => {
    const text = 'hi @co how are you';
    const at = mentionQuery(text, 6)!;
    const bo = mentionCandidates(members, at.query, false, 'Everyone')[0]!;
    expect(insertMention(text, at, bo)).toEqual({ text: 'hi @Bo how are you', caret: 7 });
    expect(insertMention('@', { start: 0, query: '' }, bo)).toEqual({ text: '@Bo ', caret: 4 });
  });
});

describe('mentionSegments', () => {
  it('matches the longest name, at a word start, ended by a space, punctuation or the end', () => {
    expect(mentionSegments('@Ann Lee, see @Ann!', members)).toEqual([
      { kind: 'mention', text: '@Ann Lee', target: id('c') },
      { kind: 'text', text: ', see ' },
      { kind: 'mention', text: '@Ann', target: id('b') },
      { kind: 'text', text: '!' },
    ]);
    expect(mentionSegments('@Annabel and a@Ann', members)).toEqual([
      { kind: 'text', text: '@Annabel and a@Ann' },
    ]);
  });

  it('finds @all, @所有人 and CJK names', () => {
    expect([...mentionedIn('@all 开会 @小明', members)]).toEqual(['all', id('e')]);
    expect([...mentionedIn('@所有人', members)]).toEqual(['all']);
    expect([...mentionedIn('@Bo and @cousin Bo', members)]).toEqual([id('d')]);
  });
});

describe('mayMentionAll', () => {
  it('[GRP-13] @all counts from an admin or the owner, not from a member or after a demotion', async () => {
    const w = await groupWorld(['owner', 'admin', 'm'], ['admin']);
    const before = await w.say('admin', '@all lunch');
    w.sync();
    await w.write('owner', 'group.role', { member: w.person('admin').id, role: 'member' });
    w.sync();
    const after = await w.say('admin', '@all lunch again');
    const f = w.fold();
    const place = (e: typeof before) => ({ ...e, text: '' });
    expect(mayMentionAll(f, place(before))).toBe(true);
    expect(mayMentionAll(f, place(after))).toBe(false);
    expect(canOfferMentionAll(f, w.person('owner').id)).toBe(true);
    expect(canOfferMentionAll(f, w.person('admin').id)).toBe(false);
    expect(canOfferMentionAll(f, w.person('m').id)).toBe(false);
  });
});
