import { describe, expect, it } from 'vitest';
import { backupFileName, checkNewPassphrase, passphraseStrength } from './backupFile';

describe('backupFileName', () => {
  it('is dated in local time', () => {
    expect(backupFileName(new Date(2026, 0, 5, 23, 59))).toBe('plume-backup-2026-01-05.plume');
  });
});

describe('checkNewPassphrase', () => {
  it('asks for a long enough passphrase, typed twice', () => {
    expect(checkNewPassphrase('', '')).toEqual({ ok: false, problem: 'empty' });
    expect(checkNewPassphrase('short', 'short')).toEqual({ ok: false, problem: 'tooShort' });
    expect(checkNewPassphrase('long enough', 'long enougH')).toEqual({
      ok: false,
      problem: 'mismatch',
    });
    expect(checkNewPassphrase('long enough', 'long enough')).toEqual({ ok: true });
  });
});

describe('passphraseStrength', () => {
  it('prefers length', () => {
    expect(passphraseStrength('abcdefgh')).toBe('weak');
    expect(passphraseStrength('Abcdef1!')).toBe('fair');
    expect(passphraseStrength('correct horse battery')).toBe('strong');
  });
});
