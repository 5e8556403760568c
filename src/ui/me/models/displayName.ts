/** Display name rules shared by onboarding and (later) profile editing. */
import { codePointLength } from '../../../lib/text';

/** The longest display name, in characters (code points, so 40 CJK or emoji fit too). */
export const DISPLAY_NAME_MAX = 40;

export type DisplayNameCheck =
  | { ok: true; name: string }
  | { ok: false; error: 'empty' }
  | { ok: false; error: 'tooLong'; count: number };

/** Trim and check a display name: 1 to DISPLAY_NAME_MAX characters. */
export function checkDisplayName(raw: string): DisplayNameCheck {
  const name = raw.trim().replace(/\s+/g, ' ');
  const count = codePointLength(name);
  if (count === 0) return { ok: false, error: 'empty' };
  if (count > DISPLAY_NAME_MAX) return { ok: false, error: 'tooLong', count };
  return { ok: true, name };
}
