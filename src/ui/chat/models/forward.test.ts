import { describe, expect, it } from 'vitest';
import type { FileBody, ForwardMarks } from '../../../lib/chatEvent';
import type { ConversationId, EventId } from '../../../lib/ids';
import {
  cleanName,
  marksFor,
  planForward,
  runForward,
  type ForwardFailure,
  type ForwardSource,
} from './forward';

const direct = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa' as ConversationId;
const other = 'd:bbbbbbbbbbbbbbbbbbbbbbbbbb' as ConversationId;
const group = 'g:cccccccccccccccccccccccccc' as ConversationId;
const file: FileBody = {
  name: 'cat.png',
  size: 3,
  mime: 'image/png',
  sha256: 'a'.repeat(64),
  chunkSize: 65_536,
  chunks: 'b'.repeat(64),
};
const text: ForwardSource = {
  id: `${direct}:x:1` as EventId,
  kind: 'text',
  text: 'hello there',
  file: null,
  authorName: 'Ann',
  forwardedFrom: null,
};
const picture: ForwardSource = {
  id: `${direct}:x:2` as EventId,
  kind: 'file',
  text: '',
  file,
  authorName: 'Ann',
  forwardedFrom: null,
};

describe('forward marks [CHAT-FWD-1][CHAT-FWD-2]', () => {
  it('carry the name only when asked', () => {
    expect(marksFor(text, false)).toEqual({ forwarded: true });
    expect(marksFor(text, true)).toEqual({ forwarded: true, forwardedFrom: 'Ann' });
  });

  it('keep the first sender of a message that was forwarded with a name', () => {
    expect(marksFor({ ...picture, forwardedFrom: 'Bo' }, true)).toEqual({
      forwarded: true,
      forwardedFrom: 'Bo',
    });
  });

  it('clean a name: no control characters, at most 64 code points, never empty', () => {
    expect(cleanName(' A\u0007nn ')).toBe('Ann');
    expect([...(cleanName('😀'.repeat(70)) ?? '')]).toHaveLength(64);
    expect(cleanName('\u0001 ')).toBeNull();
    expect(marksFor({ ...text, authorName: '\n' }, true)).toEqual({ forwarded: true });
  });
});

describe('planForward', () => {
  it('[GFILE-1] sends every message to every chat, in order, files to a group too', () => {
    const plan = planForward([text, picture], [other, group], false);
    expect(plan.steps.map((s) => [s.conv, s.kind])).toEqual([
      [other, 'text'],
      [other, 'file'],
      [group, 'text'],
      [group, 'file'],
    ]);
    expect(plan.missed).toEqual([]);
  });
});

describe('runForward', () => {
  it('goes on after a failure and reports what did not go', async () => {
    const calls: [string, ConversationId, ForwardMarks][] = [];
    const outcome = await runForward(planForward([text, picture], [other, direct], true), {
      text: (conv, body, marks) => {
        calls.push([body, conv, marks]);
        return Promise.resolve(null);
      },
      file: (conv, source, marks): Promise<ForwardFailure | null> => {
        calls.push([source, conv, marks]);
        return Promise.resolve(conv === other ? 'fileGone' : null);
      },
    });
    expect(calls.map(([what, conv]) => [what, conv])).toEqual([
      ['hello there', other],
      [picture.id, other],
      ['hello there', direct],
      [picture.id, direct],
    ]);
    expect(calls.every(([, , m]) => m.forwarded && m.forwardedFrom === 'Ann')).toBe(true);
    expect(outcome.reached).toEqual([other, direct]);
    expect(outcome.missed).toEqual([{ conv: other, what: 'cat.png', reason: 'fileGone' }]);
  });

  it('reaches nothing when every copy fails', async () => {
    const fail = () => Promise.resolve<ForwardFailure | null>('storage');
    const outcome = await runForward(planForward([text], [other], false), {
      text: fail,
      file: fail,
    });
    expect(outcome.reached).toEqual([]);
    expect(outcome.missed).toEqual([{ conv: other, what: 'hello there', reason: 'storage' }]);
  });
});
