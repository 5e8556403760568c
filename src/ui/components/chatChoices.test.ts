import { describe, expect, it } from 'vitest';
import type { ConversationId } from '../../lib/ids';
import { chatChoices, toggleChoice, type ChatChoice } from './chatChoices';

const conv = (s: string) => s as ConversationId;
const choice = (id: string, title: string, group = false): ChatChoice => ({
  conv: conv(id),
  title,
  avatar: null,
  seed: id,
  group,
});
const all = [choice('d:1', 'Alice Liu'), choice('g:2', '周末 Hiking', true), choice('d:3', 'Bob')];

describe('chatChoices', () => {
  it('keeps the given order when the query is empty', () => {
    expect(chatChoices(all, '  ').map((c) => c.conv)).toEqual(['d:1', 'g:2', 'd:3']);
  });

  it('matches every term, ignoring case and width', () => {
    expect(chatChoices(all, 'LIU alice').map((c) => c.conv)).toEqual(['d:1']);
    expect(chatChoices(all, 'ｈｉｋｉｎｇ').map((c) => c.conv)).toEqual(['g:2']);
    expect(chatChoices(all, '周末').map((c) => c.conv)).toEqual(['g:2']);
    expect(chatChoices(all, 'carol')).toEqual([]);
  });

  it('leaves out excluded chats', () => {
    expect(chatChoices(all, '', new Set([conv('g:2')])).map((c) => c.conv)).toEqual(['d:1', 'd:3']);
  });
});

describe('toggleChoice', () => {
  it('adds up to the room and removes', () => {
    const one = toggleChoice([], conv('d:1'), true, 2);
    const two = toggleChoice(one, conv('g:2'), true, 2);
    expect(two).toEqual(['d:1', 'g:2']);
    expect(toggleChoice(two, conv('d:3'), true, 2)).toEqual(['d:1', 'g:2']);
    expect(toggleChoice(two, conv('d:1'), true, 2)).toEqual(['d:1', 'g:2']);
    expect(toggleChoice(two, conv('d:1'), false, 2)).toEqual(['g:2']);
  });
});
