/**
 * The group actions as the screens run them: each reads the running group actions at the
 * moment it runs, and a failure becomes a toast with the reason, never a silent no-op.
 */
import { describeError } from '../../../lib/errors';
import type { GroupActions } from '../../../peers/groups/contract';
import { t } from '../../i18n';
import { push } from '../../shell/models/toasts';
import { peekGroupsApi } from './groupsApi';

/** Run `act` on the group actions; true when it went through. */
export async function runGroupAction(
  act: (api: GroupActions) => Promise<unknown>,
  done?: string,
): Promise<boolean> {
  const api = peekGroupsApi();
  if (!api) {
    push({ kind: 'info', message: t('groups.notReady') });
    return false;
  }
  try {
    await act(api);
    if (done) push({ kind: 'success', message: done });
    return true;
  } catch (err) {
    push({ kind: 'error', message: t('groups.actionFailed', { reason: describeError(err) }) });
    return false;
  }
}
