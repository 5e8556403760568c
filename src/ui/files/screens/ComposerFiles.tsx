/**
 * The composer's file controls: the attach button (a file picker,
 * several at once) and the list of files being prepared for this chat.
 */
import { useRef } from 'preact/hooks';
import type { ConversationId, EventId } from '../../../lib/ids';
import { CloseIcon } from '../../components/Icons';
import { language, t } from '../../i18n';
import { formatBytes, percentOf } from '../models/filesFormat';
import { outgoing, sendFiles, unqueue } from '../models/filesSend';
import { AttachIcon } from './FileIcons';

/** A paperclip that opens the file picker; the picked files are sent one after another. */
export function AttachButton(props: { conv: ConversationId; replyTo: () => EventId | undefined }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        class="icon-button composer__attach"
        data-testid="attach-button"
        aria-label={t('files.attach')}
        title={t('files.attach')}
        onClick={() => input.current?.click()}
      >
        <AttachIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        aria-label={t('files.attach')}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          // Cleared, so picking the same file again still fires 'change'.
          event.currentTarget.value = '';
          sendFiles(props.conv, files, props.replyTo());
        }}
      />
    </>
  );
}

/** Files of this chat waiting to be sent or being prepared, each with its progress. */
export function OutgoingList({ conv }: { conv: ConversationId }) {
  const items = outgoing.value.filter((o) => o.conv === conv);
  if (items.length === 0) return null;
  const lang = language.value;
  return (
    <ul class="outgoing" data-testid="outgoing" aria-label={t('files.outgoing')}>
      {items.map((o) => {
        const percent = percentOf(o.prepared, o.size);
        return (
          <li key={o.key} class="outgoing__item" data-testid="outgoing-item" data-state={o.state}>
            <div class="outgoing__text">
              <span class="outgoing__name" dir="auto">
                {o.name}
              </span>
              <span class="outgoing__meta">
                {o.state === 'queued'
                  ? t('files.queued', { size: formatBytes(o.size, lang) })
                  : t('files.preparing', { percent })}
              </span>
            </div>
            {o.state === 'preparing' ? (
              <progress
                class="outgoing__bar"
                max={100}
                value={percent}
                aria-label={t('files.preparingName', { name: o.name })}
              />
            ) : (
              <button
                type="button"
                class="icon-button"
                data-testid="outgoing-remove"
                aria-label={t('files.unqueue', { name: o.name })}
                title={t('files.unqueue', { name: o.name })}
                onClick={() => unqueue(o.key)}
              >
                <CloseIcon width="18" height="18" />
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
