/**
 * The Files page of one chat ([FILES-PAGE-1]): every file sent there, newest first, narrowed
 * by a type filter and a name search, read a bounded page at a time (src/db/fileMessages.ts).
 * Changing the filter or the search starts the list over; an answer to a superseded read is
 * dropped, so a slow page never lands in a newer list.
 */
import { signal } from '@preact/signals';
import { getDb } from '../../../db/db';
import { filesBefore, type FileMessage, type FilesPage } from '../../../db/fileMessages';
import type { Position } from '../../../db/messagesRepo';
import type { ConversationId } from '../../../lib/ids';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';

const logger = log('ui:files-page');

/** Files shown per page. */
export const FILES_PAGE_SIZE = 30;
/** Messages read at most per page: a chat of many texts and few files stays cheap. */
export const FILES_PAGE_SCAN = 2_000;

/** The type filter chips. */
export const FILE_FILTERS = ['all', 'pictures', 'videos', 'documents', 'voice'] as const;
export type FileFilter = (typeof FILE_FILTERS)[number];

/** Which chip a file belongs to: voice before its mime, pictures and videos by mime, else documents. */
export function filterOf(
  file: Pick<FileMessage['file'], 'mime' | 'voice'>,
): Exclude<FileFilter, 'all'> {
  if (file.voice) return 'voice';
  if (file.mime.startsWith('image/')) return 'pictures';
  if (file.mime.startsWith('video/')) return 'videos';
  return 'documents';
}

/** Case- and width-insensitive form of a name or a query. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/** The test a file must pass to be listed under `filter` with the search `query`. */
export function fileMatcher(filter: FileFilter, query: string): (file: FileMessage) => boolean {
  const q = fold(query);
  return (m) =>
    (filter === 'all' || filterOf(m.file) === filter) &&
    (q === '' || fold(m.file.name).includes(q));
}

/** Reads one page; the database read in the app, a stub in tests. */
export type ReadFilesPage = (
  conv: ConversationId,
  before: Position | null,
  keep: (file: FileMessage) => boolean,
) => Promise<FilesPage>;

const readFromDb: ReadFilesPage = (conv, before, keep) =>
  filesBefore(getDb(), conv, before, { limit: FILES_PAGE_SIZE, scanLimit: FILES_PAGE_SCAN, keep });

/** The list of one chat's files as the page shows it. */
export class FilesList {
  readonly files = signal<readonly FileMessage[]>([]);
  /** A read is under way. */
  readonly loading = signal(false);
  /** Older messages remain unread (offer "Load more"). */
  readonly more = signal(false);
  readonly failed = signal(false);
  readonly filter = signal<FileFilter>('all');
  readonly query = signal('');
  private next: Position | null = null;
  private generation = 0;

  constructor(
    readonly conv: ConversationId,
    private readonly read: ReadFilesPage = readFromDb,
  ) {}

  /** Show only `filter`, from the newest again. */
  setFilter(filter: FileFilter): Promise<void> {
    this.filter.value = filter;
    return this.reload();
  }

  /** Search names for `query`, from the newest again. */
  setQuery(query: string): Promise<void> {
    this.query.value = query;
    return this.reload();
  }

  /** Start over from the newest file. */
  reload(): Promise<void> {
    this.generation++;
    this.files.value = [];
    this.next = null;
    this.more.value = false;
    return this.load(null);
  }

  /** The next (older) page. */
  loadMore(): Promise<void> {
    if (!this.more.peek() || this.loading.peek()) return Promise.resolve();
    return this.load(this.next);
  }

  private async load(before: Position | null): Promise<void> {
    const generation = this.generation;
    this.loading.value = true;
    this.failed.value = false;
    try {
      const page = await this.read(
        this.conv,
        before,
        fileMatcher(this.filter.peek(), this.query.peek()),
      );
      if (generation !== this.generation) return;
      this.files.value = [...this.files.peek(), ...page.files];
      this.next = page.next;
      this.more.value = page.next !== null;
    } catch (err) {
      if (generation !== this.generation) return;
      logger.warn('could not read the files of a chat', describeError(err));
      this.failed.value = true;
    } finally {
      if (generation === this.generation) this.loading.value = false;
    }
  }
}
