/**
 * A moment's pictures (one to nine, in a grid) or its video, as the thumbnails made on the
 * author's device. A tap opens the picture in the chat's viewer, or plays the video; one this
 * device does not hold yet downloads first and opens when it arrives.
 */
import { useSignal } from '@preact/signals';
import { createPortal } from 'preact/compat';
import { useEffect } from 'preact/hooks';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import type { MediaView, MomentsApi, PostView } from '../../../peers/moments/api';
import { ImageViewer } from '../../files/screens/ImageViewer';
import { ImageIcon } from '../../components/FeatureIcons';
import { t } from '../../i18n';
import { downloadBlob } from '../../shell/models/download';
import { push } from '../../shell/models/toasts';
import { gridColumns } from '../models/postView';
import { VideoPlayer } from './VideoPlayer';
// The viewer's styles are the chat's.
import '../../files/files.css';

const logger = log('ui:moments');

interface Open {
  index: number;
  url: string | null;
}

function nameOf(post: PostView, media: MediaView): string {
  const ext = media.mime.split('/')[1]?.split(/[;+]/)[0] ?? 'bin';
  return `moment-${post.at}-${media.index + 1}.${ext}`;
}

export function MediaGrid({ post, api }: { post: PostView; api: MomentsApi }) {
  const open = useSignal<Open | null>(null);
  const media = post.media;
  const wanted = open.value;
  const state = wanted ? media[wanted.index]?.state : undefined;

  // Once the wanted picture is here, read its bytes and show it.
  useEffect(() => {
    if (!wanted || wanted.url || state !== 'ready') return;
    let live = true;
    let made: string | null = null;
    api.picture(post.key, wanted.index).then(
      (blob) => {
        if (!live || !blob) return;
        made = URL.createObjectURL(blob);
        open.value = { index: wanted.index, url: made };
      },
      (err: unknown) => logger.warn('could not open a picture', describeError(err)),
    );
    return () => {
      live = false;
      if (made && open.peek()?.url !== made) URL.revokeObjectURL(made);
    };
  }, [wanted?.index, wanted?.url, state]);

  const close = () => {
    const url = open.peek()?.url;
    if (url) URL.revokeObjectURL(url);
    open.value = null;
  };

  const tap = (item: MediaView) => {
    open.value = { index: item.index, url: null };
    if (item.state !== 'ready' && item.state !== 'downloading') {
      api.download(post.key, item.index).catch((err: unknown) => {
        logger.warn('could not download a picture', describeError(err));
        push({ kind: 'error', message: t('moments.downloadFailed') });
      });
    }
  };

  if (media.length === 0) return null;
  const isVideo = media.length === 1 && media[0]?.mime.startsWith('video/');
  const shown = wanted?.url ? media[wanted.index] : undefined;
  return (
    <>
      <ul
        class="moment-grid"
        data-cols={isVideo ? 1 : gridColumns(media.length)}
        data-testid="moment-grid"
        aria-label={t('moments.pictures', { count: media.length })}
      >
        {media.map((item) => (
          <li key={item.index} class="moment-grid__cell">
            <button
              type="button"
              class="moment-grid__button"
              data-testid="moment-picture"
              data-state={item.state}
              aria-label={t(isVideo ? 'moments.playVideo' : 'moments.openPicture', {
                n: item.index + 1,
                count: media.length,
              })}
              aria-busy={wanted?.index === item.index && !wanted.url ? 'true' : undefined}
              onClick={() => tap(item)}
            >
              {item.thumb ? (
                <img
                  class="moment-grid__thumb"
                  data-testid="moment-thumb"
                  src={item.thumb}
                  alt=""
                />
              ) : (
                <ImageIcon class="moment-grid__placeholder" width="32" height="32" />
              )}
              {isVideo && <span class="moment-grid__play" aria-hidden="true" />}
              {wanted?.index === item.index && !wanted.url && (
                <span class="spinner moment-grid__spinner" aria-hidden="true" />
              )}
            </button>
          </li>
        ))}
      </ul>
      {wanted?.url &&
        shown &&
        createPortal(
          shown.mime.startsWith('video/') ? (
            <VideoPlayer url={wanted.url} name={nameOf(post, shown)} onClose={close} />
          ) : (
            <ImageViewer
              url={wanted.url}
              name={nameOf(post, shown)}
              onSave={() =>
                void api.picture(post.key, shown.index).then((blob) => {
                  if (blob) downloadBlob(blob, nameOf(post, shown));
                })
              }
              onClose={close}
            />
          ),
          document.body,
        )}
    </>
  );
}
