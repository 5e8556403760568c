/** Simplified Chinese strings of files (issue 5): exactly the keys of en.files.ts. */
import type { enFiles } from './en.files';

export const zhFiles: Record<keyof typeof enFiles, string> = {
  'files.placeholder': '文件',
};
