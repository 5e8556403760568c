/** The chat part of the dictionaries (both languages): a chunk of its own, loaded with its screens. */
import { registerStrings } from '../../i18n/translate';
import { enChat } from './en.chat';
import { zhChat } from './zh.chat';

/** Make the chat strings available. */
export function register(): void {
  registerStrings('en', enChat);
  registerStrings('zh', zhChat);
}
