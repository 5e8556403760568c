/**
 * The moments screens by their place in the route (`#/moments/<path>`): the shell knows one
 * moments route and hands the path on, so the first visit carries none of this.
 */
import type { PeerId } from '../../../lib/ids';
import type { PostKey } from '../../../peers/moments/api';
import { hrefFor } from '../../shell/models/router';

export type MomentsView =
  | { screen: 'feed' }
  | { screen: 'new' }
  | { screen: 'settings' }
  | { screen: 'of'; peer: PeerId }
  | { screen: 'post'; key: PostKey };

/** The screen a path names (the router has checked its shape); the feed for anything else. */
export function viewOf(path: string): MomentsView {
  const [head = '', ...rest] = path.split('/');
  const param = rest.join('/');
  if (head === 'new' || head === 'settings') return { screen: head };
  if (head === 'of' && param) return { screen: 'of', peer: param as PeerId };
  if (head === 'post' && param) return { screen: 'post', key: param as PostKey };
  return { screen: 'feed' };
}

/** The path of a screen. */
export function pathOf(view: MomentsView): string {
  switch (view.screen) {
    case 'feed':
      return '';
    case 'new':
    case 'settings':
      return view.screen;
    case 'of':
      return `of/${view.peer}`;
    case 'post':
      return `post/${view.key}`;
  }
}

/** The href of a moments screen, for `<a href>`. */
export function momentsHref(view: MomentsView): string {
  return hrefFor({ name: 'moments', path: pathOf(view) });
}
