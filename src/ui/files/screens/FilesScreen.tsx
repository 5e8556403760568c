/**
 * A chat's Files page ([FILES-PAGE-1]): every file sent in the chat, newest first, with its
 * name, size, sender and date; type chips and a name search narrow it, "Load more" reads the
 * next bounded page. A tap saves a file that is here and downloads one that is not. A lazy
 * chunk, opened from the chat's header.
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { FileMessage } from '../../../db/fileMessages';
import type { ConversationId } from '../../../lib/ids';
import { EmptyState } from '../../components/EmptyState';
import { SearchIcon } from '../../components/Icons';
import { Screen } from '../../components/Screen';
import { language, loadStrings, t, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../i18n/time';
import { myId } from '../../chat/models/chatFeed';
import { personOf } from '../../chat/screens/person';
import { hrefFor } from '../../shell/models/router';
import { acceptFile, saveFile } from '../models/files';
import { FILE_FILTERS, FilesList, type FileFilter } from '../models/filesPage';
import { formatBytes } from '../models/filesFormat';
import { DocIcon } from './FileIcons';
import { isOpenable, useFileProgress } from './useFile';
import '../storage.css';
import '../filesPage.css';

void loadStrings('files');

const FILTER_LABEL: Record<FileFilter, MessageKey> = {
  all: 'files.filterAll',
  pictures: 'files.filterPictures',
  videos: 'files.filterVideos',
  documents: 'files.filterDocuments',
  voice: 'files.filterVoice',
};

/** Who sent a file: "You", else the friend's or member's name as this device knows it. */
function senderOf(m: FileMessage): string {
  return m.author === myId() ? t('chat.you') : personOf(m.author).title;
}

function FileRow({ message }: { message: FileMessage }) {
  const { file } = message;
  const progress = useFileProgress(message.id);
  const here = isOpenable(progress);
  const lang = language.value;
  const open = () => void (here ? saveFile(message.id, file.name) : acceptFile(message.id));
  return (
    <li class="usage files-page__row" data-testid="files-page-row" data-name={file.name}>
      {file.thumb ? (
        <img class="files-page__thumb" src={file.thumb} alt="" width="40" height="40" />
      ) : (
        <DocIcon class="files-page__thumb" width="40" height="40" />
      )}
      <div class="usage__text">
        <span class="usage__name">{file.name}</span>
        <span class="usage__meta">
          {t('files.pageRow', {
            size: formatBytes(file.size, lang),
            sender: senderOf(message),
            date: formatDateTime(message.ts, lang),
          })}
        </span>
      </div>
      <button
        type="button"
        class="button button--text"
        data-testid="files-page-open"
        aria-label={
          here
            ? t('files.pageOpenName', { name: file.name })
            : t('files.pageGetName', { name: file.name })
        }
        onClick={open}
      >
        {here ? t('files.save') : t('files.download', { size: formatBytes(file.size, lang) })}
      </button>
    </li>
  );
}

export function FilesScreen({ id }: { id: string }) {
  const conv = id as ConversationId;
  const list = useMemo(() => new FilesList(conv), [conv]);
  useEffect(() => void list.reload(), [list]);
  const files = list.files.value;
  const filtered = list.filter.value !== 'all' || list.query.value.trim() !== '';

  return (
    <Screen title={t('files.pageTitle')} back={hrefFor({ name: 'chat', id })} testId="files-page">
      <div class="search" role="search">
        <SearchIcon class="search__icon" width="20" height="20" />
        <label class="visually-hidden" for="files-page-search">
          {t('files.pageSearch')}
        </label>
        <input
          id="files-page-search"
          class="field__input search__input"
          type="search"
          data-testid="files-page-search"
          placeholder={t('files.pageSearch')}
          autocomplete="off"
          value={list.query.value}
          onInput={(event) => void list.setQuery(event.currentTarget.value)}
        />
      </div>
      <div class="files-page__filters" role="group" aria-label={t('files.pageFilters')}>
        {FILE_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            class="files-page__chip"
            data-testid={`files-filter-${f}`}
            aria-pressed={list.filter.value === f}
            onClick={() => void list.setFilter(f)}
          >
            {t(FILTER_LABEL[f])}
          </button>
        ))}
      </div>
      {files.length > 0 && (
        <ul class="usage-list" data-testid="files-page-list" aria-label={t('files.pageTitle')}>
          {files.map((m) => (
            <FileRow key={m.id} message={m} />
          ))}
        </ul>
      )}
      {list.failed.value && (
        <p class="list-note" role="alert" data-testid="files-page-failed">
          {t('files.pageFailed')}
        </p>
      )}
      {list.loading.value && (
        <p class="list-note" role="status">
          {t('files.pageLoading')}
        </p>
      )}
      {!list.loading.value && !list.failed.value && files.length === 0 && !list.more.value && (
        <EmptyState
          testId="files-page-empty"
          title={filtered ? t('files.pageNoMatchTitle') : t('files.pageEmptyTitle')}
          body={filtered ? t('files.pageNoMatchBody') : t('files.pageEmptyBody')}
          icon={<DocIcon width="40" height="40" />}
        />
      )}
      {list.more.value && !list.loading.value && (
        <button
          type="button"
          class="button button--secondary files-page__more"
          data-testid="files-page-more"
          onClick={() => void list.loadMore()}
        >
          {t('files.pageMore')}
        </button>
      )}
    </Screen>
  );
}
