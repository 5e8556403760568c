/**
 * My side of a group: my nickname in it, mute, leave, and for the owner, dissolve. Leaving and
 * dissolving ask first; an owner who leaves is told who takes over ([GRP-10]).
 */
import { useSignal } from '@preact/signals';
import type { ConversationId } from '../../../lib/ids';
import { GROUP_NICKNAME_MAX_CHARS } from '../../../lib/group/bodies';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { chatList, setMuted } from '../../chat/models/chats';
import { t } from '../../i18n';
import { navigate } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { describeError } from '../../../lib/errors';
import { runGroupAction } from '../models/groupActions';
import { EditableField } from './EditableField';

interface GroupSettingsProps {
  conv: ConversationId;
  name: string;
  /** My nickname here, null when none. */
  nickname: string | null;
  member: boolean;
  owner: boolean;
  canDissolve: boolean;
}

export function GroupSettings(props: GroupSettingsProps) {
  const { conv, name } = props;
  const asking = useSignal<'leave' | 'dissolve' | null>(null);
  const busy = useSignal(false);
  const muted = chatList.value.find((c) => c.conv === conv)?.muted ?? false;

  const confirmed = () => {
    const what = asking.value;
    if (!what) return;
    busy.value = true;
    void runGroupAction((api) => (what === 'leave' ? api.leave(conv) : api.dissolve(conv))).then(
      (ok) => {
        busy.value = false;
        asking.value = null;
        if (ok && what === 'leave') navigate({ name: 'chats' }, { replace: true });
      },
    );
  };

  return (
    <section class="card">
      {props.member && (
        <EditableField
          id="group-nickname"
          label={t('groups.nickname')}
          editLabel={t('groups.nickname')}
          saveLabel={t('groups.save')}
          cancelLabel={t('dialog.cancel')}
          value={props.nickname ?? ''}
          maxLength={GROUP_NICKNAME_MAX_CHARS}
          editable
          onSave={(text) =>
            runGroupAction(
              (api) => api.setNickname(conv, text === '' ? null : text),
              t('groups.saved'),
            )
          }
        >
          <div>
            <p class="setting__label">{t('groups.nickname')}</p>
            <p class="field__hint" data-testid="group-nickname-value">
              {props.nickname ?? t('groups.nicknameHint')}
            </p>
          </div>
        </EditableField>
      )}
      <div class="setting">
        <div>
          <label class="setting__label" for="group-mute">
            {t('groups.mute')}
          </label>
          <p class="field__hint" id="group-mute-hint">
            {t('groups.muteHint')}
          </p>
        </div>
        <input
          id="group-mute"
          type="checkbox"
          role="switch"
          class="group-row__check"
          data-testid="group-mute"
          aria-describedby="group-mute-hint"
          checked={muted}
          onChange={(event) => {
            const on = event.currentTarget.checked;
            setMuted(conv, on).catch((err: unknown) =>
              push({
                kind: 'error',
                message: t('groups.actionFailed', { reason: describeError(err) }),
              }),
            );
          }}
        />
      </div>
      <div class="button-row">
        {props.member && (
          <button
            type="button"
            class="button button--danger-text"
            data-testid="group-leave"
            onClick={() => {
              asking.value = 'leave';
            }}
          >
            {t('groups.leave')}
          </button>
        )}
        {props.canDissolve && (
          <button
            type="button"
            class="button button--danger"
            data-testid="group-dissolve"
            onClick={() => {
              asking.value = 'dissolve';
            }}
          >
            {t('groups.dissolve')}
          </button>
        )}
      </div>
      <ConfirmDialog
        open={asking.value !== null}
        title={
          asking.value === 'dissolve'
            ? t('groups.confirmDissolve', { name })
            : t('groups.confirmLeave', { name })
        }
        confirmLabel={asking.value === 'dissolve' ? t('groups.dissolve') : t('groups.leave')}
        danger
        busy={busy.value}
        onCancel={() => {
          asking.value = null;
        }}
        onConfirm={confirmed}
      >
        <p>
          {asking.value === 'dissolve'
            ? t('groups.confirmDissolveBody')
            : t('groups.confirmLeaveBody')}
        </p>
        {asking.value === 'leave' && props.owner && <p>{t('groups.confirmLeaveOwner')}</p>}
      </ConfirmDialog>
    </section>
  );
}
