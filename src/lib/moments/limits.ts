/**
 * Limits and settings of Moments, shared by the event guards, the store and the screens.
 * Spec: docs/protocol.md, Moments (MOM).
 */
import type { PeerId } from '../ids';

/** [MOM-4] Most pictures in one post. */
export const MAX_PICTURES = 9;
/** [MOM-4] Longest video of a post, milliseconds ("one short video"). */
export const MAX_VIDEO_MS = 60_000;
/** [MOM-4] Longest post text, in code points. */
export const MAX_POST_TEXT_CHARS = 2000;
/** [MOM-6] Longest comment or reply, in code points. */
export const MAX_COMMENT_CHARS = 500;

/** [MOM-9] How far back friends see my posts. */
export type HistoryWindow = '3d' | '6m' | 'all';
export const HISTORY_WINDOWS: readonly HistoryWindow[] = ['3d', '6m', 'all'];
const DAY_MS = 24 * 3600 * 1000;
/** [MOM-9] The span of each window, milliseconds (six months counted as 183 days). */
export const WINDOW_MS: { readonly [W in HistoryWindow]: number } = {
  '3d': 3 * DAY_MS,
  '6m': 183 * DAY_MS,
  all: Infinity,
};

/**
 * [MOM-3] Who a post is for, as the author picks it. It is resolved on the author's device into
 * the friends whose moments log gets the post, and never sent.
 */
export type Audience =
  | { kind: 'all' }
  | { kind: 'labels'; labels: readonly string[] }
  | { kind: 'friends'; friends: readonly PeerId[] }
  | { kind: 'except'; friends: readonly PeerId[] };

/** [MOM-20] Default cap of the space moments pictures take on one device: 500 MB. */
export const DEFAULT_PICTURE_CAP_BYTES = 500 * 1000 * 1000;
/** [MOM-20] Smallest cap one may set: 50 MB. */
export const MIN_PICTURE_CAP_BYTES = 50 * 1000 * 1000;
/** [MOM-21] Full pictures of posts younger than this download by themselves on a session. */
export const AUTO_DOWNLOAD_MS = 3 * DAY_MS;
