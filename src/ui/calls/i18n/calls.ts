/** The calls part of the dictionaries (both languages): a chunk of its own, loaded on first use. */
import { registerStrings } from '../../i18n/translate';
import { enCalls } from './en.calls';
import { zhCalls } from './zh.calls';

/** Make the calls strings available. */
export function register(): void {
  registerStrings('en', enCalls);
  registerStrings('zh', zhCalls);
}
