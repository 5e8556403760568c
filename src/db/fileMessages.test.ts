import { afterEach, describe, expect, it } from 'vitest';
import type { FileBody } from '../lib/chatEvent';
import type { ConversationId, EventId, PeerId } from '../lib/ids';
import type { MessageRow } from './chatRows';
import { PlumeDatabase } from './db';
import { filesBefore, FILE_SCAN_BATCH } from './fileMessages';

const conv = 'd:filesfilesfilesfilesfiles' as ConversationId;
const other = 'd:otherotherotherotherother' as ConversationId;
let db: PlumeDatabase | null = null;

afterEach(() => {
  db?.close();
  db = null;
});

function body(name: string): FileBody {
  return { name, size: 10, mime: 'image/png', sha256: 'x', chunkSize: 4, chunks: 'y' };
}

function text(n: number, chat = conv): MessageRow {
  return {
    id: `${chat}:a:${n}` as EventId,
    conv: chat,
    author: 'a' as PeerId,
    seq: n,
    lamport: n,
    ts: n,
    text: `m${n}`,
    replyTo: null,
    editLamport: 0,
    recalled: false,
    reactions: {},
    hidden: false,
  };
}

function file(n: number, change: Partial<MessageRow> = {}, chat = conv): MessageRow {
  return { ...text(n, chat), kind: 'file', text: '', file: body(`f${n}`), ...change };
}

async function open(rows: MessageRow[]): Promise<PlumeDatabase> {
  db = new PlumeDatabase(`test-file-messages-${crypto.randomUUID()}`);
  await db.messages.bulkPut(rows);
  return db;
}

const names = (page: { files: { file: FileBody }[] }) => page.files.map((f) => f.file.name);

describe('a chat’s files, newest first [FILES-PAGE-2]', () => {
  it('[FILES-PAGE-2] lists only shown file messages of the chat, newest first, in pages', async () => {
    const d = await open([
      text(1),
      file(2),
      text(3),
      file(4, { hidden: true }),
      file(5, { recalled: true }),
      file(6, { voided: true }),
      file(7),
      file(8),
      file(9, {}, other),
      text(10),
    ]);
    const first = await filesBefore(d, conv, null, { limit: 2, scanLimit: 100 });
    expect(names(first)).toEqual(['f8', 'f7']);
    expect(first.next).toEqual({ lamport: 7, author: 'a' });
    const second = await filesBefore(d, conv, first.next, { limit: 2, scanLimit: 100 });
    expect(names(second)).toEqual(['f2']);
    expect(second.next).toBeNull();
  });

  it('[FILES-PAGE-2] applies the caller’s filter while filling the page', async () => {
    const d = await open([file(1), file(2), file(3), file(4)]);
    const page = await filesBefore(d, conv, null, {
      limit: 5,
      scanLimit: 100,
      keep: (m) => m.file.name !== 'f3',
    });
    expect(names(page)).toEqual(['f4', 'f2', 'f1']);
    expect(page.next).toBeNull();
  });

  it('[FILES-PAGE-2] reads at most scanLimit rows and says where to go on', async () => {
    const many = FILE_SCAN_BATCH + 50;
    const rows = [file(1), ...Array.from({ length: many }, (_, i) => text(i + 2))];
    const d = await open(rows);
    const scanLimit = FILE_SCAN_BATCH + 10;
    const page = await filesBefore(d, conv, null, { limit: 5, scanLimit });
    expect(page.files).toEqual([]);
    // The oldest row read: the newest is lamport many + 1, and scanLimit rows were read.
    expect(page.next).toEqual({ lamport: many + 2 - scanLimit, author: 'a' });
    const rest = await filesBefore(d, conv, page.next, { limit: 5, scanLimit });
    expect(names(rest)).toEqual(['f1']);
    expect(rest.next).toBeNull();
  });
});
