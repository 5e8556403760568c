/**
 * The folded view of one group, kept fresh: read through the group actions when they are
 * there, again on each `onView` for it. Screens hold one while they show the group.
 */
import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import type { GroupFold } from '../../../lib/group/types';
import type { ConversationId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { groupsApi } from './groupsApi';

const logger = log('ui:groups');

/** What a screen knows of a group: still reading, not held here, or its fold. */
export type GroupState =
  { status: 'waiting' } | { status: 'missing' } | { status: 'ready'; fold: GroupFold };

/** A live view of `conv`; `close` stops following it. */
export interface GroupWatch {
  readonly state: ReadonlySignal<GroupState>;
  close(): void;
}

/** Follow `conv`'s fold while the runtime has groups (and again in each new runtime). */
export function watchGroup(conv: ConversationId): GroupWatch {
  const state = signal<GroupState>({ status: 'waiting' });
  let closed = false;
  const dispose = effect(() => {
    const api = groupsApi();
    if (!api) return;
    let reads = 0;
    const read = () => {
      const mine = ++reads;
      api.view(conv).then(
        (fold) => {
          if (closed || mine !== reads) return;
          state.value = fold ? { status: 'ready', fold } : { status: 'missing' };
        },
        (err: unknown) => logger.warn('could not read the group', conv, describeError(err)),
      );
    };
    read();
    const off = api.onView((changed) => {
      if (changed === conv) read();
    });
    return () => {
      reads++;
      off();
    };
  });
  return {
    state,
    close() {
      closed = true;
      dispose();
    },
  };
}
