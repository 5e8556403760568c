/**
 * The share waiting in the share inbox ([SHARE-4]), as the app shows it: read when the share
 * route or a chat opens, given a chat by the picker, sent from that chat's composer or
 * dismissed. It stays in the inbox until then, so a reload or a closed app loses nothing.
 */
import { signal } from '@preact/signals';
import { chooseShareChat, clearShare, readShare, type PendingShare } from '../../db/shareInbox';
import { describeError } from '../../lib/errors';
import type { ConversationId } from '../../lib/ids';
import { log } from '../../lib/log';
import { sendFiles } from '../files/models/filesSend';
import { navigate } from '../shell/models/router';

const logger = log('ui:share');

/** The waiting share; undefined until the inbox was read. */
export const pendingShare = signal<PendingShare | null | undefined>(undefined);

/** Read the inbox again (a share may have arrived while the app was open). */
export async function refreshShare(): Promise<void> {
  try {
    pendingShare.value = await readShare();
  } catch (err) {
    logger.warn('could not read the share inbox', describeError(err));
    pendingShare.value = null;
  }
}

/** The waiting share if its chat is `conv`. */
export function shareFor(conv: ConversationId): PendingShare | null {
  const share = pendingShare.value;
  return share && share.conv === conv ? share : null;
}

/** [SHARE-4] The picker chose `conv`: remember it and open that chat's composer. */
export async function pickShareChat(share: PendingShare, conv: ConversationId): Promise<void> {
  const chosen = await chooseShareChat(share.id, conv);
  pendingShare.value = chosen;
  // Back from the chat goes to the chats, not to a picker whose share has its chat.
  if (chosen) navigate({ name: 'chat', id: conv }, { replace: true });
}

/** The shared files as Files for the send queue. */
export function filesOf(share: PendingShare): File[] {
  return share.files.map((f) => new File([f.blob], f.name, { type: f.type }));
}

/** Forget the share (sent or dismissed). */
export async function dropShare(share: PendingShare): Promise<void> {
  if (pendingShare.peek()?.id === share.id) pendingShare.value = null;
  try {
    await clearShare(share.id);
  } catch (err) {
    logger.warn('could not clear the share inbox', describeError(err));
  }
}

/** [SHARE-4] Send the shared files into the chat (the text goes as the composer's message). */
export function sendSharedFiles(conv: ConversationId, share: PendingShare): Promise<void> {
  sendFiles(conv, filesOf(share));
  return dropShare(share);
}
