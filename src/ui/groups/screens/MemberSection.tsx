/**
 * The member list of the group info screen: each member with their role, and for those I may
 * act on, a menu (make or remove admin, make owner, remove). Removing and handing over the
 * group ask first.
 */
import { useSignal } from '@preact/signals';
import type { GroupFold } from '../../../lib/group/types';
import type { ConversationId } from '../../../lib/ids';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { MoreIcon } from '../../components/Icons';
import { MenuSheet } from '../../components/MenuSheet';
import { t, type MessageKey } from '../../i18n';
import { befriendMember } from '../models/befriend';
import { runGroupAction } from '../models/groupActions';
import type { MemberAction, MemberRow } from '../models/members';
import { RoleChip } from './RoleChip';

const ACTION_TEXT: Readonly<Record<MemberAction, MessageKey>> = {
  makeAdmin: 'groups.makeAdmin',
  removeAdmin: 'groups.removeAdmin',
  transfer: 'groups.transfer',
  remove: 'groups.remove',
};

/** Actions that cannot be taken back by the one who takes them: they ask first. */
const CONFIRMED: ReadonlySet<MemberAction> = new Set(['transfer', 'remove']);

function run(conv: ConversationId, member: MemberRow, action: MemberAction): Promise<boolean> {
  return runGroupAction((api) => {
    switch (action) {
      case 'makeAdmin':
        return api.setRole(conv, member.id, 'admin');
      case 'removeAdmin':
        return api.setRole(conv, member.id, 'member');
      case 'transfer':
        return api.transfer(conv, member.id);
      case 'remove':
        return api.remove(conv, member.id);
    }
  });
}

export function MemberSection({
  conv,
  members,
  fold,
}: {
  conv: ConversationId;
  members: MemberRow[];
  /** For "Add friend": the member's key comes from the roster. [GRP-61] */
  fold?: GroupFold;
}) {
  const menuFor = useSignal<MemberRow | null>(null);
  const confirm = useSignal<{ member: MemberRow; action: MemberAction } | null>(null);
  const busy = useSignal(false);
  const open = menuFor.value;
  const asking = confirm.value;

  const choose = (member: MemberRow, action: MemberAction) => {
    menuFor.value = null;
    if (CONFIRMED.has(action)) confirm.value = { member, action };
    else void run(conv, member, action);
  };

  return (
    <section class="card" aria-labelledby="group-members-title">
      <h2 class="card__title" id="group-members-title">
        {t('groups.memberList')} · {t('groups.members', { count: members.length })}
      </h2>
      <ul class="group-members" data-testid="group-members">
        {members.map((m) => (
          <li
            key={m.id}
            class="group-row"
            data-testid="group-member"
            data-peer={m.id}
            data-role={m.role}
          >
            <Avatar name={m.name} src={m.avatar} seed={m.id} />
            <span class="group-row__name">{m.me ? t('groups.you', { name: m.name }) : m.name}</span>
            <RoleChip role={m.role} />
            {m.befriend && fold && (
              <button
                type="button"
                class="button button--text"
                data-testid="member-add-friend"
                aria-label={t('groups.addFriendOf', { name: m.name })}
                disabled={busy.value}
                onClick={() => {
                  busy.value = true;
                  void befriendMember(fold, m.id, m.name).finally(() => {
                    busy.value = false;
                  });
                }}
              >
                {t('groups.addFriend')}
              </button>
            )}
            {m.actions.length > 0 && (
              <button
                type="button"
                class="icon-button"
                data-testid="member-actions"
                aria-haspopup="dialog"
                aria-label={t('groups.memberActions', { name: m.name })}
                onClick={() => {
                  menuFor.value = m;
                }}
              >
                <MoreIcon width="20" height="20" />
              </button>
            )}
          </li>
        ))}
      </ul>
      <MenuSheet
        open={open !== null}
        label={open ? t('groups.memberActions', { name: open.name }) : ''}
        onClose={() => {
          menuFor.value = null;
        }}
        testId="member-menu"
      >
        {open && <p class="sheet__title">{open.name}</p>}
        {open?.actions.map((action) => (
          <button
            key={action}
            type="button"
            class={`sheet__item${action === 'remove' ? ' sheet__item--danger' : ''}`}
            data-testid={`member-${action}`}
            onClick={() => choose(open, action)}
          >
            {t(ACTION_TEXT[action])}
          </button>
        ))}
      </MenuSheet>
      <ConfirmDialog
        open={asking !== null}
        title={
          asking
            ? t(asking.action === 'remove' ? 'groups.confirmRemove' : 'groups.confirmTransfer', {
                name: asking.member.name,
              })
            : ''
        }
        confirmLabel={asking ? t(ACTION_TEXT[asking.action]) : ''}
        danger={asking?.action === 'remove'}
        busy={busy.value}
        onCancel={() => {
          confirm.value = null;
        }}
        onConfirm={() => {
          if (!asking) return;
          busy.value = true;
          void run(conv, asking.member, asking.action).finally(() => {
            busy.value = false;
            confirm.value = null;
          });
        }}
      >
        <p>
          {asking &&
            t(
              asking.action === 'remove'
                ? 'groups.confirmRemoveBody'
                : 'groups.confirmTransferBody',
              {
                name: asking.member.name,
              },
            )}
        </p>
      </ConfirmDialog>
    </section>
  );
}
