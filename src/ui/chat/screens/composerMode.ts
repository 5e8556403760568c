/** What the composer is doing besides writing a new message. */
import type { MessageView } from '../models/messages';

export type ComposerMode =
  { kind: 'reply'; message: MessageView } | { kind: 'edit'; message: MessageView };
