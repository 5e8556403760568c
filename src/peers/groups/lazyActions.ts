/**
 * The group actions behind a loader: the engine that signs control events carries the fold and
 * its rules, so it is a chunk of its own, loaded with the first action (a chat of two never
 * needs it). A view change is the directory's, which is always here.
 */
import type { GroupActions, GroupDirectory } from './contract';

type Action = (...args: unknown[]) => Promise<unknown>;

/** Actions that load the engine on first use; `onView` needs no engine. */
export function lazyActions(
  load: () => Promise<GroupActions>,
  directory: GroupDirectory,
): GroupActions {
  const onView: GroupActions['onView'] = (listener) => directory.onChange(listener);
  // Every other action is asynchronous: each loads the engine and calls it by the same name.
  // One forwarder for all keeps the first visit's code from growing with each new action.
  return new Proxy({} as GroupActions, {
    get(_, name) {
      if (name === 'onView') return onView;
      // Not a thenable, whatever awaits the actions object.
      if (typeof name !== 'string' || name === 'then') return undefined;
      const forward: Action = async (...args) => {
        const engine = (await load()) as unknown as Record<string, Action>;
        return engine[name]!.apply(engine, args);
      };
      return forward;
    },
  });
}
