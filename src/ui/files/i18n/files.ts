/** The files part of the dictionaries (both languages): a chunk of its own, loaded on first use. */
import { registerStrings } from '../../i18n/translate';
import { enFiles } from './en.files';
import { zhFiles } from './zh.files';

/** Make the files strings available. */
export function register(): void {
  registerStrings('en', enFiles);
  registerStrings('zh', zhFiles);
}
