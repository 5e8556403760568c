/** Simplified Chinese strings of calls (issue 6): exactly the keys of en.calls.ts. */
import type { enCalls } from './en.calls';

export const zhCalls: Record<keyof typeof enCalls, string> = {
  'calls.placeholder': '通话',
};
