/**
 * Friends: search, requests to answer, requests sent, friends by label and
 * blocked people. Empty, it says how to add someone.
 */
import { useComputed, useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { EmptyState } from '../../components/EmptyState';
import { FriendsIcon, SearchIcon } from '../../components/Icons';
import { QrIcon, ScanIcon, WarningIcon } from '../../components/FeatureIcons';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n';
import { sectionsOf, withNotices } from '../models/friendList';
import { people } from '../models/friends';
import { hrefFor } from '../../shell/models/router';
import { GroupCallButton } from '../../calls/screens/GroupCallButton';
import { FriendRow, IncomingRow, OutgoingRow } from './PersonRows';
import '../friends.css';

function Section(props: {
  title: string;
  testId: string;
  label?: string;
  children: ComponentChildren;
}) {
  const id = `friends-section-${props.testId}-${props.label ?? ''}`;
  return (
    <section
      class="list-section"
      aria-labelledby={id}
      data-testid={props.testId}
      data-label={props.label}
    >
      <h2 class="list-section__title" id={id}>
        {props.title}
      </h2>
      <ul class="list">{props.children}</ul>
    </section>
  );
}

/** Security notices go above everything: they must not be missed. */
function NoticeAlerts() {
  const flagged = withNotices(people.value);
  if (flagged.length === 0) return null;
  return (
    <div class="list-alerts" role="alert" data-testid="friends-notices">
      {flagged.map((person) => (
        <a key={person.id} class="list-alert" href={hrefFor({ name: 'friend', id: person.id })}>
          <WarningIcon width="22" height="22" />
          <span>{t('friends.noticeAlert', { name: person.title })}</span>
        </a>
      ))}
    </div>
  );
}

function HeaderActions() {
  return (
    <>
      <GroupCallButton />
      <a
        class="icon-button"
        href={hrefFor({ name: 'code' })}
        data-testid="friends-code-link"
        aria-label={t('code.title')}
        title={t('code.title')}
      >
        <QrIcon />
      </a>
      <a
        class="icon-button"
        href={hrefFor({ name: 'scan' })}
        data-testid="friends-scan-link"
        aria-label={t('scan.title')}
        title={t('scan.title')}
      >
        <ScanIcon />
      </a>
    </>
  );
}

function Empty() {
  return (
    <EmptyState
      testId="friends-empty"
      icon={<FriendsIcon width="40" height="40" />}
      title={t('friends.emptyTitle')}
      body={t('friends.emptyBody')}
    >
      <a
        class="button button--primary"
        href={hrefFor({ name: 'code' })}
        data-testid="friends-empty-code"
      >
        <QrIcon width="20" height="20" />
        {t('friends.showMyCode')}
      </a>
      <a
        class="button button--secondary"
        href={hrefFor({ name: 'scan' })}
        data-testid="friends-empty-scan"
      >
        <ScanIcon width="20" height="20" />
        {t('friends.scanCode')}
      </a>
    </EmptyState>
  );
}

export function FriendsScreen() {
  const query = useSignal('');
  const sections = useComputed(() => sectionsOf(people.value, query.value));
  const all = people.value;
  const s = sections.value;

  return (
    <Screen title={t('friends.title')} actions={<HeaderActions />}>
      {all.length === 0 ? (
        <Empty />
      ) : (
        <>
          <NoticeAlerts />
          <div class="search" role="search">
            <SearchIcon class="search__icon" width="20" height="20" />
            <label class="visually-hidden" for="friends-search">
              {t('friends.search')}
            </label>
            <input
              id="friends-search"
              class="field__input search__input"
              type="search"
              data-testid="friends-search"
              placeholder={t('friends.search')}
              autocomplete="off"
              value={query.value}
              onInput={(event) => {
                query.value = event.currentTarget.value;
              }}
            />
          </div>
          <p class="visually-hidden" role="status">
            {query.value.trim() ? t('friends.matches', { count: s.count }) : ''}
          </p>
          {s.count === 0 && (
            <p class="list-note" data-testid="friends-no-match">
              {t('friends.noMatch', { query: query.value.trim() })}
            </p>
          )}
          {s.incoming.length > 0 && (
            <Section
              title={t('friends.incoming', { count: s.incoming.length })}
              testId="friends-incoming"
            >
              {s.incoming.map((person) => (
                <IncomingRow key={person.id} person={person} />
              ))}
            </Section>
          )}
          {s.outgoing.length > 0 && (
            <Section title={t('friends.outgoing')} testId="friends-outgoing">
              {s.outgoing.map((person) => (
                <OutgoingRow key={person.id} person={person} />
              ))}
            </Section>
          )}
          {s.groups.map((group) => (
            <Section
              key={group.label ?? ''}
              testId="friends-group"
              label={group.label ?? ''}
              title={
                group.label ?? (s.groups.length > 1 ? t('friends.unlabelled') : t('friends.all'))
              }
            >
              {group.people.map((person) => (
                <FriendRow key={person.id} person={person} />
              ))}
            </Section>
          ))}
          {s.blocked.length > 0 && (
            <Section title={t('friends.blocked')} testId="friends-blocked">
              {s.blocked.map((person) => (
                <FriendRow key={person.id} person={person} />
              ))}
            </Section>
          )}
        </>
      )}
    </Screen>
  );
}
