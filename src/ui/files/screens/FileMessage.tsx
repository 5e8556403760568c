/**
 * A file message in the chat: thumbnail, then the image (opens
 * full-size with zoom); inline video and audio; the voice message player; or
 * a card with name, size, type and Save. Under it, the transfer's progress,
 * accept, cancel and what went wrong.
 */
import { useSignal } from '@preact/signals';
import { createPortal } from 'preact/compat';
import type { FileBody } from '../../../lib/chatEvent';
import { language, loadStrings, t } from '../../i18n';
import { saveFile } from '../models/files';
import { fileKindOf, fitWithin, formatBytes } from '../models/filesFormat';
import type { MessageView } from '../../chat/models/messages';
import type { ChatPerson } from '../../chat/screens/person';
import { ImageIcon } from '../../components/FeatureIcons';
import { DocIcon, DownloadIcon } from './FileIcons';
import { ImageViewer } from './ImageViewer';
import { TransferStatus } from './TransferStatus';
import { isOpenable, useFileProgress, useObjectUrl } from './useFile';
import { VoicePlayer } from './VoicePlayer';

// The files words load with the chat screen's chunk, not when the first file shows.
void loadStrings('files');

/** Largest edge of an image or video in the bubble, CSS pixels. */
const INLINE_PX = 280;
/** Height to width of a picture whose size is unknown. */
const UNKNOWN_RATIO = 3 / 4;

interface Props {
  message: MessageView;
  file: FileBody;
  person: ChatPerson;
}

/** Name, size and type, with Save once the bytes are here. */
function FileCard({
  message,
  file,
  url,
}: {
  message: MessageView;
  file: FileBody;
  url: string | null;
}) {
  const size = formatBytes(file.size, language.value);
  return (
    <div class="file-card" data-testid="file-card">
      <DocIcon class="file-card__icon" width="32" height="32" />
      <div class="file-card__text">
        <span class="file-card__name" data-testid="file-name" dir="auto">
          {file.name}
        </span>
        <span class="file-card__meta" data-testid="file-meta">
          {size} · {file.mime}
        </span>
      </div>
      {url && (
        <button
          type="button"
          class="icon-button file-card__save"
          data-testid="file-save"
          aria-label={t('files.saveName', { name: file.name })}
          title={t('files.save')}
          onClick={(event) => {
            event.stopPropagation();
            void saveFile(message.id, file.name);
          }}
        >
          <DownloadIcon width="22" height="22" />
        </button>
      )}
    </div>
  );
}

/** The size a picture takes in the bubble (CSS shrinks it further on narrow screens). */
function boxStyle(file: FileBody) {
  const box =
    file.width && file.height
      ? fitWithin(file.width, file.height, INLINE_PX)
      : { width: INLINE_PX, height: Math.round(INLINE_PX * UNKNOWN_RATIO) };
  return { width: `${box.width}px`, aspectRatio: `${box.width} / ${box.height}` };
}

function ImageFile({
  message,
  file,
  url,
}: {
  message: MessageView;
  file: FileBody;
  url: string | null;
}) {
  const viewing = useSignal(false);
  const loaded = useSignal(false);
  return (
    <>
      <button
        type="button"
        class="file-image"
        style={boxStyle(file)}
        data-testid="file-open"
        data-loaded={String(loaded.value)}
        disabled={!url}
        aria-label={t('files.openImage', { name: file.name })}
        onClick={(event) => {
          event.stopPropagation();
          viewing.value = true;
        }}
      >
        {file.thumb ? (
          <img class="file-image__thumb" data-testid="file-thumb" src={file.thumb} alt="" />
        ) : (
          !loaded.value && <ImageIcon class="file-image__placeholder" width="40" height="40" />
        )}
        {url && (
          <img
            class="file-image__full"
            data-testid="file-image"
            src={url}
            alt={file.name}
            onLoad={() => {
              loaded.value = true;
            }}
          />
        )}
      </button>
      {/* In <body>, not in the bubble: its long-press and menu gestures must not see the viewer's. */}
      {viewing.value &&
        url &&
        createPortal(
          <ImageViewer
            url={url}
            name={file.name}
            onSave={() => void saveFile(message.id, file.name)}
            onClose={() => {
              viewing.value = false;
            }}
          />,
          document.body,
        )}
    </>
  );
}

function VideoFile({ file, url }: { file: FileBody; url: string | null }) {
  if (!url) {
    return (
      <div class="file-image file-video--pending" style={boxStyle(file)}>
        {file.thumb && (
          <img class="file-image__thumb" data-testid="file-thumb" src={file.thumb} alt="" />
        )}
      </div>
    );
  }
  return (
    <video
      class="file-video"
      data-testid="file-video"
      style={boxStyle(file)}
      src={url}
      poster={file.thumb}
      controls
      preload="metadata"
      aria-label={file.name}
    />
  );
}

export function FileMessage({ message, file, person }: Props) {
  const progress = useFileProgress(message.id);
  const url = useObjectUrl(message.id, isOpenable(progress));
  const kind = fileKindOf(file);
  return (
    <div
      class={`file file--${kind}`}
      data-testid="file-message"
      data-kind={kind}
      data-name={file.name}
      data-state={progress?.state ?? 'unknown'}
      data-direction={progress?.direction}
      data-bytes={progress ? String(progress.bytes) : undefined}
      data-ready={String(url !== null)}
    >
      {kind === 'voice' ? (
        <VoicePlayer file={file} url={url} />
      ) : kind === 'image' ? (
        <ImageFile message={message} file={file} url={url} />
      ) : kind === 'video' ? (
        <>
          <VideoFile file={file} url={url} />
          <FileCard message={message} file={file} url={url} />
        </>
      ) : kind === 'audio' ? (
        <>
          <FileCard message={message} file={file} url={url} />
          {url && (
            <audio
              class="file-audio"
              data-testid="file-audio"
              src={url}
              controls
              preload="metadata"
              aria-label={file.name}
            />
          )}
        </>
      ) : (
        <FileCard message={message} file={file} url={url} />
      )}
      {progress && (
        <TransferStatus id={message.id} file={file} progress={progress} person={person} />
      )}
    </div>
  );
}
