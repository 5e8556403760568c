/** The moments part of the dictionaries (both languages): a chunk of its own, loaded on first use. */
import { registerStrings } from '../../i18n/translate';
import { enMoments } from './en.moments';
import { zhMoments } from './zh.moments';

/** Make the moments strings available. */
export function register(): void {
  registerStrings('en', enMoments);
  registerStrings('zh', zhMoments);
}
