/**
 * The frame types of a join by group code: besides a friend request, the only frames a stranger
 * may send on a session ([GRP-44]). Apart from the frames themselves, so the friends engine (part
 * of the first visit) knows them without loading any group code.
 */
export const JOIN_FRAME_TYPES: ReadonlySet<string> = new Set([
  'GROUP_JOIN_ASK',
  'GROUP_JOIN_CONTROL',
  'GROUP_JOIN',
  'GROUP_JOIN_RESULT',
]);
