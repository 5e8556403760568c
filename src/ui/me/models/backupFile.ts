/**
 * UI helpers for identity backups: the file name and passphrase checks. The
 * encryption itself is the backup model's (me/models/backup.ts).
 */
import { codePointLength } from '../../../lib/text';

/** A backup passphrase must have at least this many characters. */
export const PASSPHRASE_MIN = 8;

/** `plume-backup-YYYY-MM-DD.plume`, in local time (the date the user sees). */
export function backupFileName(date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `plume-backup-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.plume`;
}

export type PassphraseCheck =
  { ok: true } | { ok: false; problem: 'empty' | 'tooShort' | 'mismatch' };

/** Check a new passphrase and its confirmation. */
export function checkNewPassphrase(passphrase: string, confirm: string): PassphraseCheck {
  if (passphrase.length === 0) return { ok: false, problem: 'empty' };
  if (codePointLength(passphrase) < PASSPHRASE_MIN) return { ok: false, problem: 'tooShort' };
  if (passphrase !== confirm) return { ok: false, problem: 'mismatch' };
  return { ok: true };
}

export type Strength = 'weak' | 'fair' | 'strong';

/**
 * A rough strength hint: length, and how many kinds of characters. Not a
 * guarantee; it nudges towards long passphrases (several words), which beat
 * short complex passwords.
 */
export function passphraseStrength(passphrase: string): Strength {
  const length = codePointLength(passphrase);
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(passphrase)).length;
  const words = passphrase.trim().split(/\s+/).length;
  if (length >= 20 || (length >= 14 && (kinds >= 3 || words >= 3))) return 'strong';
  if (length >= 12 || (length >= PASSPHRASE_MIN && kinds >= 3)) return 'fair';
  return 'weak';
}
