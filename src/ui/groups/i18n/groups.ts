/** The groups part of the dictionaries (both languages): a chunk of its own, loaded on first use. */
import { registerStrings } from '../../i18n/translate';
import { enGroups } from './en.groups';
import { zhGroups } from './zh.groups';

/** Make the group strings available. */
export function register(): void {
  registerStrings('en', enGroups);
  registerStrings('zh', zhGroups);
}
