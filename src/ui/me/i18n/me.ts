/** The me part of the dictionaries (both languages): a chunk of its own, loaded with its screens. */
import { registerStrings } from '../../i18n/translate';
import { enMe } from './en.me';
import { zhMe } from './zh.me';

/** Make the me strings available. */
export function register(): void {
  registerStrings('en', enMe);
  registerStrings('zh', zhMe);
}
