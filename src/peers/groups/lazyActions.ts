/**
 * The group actions behind a loader: the engine that signs control events carries the fold and
 * its rules, so it is a chunk of its own, loaded with the first action (a chat of two never
 * needs it). A view change is the directory's, which is always here.
 */
import type { GroupActions, GroupDirectory } from './contract';

/** Actions that load the engine on first use; `onView` needs no engine. */
export function lazyActions(
  load: () => Promise<GroupActions>,
  directory: GroupDirectory,
): GroupActions {
  return {
    create: async (name, friends) => (await load()).create(name, friends),
    invite: async (conv, friends, reason) => (await load()).invite(conv, friends, reason),
    leave: async (conv) => (await load()).leave(conv),
    remove: async (conv, member) => (await load()).remove(conv, member),
    setRole: async (conv, member, role) => (await load()).setRole(conv, member, role),
    transfer: async (conv, member) => (await load()).transfer(conv, member),
    setMeta: async (conv, meta) => (await load()).setMeta(conv, meta),
    setNickname: async (conv, nickname) => (await load()).setNickname(conv, nickname),
    dissolve: async (conv) => (await load()).dissolve(conv),
    publishReach: async (conv, token) => (await load()).publishReach(conv, token),
    createCode: async (conv) => (await load()).createCode(conv),
    revokeCode: async (conv, id) => (await load()).revokeCode(conv, id),
    accept: async (conv, member) => (await load()).accept(conv, member),
    decline: async (conv, member) => (await load()).decline(conv, member),
    join: async (code, reason, onStep) => (await load()).join(code, reason, onStep),
    view: async (conv) => (await load()).view(conv),
    onView: (listener) => directory.onChange(listener),
  };
}
