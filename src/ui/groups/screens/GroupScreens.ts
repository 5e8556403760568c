/** The group screens the shell routes to, in one chunk: one loader on the first visit, not two. */
export { GroupInfoScreen } from './GroupInfoScreen';
export { NewGroupScreen } from './NewGroupScreen';
export { JoinGroupScreen } from './JoinGroupScreen';
