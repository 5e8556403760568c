/**
 * Likes, comments and replies addressed to me that I had not read, above the feed; each opens
 * its moment. Opening the feed marks them read (the tab's number goes), and they stay listed
 * until the feed is left.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import type { MomentNotification, MomentsApi } from '../../../peers/moments/api';
import { personOf } from '../../chat/screens/person';
import { t } from '../../i18n';
import { momentsHref } from '../models/momentsPath';
import { refreshMarks } from '../models/marks';

const logger = log('ui:moments');
/** Most notifications listed at once. */
const SHOWN = 20;

function lineOf(notice: MomentNotification): string {
  const name = personOf(notice.who).title;
  const text = notice.text ?? '';
  if (notice.kind === 'like') return t('moments.noticeLike', { name });
  if (notice.kind === 'reply') return t('moments.noticeReply', { name, text });
  return t('moments.noticeComment', { name, text });
}

export function Notices({ api }: { api: MomentsApi }) {
  const shown = useSignal<MomentNotification[]>([]);
  useEffect(() => {
    let live = true;
    const read = async () => {
      try {
        const unread = (await api.notifications(SHOWN)).filter((n) => !n.read);
        if (!live || unread.length === 0) return;
        const known = new Set(shown.peek().map((n) => n.id));
        shown.value = [...unread.filter((n) => !known.has(n.id)), ...shown.peek()];
        await api.markNotificationsRead();
        await refreshMarks(api);
      } catch (err) {
        logger.warn('could not read notifications', describeError(err));
      }
    };
    void read();
    const stop = api.on('changed', (change) => {
      if (change.notifications) void read();
    });
    return () => {
      live = false;
      stop();
    };
  }, [api]);
  if (shown.value.length === 0) return null;
  return (
    <section class="card moment-notices" aria-labelledby="moment-notices">
      <h2 class="card__title" id="moment-notices">
        {t('moments.noticesTitle')}
      </h2>
      <ul class="moment-notices__list">
        {shown.value.map((notice) => (
          <li key={notice.id}>
            <a
              class="moment-notices__link"
              data-testid="moment-notice"
              data-kind={notice.kind}
              href={momentsHref({ screen: 'post', key: notice.post })}
              dir="auto"
            >
              {lineOf(notice)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
