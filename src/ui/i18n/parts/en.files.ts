/**
 * English strings of files, images and voice messages (issue 5). Spread into
 * `en`; zh.files.ts must have exactly these keys. Keys start with `files.`.
 */
export const enFiles = {
  'files.placeholder': 'File',
} as const;
