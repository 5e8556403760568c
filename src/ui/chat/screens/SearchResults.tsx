/**
 * Search results: message text across all chats (or one, with `conv`), newest
 * first, the matches highlighted. Choosing a hit opens its chat and jumps to
 * the message. A lazy chunk: nothing here loads until someone searches.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { systemClock } from '../../../lib/clock';
import type { ConversationId } from '../../../lib/ids';
import { Avatar } from '../../components/Avatar';
import { language, t } from '../../i18n';
import { formatDateTime } from '../../i18n/time';
import { errorText } from '../../i18n/errors';
import { highlightRuns, jumpRequest } from '../models/chatView';
import { chatList } from '../models/chats';
import { LiveSearch } from '../models/LiveSearch';
import { searchMessages, type SearchHit } from '../models/messages';
import { hrefFor, navigate, route } from '../../shell/models/router';
import { personOf } from './person';
import '../search.css';

const SEARCH_LIMIT = 50;

interface SearchResultsProps {
  query: string;
  /** Search one chat only. */
  conv?: ConversationId;
  /** Called after a hit was chosen (e.g. to close the in-chat search). */
  onJump?: (hit: SearchHit) => void;
}

export function Snippet({ hit }: { hit: SearchHit }) {
  return (
    <span class="search-hit__snippet" data-testid="search-hit-snippet">
      {highlightRuns(hit.snippet, hit.ranges).map((run, i) =>
        run.hit ? <mark key={i}>{run.text}</mark> : run.text,
      )}
    </span>
  );
}

export function SearchResults({ query, conv, onJump }: SearchResultsProps) {
  const hits = useSignal<SearchHit[] | null>(null);
  const failed = useSignal<string | null>(null);

  const search = useMemo(
    () =>
      new LiveSearch(
        systemClock,
        (asked: { query: string; conv?: ConversationId }) =>
          searchMessages(asked.query, asked.conv, SEARCH_LIMIT),
        {
          found: (found) => {
            failed.value = null;
            hits.value = found;
          },
          failed: (err) => {
            failed.value = errorText(err);
          },
        },
      ),
    [],
  );
  useEffect(() => search.ask({ query, conv }), [query, conv]);
  useEffect(() => () => search.stop(), []);

  const open = (event: MouseEvent, hit: SearchHit) => {
    event.preventDefault();
    jumpRequest.value = { conv: hit.conv, id: hit.id };
    onJump?.(hit);
    const current = route.value;
    if (current.name !== 'chat' || current.id !== hit.conv) {
      navigate({ name: 'chat', id: hit.conv });
    }
  };

  const list = hits.value;
  return (
    <div class="search-results" data-testid="search-results">
      <p class="visually-hidden" role="status">
        {list === null
          ? t('chats.searching')
          : list.length === 0
            ? t('chats.searchNone', { query })
            : t('chats.searchResults', { count: list.length })}
      </p>
      {failed.value && (
        <p class="list-note list-note--error" role="alert">
          {t('chats.searchFailed', { reason: failed.value })}
        </p>
      )}
      {list !== null && list.length === 0 && (
        <p class="list-note" data-testid="search-empty">
          {t('chats.searchNone', { query })}
        </p>
      )}
      {list !== null && list.length > 0 && (
        <ul class="list">
          {list.map((hit) => {
            const chat = chatList.value.find((c) => c.conv === hit.conv);
            const person = chat ? personOf(chat.peer) : null;
            const author = person && hit.author === person.id ? person.title : t('chat.you');
            return (
              <li key={hit.id}>
                <a
                  class="search-hit"
                  href={hrefFor({ name: 'chat', id: hit.conv })}
                  data-testid="search-hit"
                  data-conv={hit.conv}
                  data-msg-id={hit.id}
                  onClick={(event) => open(event, hit)}
                >
                  {!conv && person && (
                    <Avatar name={person.title} src={person.avatar} seed={person.id} />
                  )}
                  <span class="search-hit__body">
                    <span class="search-hit__meta">
                      <span class="search-hit__who">{conv ? author : (person?.title ?? '')}</span>
                      <time class="search-hit__time">{formatDateTime(hit.ts, language.value)}</time>
                    </span>
                    <Snippet hit={hit} />
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
