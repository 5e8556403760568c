/**
 * The Moments tab's marks: a dot for friends' moments not seen yet, a number for likes,
 * comments and replies to me not read yet. The moments models (moments/models/marks.ts, a lazy
 * chunk loaded with the feature models once a friend's session is up) keep them.
 */
import { signal } from '@preact/signals';

/** Unseen moments and unread notifications, as the tab shows them. */
export const momentsMarks = signal({ unseen: 0, notices: 0 });
