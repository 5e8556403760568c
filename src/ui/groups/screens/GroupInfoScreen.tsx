/**
 * Group info: the group's name and announcement (edited by admins and the owner), its members
 * with their roles and what I may do to each, inviting friends, and my side of it (nickname,
 * mute, leave, dissolve). A lazy chunk with the groups stylesheet.
 */
import { useSignal } from '@preact/signals';
import { GROUP_ANNOUNCEMENT_MAX_CHARS, GROUP_NAME_MAX_CHARS } from '../../../lib/group/bodies';
import type { GroupFold } from '../../../lib/group/types';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { Avatar } from '../../components/Avatar';
import { Screen } from '../../components/Screen';
import { myId } from '../../chat/models/chatFeed';
import { t } from '../../i18n';
import { hrefFor } from '../../shell/models/router';
import { runGroupAction } from '../models/groupActions';
import { knownPeople } from '../models/groupPeople';
import { isGroupAdmin } from '../models/groupCode';
import {
  canDissolve,
  canEditMeta,
  canInvite,
  displayName,
  inviteNeedsApproval,
  memberList,
} from '../models/members';
import { GroupCodeCard } from './GroupCodeCard';
import { RequestsCard } from './RequestsCard';
import { EditableField } from './EditableField';
import { GroupSettings } from './GroupSettings';
import { InviteSheet } from './InviteSheet';
import { MemberSection } from './MemberSection';
import { useGroup } from './useGroup';
import '../groups.css';

export function GroupInfoScreen({ id }: { id: string }) {
  const conv = id as ConversationId;
  const state = useGroup(conv);
  const back = hrefFor({ name: 'chat', id });
  if (state.status !== 'ready') {
    return (
      <Screen title={t('groups.infoTitle')} back={back} testId="group-info">
        <p class="list-note" role="status">
          {state.status === 'waiting' ? t('groups.loading') : t('groups.unknown')}
        </p>
      </Screen>
    );
  }
  return <GroupInfo conv={conv} fold={state.fold} back={back} />;
}

function GroupInfo({ conv, fold, back }: { conv: ConversationId; fold: GroupFold; back: string }) {
  const inviting = useSignal(false);
  const me = myId() ?? ('' as PeerId);
  const known = knownPeople(me);
  const members = memberList(fold, me, known);
  const nameOf = (peer: PeerId) =>
    displayName(peer, fold.members[peer]?.nickname ?? null, known(peer));
  const name = fold.name ?? '';
  const admin = canEditMeta(fold, me);
  const mine = fold.members[me];
  const saveMeta = (meta: { name?: string; announcement?: string | null }) =>
    runGroupAction((api) => api.setMeta(conv, meta), t('groups.saved'));

  return (
    <Screen title={t('groups.infoTitle')} back={back} testId="group-info">
      {fold.dissolved ? (
        <p class="group-info__note" role="status" data-testid="group-dissolved">
          {t('groups.dissolved')}
        </p>
      ) : (
        !mine && (
          <p class="group-info__note" role="status" data-testid="group-not-member">
            {t('groups.notMember')}
          </p>
        )
      )}
      <div class="cards">
        <section class="card">
          <div class="group-info__head">
            <Avatar name={name} src={fold.avatar} seed={conv} size="l" />
            <div>
              <EditableField
                id="group-rename"
                label={t('groups.nameLabel')}
                editLabel={t('groups.rename')}
                saveLabel={t('groups.save')}
                cancelLabel={t('dialog.cancel')}
                value={name}
                maxLength={GROUP_NAME_MAX_CHARS}
                editable={admin}
                onSave={(text) => (text === '' ? Promise.resolve(false) : saveMeta({ name: text }))}
              >
                <p class="group-info__name" data-testid="group-info-name">
                  {name}
                </p>
              </EditableField>
              <p class="field__hint">{t('groups.members', { count: members.length })}</p>
            </div>
          </div>
        </section>
        <section class="card" aria-labelledby="group-announcement-title">
          <h2 class="card__title" id="group-announcement-title">
            {t('groups.announcement')}
          </h2>
          <EditableField
            id="group-announcement"
            label={t('groups.announcementLabel')}
            editLabel={t('groups.editAnnouncement')}
            saveLabel={t('groups.save')}
            cancelLabel={t('dialog.cancel')}
            value={fold.announcement ?? ''}
            multiline
            maxLength={GROUP_ANNOUNCEMENT_MAX_CHARS}
            editable={admin}
            onSave={(text) => saveMeta({ announcement: text === '' ? null : text })}
          >
            <p class="group-info__text" data-testid="group-announcement-text" dir="auto">
              {fold.announcement ?? t('groups.noAnnouncement')}
            </p>
          </EditableField>
        </section>
        {canInvite(fold, me) && (
          <button
            type="button"
            class="button button--secondary button--block"
            data-testid="group-invite-open"
            aria-haspopup="dialog"
            onClick={() => {
              inviting.value = true;
            }}
          >
            {t('groups.invite')}
          </button>
        )}
        <RequestsCard conv={conv} fold={fold} me={me} nameOf={nameOf} />
        {isGroupAdmin(fold, me) && <GroupCodeCard conv={conv} fold={fold} me={me} />}
        <MemberSection conv={conv} members={members} fold={fold} />
        <GroupSettings
          conv={conv}
          name={name}
          nickname={mine?.nickname ?? null}
          member={Boolean(mine) && !fold.dissolved}
          owner={mine?.role === 'owner'}
          canDissolve={canDissolve(fold, me)}
        />
      </div>
      {inviting.value && (
        <InviteSheet
          conv={conv}
          members={new Set(members.map((m) => m.id))}
          needsApproval={inviteNeedsApproval(fold, me)}
          onClose={() => {
            inviting.value = false;
          }}
        />
      )}
    </Screen>
  );
}
