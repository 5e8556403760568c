/**
 * Where a share into Plume lands ([SHARE-4]): what was shared, and the chats to send it to;
 * picking one opens its composer with the text filled in and the files attached. A refused
 * share says why and what to do. A lazy chunk.
 */
import { useEffect } from 'preact/hooks';
import {
  isShareRefusal,
  MAX_SHARE_BYTES,
  MAX_SHARE_FILES,
  type ShareRefusal,
} from '../../lib/share';
import { Screen } from '../components/Screen';
import { language, t } from '../i18n';
import { formatBytes } from '../files/models/filesFormat';
import { hrefFor } from '../shell/models/router';
import { ChatPicker } from '../components/ChatPicker';
import { dropShare, pendingShare, pickShareChat, refreshShare } from './shareModel';
import { ShareSummary } from './ShareTray';
import './share.css';

/** The sentence for a refused share. */
function refusalText(reason: ShareRefusal): string {
  switch (reason) {
    case 'too-many':
      return t('files.shareTooMany', { max: MAX_SHARE_FILES });
    case 'too-large':
      return t('files.shareTooLarge', { max: formatBytes(MAX_SHARE_BYTES, language.value) });
    case 'too-long':
      return t('files.shareTooLong');
    case 'storage':
      return t('files.shareStorage');
    case 'empty':
      return t('files.shareNothing');
    case 'malformed':
      return t('files.shareMalformed');
  }
}

export function ShareScreen({ error }: { error: string | null }) {
  useEffect(() => void refreshShare(), []);
  const share = pendingShare.value;
  const refusal = error !== null && isShareRefusal(error) ? error : null;
  return (
    <Screen title={t('files.shareTitle')} back={hrefFor({ name: 'chats' })} testId="share-screen">
      {refusal && (
        <p class="list-note list-note--error" role="alert" data-testid="share-refused">
          {refusalText(refusal)}
        </p>
      )}
      {!refusal && share === null && (
        <p class="list-note" data-testid="share-nothing">
          {t('files.shareNothing')}
        </p>
      )}
      {!refusal && share && (
        <>
          <ShareSummary share={share} onDismiss={() => void dropShare(share)} />
          <ChatPicker
            legend={t('files.shareTitle')}
            idPrefix="share"
            onPick={(conv) => void pickShareChat(share, conv)}
          />
        </>
      )}
    </Screen>
  );
}
