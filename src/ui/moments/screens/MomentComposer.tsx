/**
 * Writing a moment: text, up to nine pictures or one short video (thumbnails made on this
 * device, as in chat), and who will see it. Posting stores it first; friends get it when online.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { MAX_POST_TEXT_CHARS } from '../../../lib/moments/limits';
import {
  MAX_MOMENT_THUMB_CHARS,
  type Audience,
  type NewPost,
  type PictureInput,
  type VideoInput,
} from '../../../peers/moments/api';
import { CloseIcon } from '../../components/Icons';
import { ImageIcon } from '../../components/FeatureIcons';
import { Screen } from '../../components/Screen';
import { describeMedia } from '../../files/models/filesMedia';
import { people } from '../../friends/models/friends';
import { t, type MessageKey } from '../../i18n';
import { navigate } from '../../shell/models/router';
import { momentsHref } from '../models/momentsPath';
import { push } from '../../shell/models/toasts';
import { canPostTo, type AudienceFriend } from '../models/audience';
import { canPost, roomLeft } from '../models/draft';
import { addPicks, type PickProblem, type ReadyMedia } from '../models/picks';
import { AudiencePicker } from './AudiencePicker';
import { MomentsUnavailable } from './MomentsUnavailable';
import { useMomentsApi } from './useMoments';

const logger = log('ui:moments');

const PROBLEM_TEXT: Readonly<Record<PickProblem, MessageKey>> = {
  notMedia: 'moments.pickNotMedia',
  tooMany: 'moments.pickTooMany',
  mixed: 'moments.pickMixed',
  videoTooLong: 'moments.pickVideoTooLong',
  unreadable: 'moments.pickUnreadable',
};

/** The chat's thumbnail maker, within the smaller size a moment's thumbnails take. */
const readMedia = (blob: Blob) => describeMedia(blob, MAX_MOMENT_THUMB_CHARS);

let keys = 0;
const nextKey = () => `pick-${++keys}`;

/** My friends as the audience picker knows them (blocked people are not friends here). */
function audienceFriends(): AudienceFriend[] {
  return people.value
    .filter((p) => p.state === 'friend' && !p.blocked)
    .map((p) => ({ id: p.id, title: p.title, labels: p.labels }));
}

function newPostOf(text: string, media: readonly ReadyMedia[], audience: Audience): NewPost {
  const video = media.find((m) => m.kind === 'video');
  if (video) return { text, video: video.input as VideoInput, audience };
  const pictures: PictureInput[] = media.map((m) => m.input);
  return { text, pictures, audience };
}

export function MomentComposer() {
  const api = useMomentsApi();
  const text = useSignal('');
  const media = useSignal<ReadyMedia[]>([]);
  const audience = useSignal<Audience>({ kind: 'all' });
  const reading = useSignal(false);
  const posting = useSignal(false);
  const friends = audienceFriends();

  const onPick = async (event: JSX.TargetedEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    input.value = '';
    reading.value = true;
    const added = await addPicks(media.value, files, readMedia, nextKey);
    reading.value = false;
    media.value = added.media;
    for (const problem of added.problems) {
      push({ kind: 'error', message: t(PROBLEM_TEXT[problem]) });
    }
  };

  const ready =
    !!api &&
    !reading.value &&
    !posting.value &&
    canPost(text.value, media.value) &&
    canPostTo(audience.value, friends);

  const post = async () => {
    if (!api || !ready) return;
    posting.value = true;
    try {
      await api.publish(newPostOf(text.value.trim(), media.value, audience.value));
      navigate({ name: 'moments', path: '' }, { replace: true });
    } catch (err) {
      logger.warn('could not post a moment', describeError(err));
      push({ kind: 'error', message: t('moments.postFailed') });
      posting.value = false;
    }
  };

  const room = roomLeft(media.value);
  return (
    <Screen
      title={t('moments.newTitle')}
      back={momentsHref({ screen: 'feed' })}
      testId="moment-composer"
    >
      {api === null && <MomentsUnavailable />}
      <form
        class="cards"
        onSubmit={(event) => {
          event.preventDefault();
          void post();
        }}
      >
        <section class="card card--stack">
          <label class="field__label" for="moment-text">
            {t('moments.textLabel')}
          </label>
          <textarea
            id="moment-text"
            class="field__input moment-composer__text"
            data-testid="moment-text-input"
            rows={4}
            maxLength={MAX_POST_TEXT_CHARS}
            placeholder={t('moments.textPlaceholder')}
            value={text.value}
            onInput={(event) => (text.value = event.currentTarget.value)}
          />
          {media.value.length > 0 && (
            <ul class="moment-draft" aria-label={t('moments.attached')}>
              {media.value.map((m) => (
                <li key={m.key} class="moment-draft__item" data-testid="moment-draft-media">
                  {m.thumb && <img class="moment-draft__thumb" src={m.thumb} alt={m.name} />}
                  <button
                    type="button"
                    class="icon-button moment-draft__remove"
                    aria-label={t('moments.removeMedia', { name: m.name })}
                    onClick={() => (media.value = media.value.filter((x) => x.key !== m.key))}
                  >
                    <CloseIcon width="16" height="16" />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="file-button">
            <input
              id="moment-pick"
              class="file-button__input"
              type="file"
              accept="image/*,video/*"
              multiple
              data-testid="moment-pick"
              disabled={room === 0 || reading.value}
              onChange={(event) => void onPick(event)}
            />
            <label class="button button--secondary" for="moment-pick" aria-busy={reading.value}>
              <ImageIcon width="20" height="20" />
              {reading.value
                ? t('moments.reading')
                : room === 0
                  ? t('moments.pickFull')
                  : t('moments.pick', { count: room })}
            </label>
          </div>
        </section>
        <AudiencePicker
          audience={audience.value}
          friends={friends}
          onChange={(next) => (audience.value = next)}
        />
        <div class="button-row">
          <button
            type="submit"
            class="button button--primary"
            data-testid="moment-post"
            disabled={!ready}
            aria-busy={posting.value}
          >
            {posting.value ? t('moments.posting') : t('moments.post')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
