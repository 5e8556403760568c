/**
 * "Read by N" under my message in a group ([GRP-54]); tapping it opens who has read it and who
 * has not, by the names the group shows.
 */
import { useSignal } from '@preact/signals';
import type { PeerId } from '../../../lib/ids';
import { Avatar } from '../../components/Avatar';
import { MenuSheet } from '../../components/MenuSheet';
import { t } from '../../i18n';
import type { MemberRow } from '../models/members';
import { readSplit } from '../models/readBy';

interface ReadByProps {
  message: { author: PeerId; lamport: number };
  marks: ReadonlyMap<PeerId, number>;
  members: readonly MemberRow[];
}

function People({ rows, empty, testId }: { rows: MemberRow[]; empty: string; testId: string }) {
  if (rows.length === 0) return <p class="read-by__empty">{empty}</p>;
  return (
    <ul class="read-by__list" data-testid={testId}>
      {rows.map((m) => (
        <li key={m.id} class="read-by__person" data-testid="read-by-person" data-peer={m.id}>
          <span class="person__avatar" aria-hidden="true">
            <Avatar name={m.name} src={m.avatar} seed={m.id} />
          </span>
          <span>{m.name}</span>
        </li>
      ))}
    </ul>
  );
}

export function ReadBy({ message, marks, members }: ReadByProps) {
  const open = useSignal(false);
  const { read, unread } = readSplit(message, marks, members);
  if (read.length === 0 && unread.length === 0) return null;
  const close = () => {
    open.value = false;
  };
  return (
    <div class="read-by">
      <button
        type="button"
        class="read-by__open"
        data-testid="read-by"
        data-count={String(read.length)}
        aria-haspopup="dialog"
        onClick={() => {
          open.value = true;
        }}
      >
        {t('groups.readBy', { count: read.length })}
      </button>
      <MenuSheet
        open={open.value}
        label={t('groups.readByTitle')}
        onClose={close}
        testId="read-by-sheet"
      >
        <h2 class="sheet__title">{t('groups.readByList')}</h2>
        <People rows={read} empty={t('groups.readByNone')} testId="read-by-read" />
        <h2 class="sheet__title">{t('groups.unreadByList')}</h2>
        <People rows={unread} empty={t('groups.unreadByNone')} testId="read-by-unread" />
        <button type="button" class="sheet__item" data-testid="read-by-close" onClick={close}>
          {t('groups.readByDone')}
        </button>
      </MenuSheet>
    </div>
  );
}
