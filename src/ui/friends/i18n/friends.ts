/** The friends part of the dictionaries (both languages): a chunk of its own, loaded with its screens. */
import { registerStrings } from '../../i18n/translate';
import { enFriends } from './en.friends';
import { zhFriends } from './zh.friends';

/** Make the friends strings available. */
export function register(): void {
  registerStrings('en', enFriends);
  registerStrings('zh', zhFriends);
}
