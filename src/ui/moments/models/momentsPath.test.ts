import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import type { PostKey } from '../../../peers/moments/api';
import { parseHash } from '../../shell/models/router';
import { momentsHref, pathOf, viewOf, type MomentsView } from './momentsPath';

const PEER = 'abcdefghijklmnopqrstuvwxyz234567' as PeerId;

describe('moments paths', () => {
  it('round-trips every screen through the router', () => {
    const views: MomentsView[] = [
      { screen: 'feed' },
      { screen: 'new' },
      { screen: 'settings' },
      { screen: 'of', peer: PEER },
      { screen: 'post', key: `${PEER}:r4nd0m-id_1` as PostKey },
    ];
    for (const view of views) {
      const route = parseHash(momentsHref(view));
      expect(route).toEqual({ name: 'moments', path: pathOf(view) });
      if (route.name === 'moments') expect(viewOf(route.path)).toEqual(view);
    }
  });

  it('reads an unknown path as the feed', () => {
    expect(viewOf('')).toEqual({ screen: 'feed' });
    expect(viewOf('of')).toEqual({ screen: 'feed' });
  });
});
