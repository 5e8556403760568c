import { describe, expect, it } from 'vitest';
import type { FileMessage, FilesPage } from '../../../db/fileMessages';
import type { Position } from '../../../db/messagesRepo';
import type { ConversationId, EventId, PeerId } from '../../../lib/ids';
import { fileMatcher, filterOf, FilesList, type ReadFilesPage } from './filesPage';

const conv = 'd:filesfilesfilesfilesfiles' as ConversationId;

function file(n: number, name: string, mime: string, voice = false): FileMessage {
  return {
    id: `e${n}` as EventId,
    kind: 'file',
    file: {
      name,
      size: n,
      mime,
      sha256: 'x',
      chunkSize: 4,
      chunks: 'y',
      ...(voice ? { voice } : {}),
    },
    conv,
    author: 'a' as PeerId,
    seq: n,
    lamport: n,
    ts: n,
    text: '',
    replyTo: null,
    editLamport: 0,
    recalled: false,
    reactions: {},
    hidden: false,
  };
}

const photo = file(5, 'Beach.JPG', 'image/jpeg');
const clip = file(4, 'clip.mp4', 'video/mp4');
const report = file(3, 'report.pdf', 'application/pdf');
const song = file(2, 'song.mp3', 'audio/mpeg');
const voice = file(1, 'voice.webm', 'audio/webm', true);
/** Newest first, as the database gives them. */
const all = [photo, clip, report, song, voice];

/** A reader over `all` that pages by lamport, `size` at a time. */
function stubReader(size: number): { read: ReadFilesPage; calls: (Position | null)[] } {
  const calls: (Position | null)[] = [];
  const read: ReadFilesPage = (_conv, before, keep) => {
    calls.push(before);
    const older = all.filter((m) => before === null || m.lamport < before.lamport).filter(keep);
    const files = older.slice(0, size);
    const last = files.at(-1);
    const page: FilesPage = {
      files,
      next: older.length > size && last ? { lamport: last.lamport, author: last.author } : null,
    };
    return Promise.resolve(page);
  };
  return { read, calls };
}

describe('the Files page list [FILES-PAGE-1]', () => {
  it('[FILES-PAGE-1] sorts files into the type chips', () => {
    expect(all.map((m) => filterOf(m.file))).toEqual([
      'pictures',
      'videos',
      'documents',
      'documents',
      'voice',
    ]);
  });

  it('[FILES-PAGE-1] searches names whatever their case, within the chosen type', () => {
    expect(all.filter(fileMatcher('all', 'beach')).map((m) => m.file.name)).toEqual(['Beach.JPG']);
    expect(all.filter(fileMatcher('documents', '')).map((m) => m.file.name)).toEqual([
      'report.pdf',
      'song.mp3',
    ]);
    expect(all.filter(fileMatcher('documents', 'beach'))).toEqual([]);
    expect(all.filter(fileMatcher('all', '  '))).toHaveLength(5);
  });

  it('[FILES-PAGE-1] pages newest first and stops at the start of the chat', async () => {
    const { read, calls } = stubReader(2);
    const list = new FilesList(conv, read);
    await list.reload();
    expect(list.files.value.map((m) => m.id)).toEqual(['e5', 'e4']);
    expect(list.more.value).toBe(true);
    await list.loadMore();
    await list.loadMore();
    expect(list.files.value.map((m) => m.id)).toEqual(['e5', 'e4', 'e3', 'e2', 'e1']);
    expect(list.more.value).toBe(false);
    await list.loadMore();
    expect(calls).toEqual([null, { lamport: 4, author: 'a' }, { lamport: 2, author: 'a' }]);
  });

  it('[FILES-PAGE-1] a new filter or search starts over, and a stale answer is dropped', async () => {
    const { read } = stubReader(10);
    let release: () => void = () => undefined;
    const slow: ReadFilesPage = (c, b, keep) =>
      new Promise((resolve) => {
        release = () => void read(c, b, keep).then(resolve);
      });
    const list = new FilesList(conv, slow);
    const first = list.reload();
    const stale = release;
    const second = list.setFilter('voice');
    stale();
    release();
    await Promise.all([first, second]);
    expect(list.files.value.map((m) => m.id)).toEqual(['e1']);
    expect(list.loading.value).toBe(false);
    const third = list.setQuery('nothing like it');
    release();
    await third;
    expect(list.files.value).toEqual([]);
  });
});
