/** The wake part of the dictionaries (both languages): a chunk of its own, loaded on first use. */
import { registerStrings } from '../../i18n/translate';
import { enWake } from './en.wake';
import { zhWake } from './zh.wake';

/** Make the wake strings available. */
export function register(): void {
  registerStrings('en', enWake);
  registerStrings('zh', zhWake);
}
