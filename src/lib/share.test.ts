import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS } from './chatEvent';
import {
  declaredTooLarge,
  MAX_SHARE_BYTES,
  MAX_SHARE_FILES,
  readShareForm,
  SHARE_REQUEST_SLACK,
  shareText,
} from './share';

function form(fields: Record<string, string>, files: File[] = []): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  for (const f of files) data.append('files', f);
  return data;
}

/** A Blob that says it is `size` bytes without holding them. */
function sized(name: string, size: number): File {
  const file = new File(['x'], name, { type: 'image/png' });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

describe('reading a share [SHARE-2]', () => {
  it('[SHARE-2] joins title, text and link, each once', () => {
    expect(shareText('A page', 'Look https://x.test', 'https://x.test')).toBe(
      'A page\nLook https://x.test',
    );
    expect(shareText('', '', 'https://x.test')).toBe('https://x.test');
  });

  it('[SHARE-2] reads text and files, naming an unnamed file', () => {
    const reading = readShareForm(
      form({ title: ' Hi ', text: 'there' }, [new File(['abc'], 'a.png', { type: 'image/png' })]),
    );
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.items.text).toBe('Hi\nthere');
    expect(reading.items.files.map((f) => [f.name, f.type, f.blob.size])).toEqual([
      ['a.png', 'image/png', 3],
    ]);
    const unnamed = readShareForm(form({}, [new File(['abc'], '', { type: 'image/png' })]));
    expect(unnamed.ok && unnamed.items.files[0]?.name).toBe('shared');
  });

  it('[SHARE-2] refuses an empty share, ignoring the empty file an app sends with no pick', () => {
    expect(readShareForm(form({ text: '  ' }, [new File([], '')]))).toEqual({
      ok: false,
      reason: 'empty',
    });
  });

  it('[SHARE-2] refuses too many files, too many bytes and too long a text', () => {
    const many = Array.from({ length: MAX_SHARE_FILES + 1 }, (_, i) => new File(['a'], `${i}.txt`));
    expect(readShareForm(form({}, many))).toEqual({ ok: false, reason: 'too-many' });
    const atMost = Array.from({ length: MAX_SHARE_FILES }, (_, i) => new File(['a'], `${i}.txt`));
    expect(readShareForm(form({}, atMost)).ok).toBe(true);
    const big = [sized('a.png', MAX_SHARE_BYTES / 2), sized('b.png', MAX_SHARE_BYTES / 2 + 1)];
    expect(readShareForm({ getAll: (n) => (n === 'files' ? big : []) })).toEqual({
      ok: false,
      reason: 'too-large',
    });
    expect(readShareForm(form({ text: 'x'.repeat(MAX_TEXT_CHARS + 1) }))).toEqual({
      ok: false,
      reason: 'too-long',
    });
  });

  it('[SHARE-2] a request announcing more than the bounds is refused unread', () => {
    expect(declaredTooLarge(String(MAX_SHARE_BYTES + SHARE_REQUEST_SLACK + 1))).toBe(true);
    expect(declaredTooLarge(String(MAX_SHARE_BYTES))).toBe(false);
    expect(declaredTooLarge(null)).toBe(false);
  });
});
