/**
 * Where a file's transfer stands, under the file: a progress bar with
 * percentage, speed and time left while bytes move; the accept button for a
 * file that asks; cancel; and a clear sentence (with what to do) for
 * waiting, no space, failed, cancelled and freed.
 */
import type { FileBody } from '../../../lib/chatEvent';
import type { EventId } from '../../../lib/ids';
import type { FileError, FileProgress } from '../../../peers/files/api';
import { language, t, type MessageKey } from '../../i18n';
import { acceptFile, cancelFile } from '../models/files';
import { formatBytes, formatClock, formatSpeed, percentOf } from '../models/filesFormat';
import type { ChatPerson } from '../../chat/screens/person';
import { DownloadIcon } from './FileIcons';

const FAILED_TEXT: Readonly<Record<FileError, MessageKey>> = {
  integrity: 'files.failedIntegrity',
  storage: 'files.failedStorage',
  source: 'files.failedSource',
  network: 'files.failedNetwork',
  refused: 'files.failedRefused',
};

interface Props {
  id: EventId;
  file: FileBody;
  progress: FileProgress;
  person: ChatPerson;
}

function Bar({ progress, file }: { progress: FileProgress; file: FileBody }) {
  const lang = language.value;
  const percent = percentOf(progress.bytes, progress.size);
  const parts = [`${percent}%`];
  if (progress.bytesPerSecond > 0) parts.push(formatSpeed(progress.bytesPerSecond, lang));
  if (progress.etaSeconds !== null) {
    parts.push(t('files.left', { time: formatClock(progress.etaSeconds * 1000) }));
  }
  const label = t(progress.direction === 'send' ? 'files.sending' : 'files.receiving', {
    name: file.name,
  });
  return (
    <div class="transfer__progress">
      <progress
        class="transfer__bar"
        data-testid="file-progress"
        max={Math.max(1, progress.size)}
        value={progress.bytes}
        aria-label={label}
        aria-valuetext={`${percent}%`}
      />
      <span class="transfer__figures" data-testid="file-progress-text">
        {parts.join(' · ')}
      </span>
    </div>
  );
}

function Action(props: { testId: string; label: string; name?: string; onClick: () => void }) {
  return (
    <button
      type="button"
      class="transfer__action"
      data-testid={props.testId}
      aria-label={props.name}
      onClick={(event) => {
        // The bubble opens the message menu on some gestures: keep this click to the button.
        event.stopPropagation();
        props.onClick();
      }}
    >
      {props.label}
    </button>
  );
}

/** The sentence for a state that is not moving bytes; null when there is nothing to say. */
function sentence(progress: FileProgress, person: ChatPerson): string | null {
  switch (progress.state) {
    case 'waiting':
      return person.online
        ? t('files.connecting', { name: person.title })
        : t('files.waiting', { name: person.title });
    case 'noSpace':
      return t('files.noSpace');
    case 'failed':
      return t(FAILED_TEXT[progress.error ?? 'network']);
    case 'cancelled':
      return t('files.cancelled');
    case 'freed':
      return t('files.freed');
    case 'preparing':
      return t('files.preparingShort');
    default:
      return null;
  }
}

export function TransferStatus({ id, file, progress, person }: Props) {
  const { state, direction } = progress;
  if (state === 'ready') return null;
  const receiving = direction === 'receive';
  const text = sentence(progress, person);
  const size = formatBytes(file.size, language.value);
  const accept = () => void acceptFile(id);
  const cancel = () => void cancelFile(id);
  const canCancel = state === 'active' || state === 'waiting';
  const canRetry = receiving && (state === 'failed' || state === 'noSpace');
  const canFetch = receiving && (state === 'freed' || state === 'cancelled');
  // A transfer I cancelled as the sender can go on: the bytes are still here.
  const canResume = !receiving && state === 'cancelled';
  return (
    <div class={`transfer transfer--${state}`} data-testid="file-transfer" data-state={state}>
      {(state === 'active' || state === 'preparing') && <Bar progress={progress} file={file} />}
      {text && (
        <p
          class="transfer__text"
          data-testid="file-status"
          role={state === 'failed' || state === 'noSpace' ? 'alert' : undefined}
        >
          {text}
        </p>
      )}
      <div class="transfer__actions">
        {state === 'ask' && (
          <button
            type="button"
            class="transfer__action transfer__action--main"
            data-testid="file-accept"
            aria-label={t('files.downloadName', { name: file.name, size })}
            onClick={(event) => {
              event.stopPropagation();
              accept();
            }}
          >
            <DownloadIcon width="18" height="18" />
            {t('files.download', { size })}
          </button>
        )}
        {canRetry && <Action testId="file-retry" label={t('files.retry')} onClick={accept} />}
        {canFetch && (
          <Action testId="file-fetch" label={t('files.downloadAgain')} onClick={accept} />
        )}
        {canResume && <Action testId="file-resume" label={t('files.resume')} onClick={accept} />}
        {canCancel && (
          <Action
            testId="file-cancel"
            label={t('files.cancel')}
            name={t('files.cancelName', { name: file.name })}
            onClick={cancel}
          />
        )}
      </div>
    </div>
  );
}
