/**
 * English strings of calls (issue 6). Spread into `en`; zh.calls.ts must have
 * exactly these keys. Keys start with `calls.`.
 */
export const enCalls = {
  'calls.placeholder': 'Call',
} as const;
