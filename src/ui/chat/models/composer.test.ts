import { describe, expect, it } from 'vitest';
import { FakeEnvironment } from '../../../peers/testing/fakeEnvironment';
import { DRAFT_SAVE_MS, DraftSaver, insertAt, isSendKey, lengthState } from './composer';

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

describe('draft saving', () => {
  /** A saver on a fake clock; `after(ms)` moves time on and tells what was saved by then. */
  const setup = (save: (text: string) => Promise<void> = () => Promise.resolve()) => {
    const clock = new FakeEnvironment();
    const saved: string[] = [];
    const drafts = new DraftSaver(clock, (text) => {
      saved.push(text);
      return save(text);
    });
    const after = async (ms: number) => {
      await clock.advance(ms);
      return [...saved];
    };
    return { saved, drafts, after };
  };

  it('saves once typing pauses for DRAFT_SAVE_MS, with the last text', async () => {
    const { drafts, after } = setup();
    drafts.typed('h');
    await after(DRAFT_SAVE_MS - 1);
    drafts.typed('hi');
    expect(await after(DRAFT_SAVE_MS - 1)).toEqual([]);
    expect(await after(1)).toEqual(['hi']);
    expect(await after(DRAFT_SAVE_MS * 3)).toEqual(['hi']);
  });

  it('leaving the chat saves a waiting draft at once, and nothing when none waits', async () => {
    const { saved, drafts, after } = setup();
    drafts.leave('untouched');
    expect(saved).toEqual([]);
    drafts.typed('half a');
    drafts.leave('half a thought');
    expect(saved).toEqual(['half a thought']);
    expect(await after(DRAFT_SAVE_MS * 2)).toEqual(['half a thought']);
  });

  it('a sent message saves the emptied draft now and drops the waiting save', async () => {
    const { drafts, after } = setup();
    drafts.typed('hello');
    drafts.saveNow('');
    expect(await after(DRAFT_SAVE_MS * 2)).toEqual(['']);
  });

  it('a draft already stored (or read back) is not written again', () => {
    const { saved, drafts } = setup();
    drafts.read('', drafts.reading());
    drafts.saveNow('');
    expect(saved).toEqual([]);
    drafts.saveNow('x');
    drafts.saveNow('x');
    expect(saved).toEqual(['x']);
  });

  it('a read that started before a write does not overwrite what the write stored', () => {
    const { saved, drafts } = setup();
    const since = drafts.reading();
    drafts.saveNow('newer');
    drafts.read('older', since);
    drafts.saveNow('newer');
    drafts.saveNow('older');
    expect(saved).toEqual(['newer', 'older']);
  });

  it('a failing save is swallowed: the text stays in the composer', async () => {
    const { drafts, after } = setup(() => Promise.reject(new Error('quota')));
    drafts.typed('kept');
    expect(await after(DRAFT_SAVE_MS)).toEqual(['kept']);
  });
});
