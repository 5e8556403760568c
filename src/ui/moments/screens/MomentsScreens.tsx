/** The moments screens, in one chunk with their styles: the shell hands over the route's path. */
import '../moments.css';
import { viewOf } from '../models/momentsPath';
import { MomentComposer } from './MomentComposer';
import { MomentScreen } from './MomentScreen';
import { MomentsFeed } from './MomentsFeed';
import { MomentsSettings } from './MomentsSettings';
import { PersonMoments } from './PersonMoments';

/** The moments screen `path` names. */
export function MomentsScreens({ path }: { path: string }) {
  const view = viewOf(path);
  switch (view.screen) {
    case 'feed':
      return <MomentsFeed />;
    case 'new':
      return <MomentComposer />;
    case 'settings':
      return <MomentsSettings />;
    case 'of':
      return <PersonMoments peer={view.peer} />;
    case 'post':
      return <MomentScreen id={view.key} />;
  }
}
