/**
 * The one-line text of a chat's last message (chats list, notifications):
 * texts as they are, files and calls as a word with an icon.
 */
import type { LastMessage } from '../../../db/chatRows';
import { t } from '../../i18n';

/** What the preview needs of a LastMessage. */
export type PreviewSource = Pick<LastMessage, 'preview' | 'kind' | 'fileKind' | 'call'>;

/** The preview line (recalled messages are the caller's business). */
export function previewText(last: PreviewSource): string {
  if (last.kind === 'file') {
    switch (last.fileKind) {
      case 'image':
        return t('preview.photo');
      case 'video':
        return t('preview.video');
      case 'voice':
        return t('preview.voice');
      case 'audio':
        return t('preview.audio', { name: last.preview });
      default:
        return t('preview.file', { name: last.preview });
    }
  }
  if (last.kind === 'call' && last.call) {
    const { outcome, media } = last.call;
    if (outcome === 'missed') return t('preview.callMissed');
    if (outcome === 'declined' || outcome === 'busy') return t('preview.callDeclined');
    return t(media === 'video' ? 'preview.callVideo' : 'preview.callAudio');
  }
  return last.preview;
}
