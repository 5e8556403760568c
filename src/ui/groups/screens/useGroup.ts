/** Follow one group's fold while a screen shows it. */
import { useEffect, useMemo } from 'preact/hooks';
import type { ConversationId } from '../../../lib/ids';
import { watchGroup, type GroupState } from '../models/groupView';

export function useGroup(conv: ConversationId): GroupState {
  const watch = useMemo(() => watchGroup(conv), [conv]);
  useEffect(() => () => watch.close(), [watch]);
  return watch.state.value;
}
