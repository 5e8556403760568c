/**
 * Safety numbers and in-person verification for the friends model. Only the verify
 * screens use them, so the hashing behind the numbers is not part of the first visit.
 * Spec: docs/protocol.md [SAFE-*].
 */
import { getPerson } from '../../../db/peopleRepo';
import type { PeerId } from '../../../lib/ids';
import { parseInviteLink } from '../../../lib/invite';
import { compareSafetyQr, safetyNumber } from '../../../lib/safetyNumber';
import { editPerson } from '../../../peers/friends/actions';
import { actionDeps } from './friendDeps';
import { actAndRefresh } from './friends';

/** Safety numbers cost ~100 ms each and keys never change, so they are cached. [SAFE-2] */
const cache = new Map<string, Promise<string>>();

/** 60-digit safety number for this friend (cached). Rejects when the person is unknown. */
export function safetyNumberOf(id: PeerId): Promise<string> {
  const { keys, db } = actionDeps();
  const key = `${keys.id}:${id}`;
  let cached = cache.get(key);
  if (!cached) {
    cached = getPerson(db, id).then((person) => {
      if (!person) throw new RangeError('no such friend');
      return safetyNumber(keys.publicKeyRaw, keys.id, person.pub, person.id);
    });
    cached.catch(() => cache.delete(key));
    cache.set(key, cached);
  }
  return cached;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Where a scanned text came from. Only 'camera' can mean "in person": a file
 * or a pasted text may have been forwarded by anyone.
 */
export type ScanSource = 'camera' | 'file' | 'paste';

/**
 * Does `scanned` prove that we hold this friend's real key? Their safety QR
 * must show our number, from any source [SAFE-6]. Their invite QR counts only
 * when our camera read it off their screen: an invite carries nothing but
 * their own public key, so a forwarded copy proves nothing about who we talk
 * to; hence the default source refuses invites. Reasons: 'unknown',
 * 'mismatch', or a SafetyQrFailure reason ('not-safety-code' for an invite
 * that did not come from the camera).
 */
export async function checkSafetyScan(
  id: PeerId,
  scanned: string,
  source: ScanSource = 'paste',
): Promise<{ ok: boolean; reason?: string }> {
  const person = await getPerson(actionDeps().db, id);
  if (!person) return { ok: false, reason: 'unknown' };
  const invite = await parseInviteLink(scanned);
  if (invite.ok) {
    if (source !== 'camera') return { ok: false, reason: 'not-safety-code' };
    const same = invite.invite.id === id && sameKey(invite.invite.pub, person.pub);
    return same ? { ok: true } : { ok: false, reason: 'mismatch' };
  }
  const check = compareSafetyQr(scanned, await safetyNumberOf(id));
  return check.ok ? { ok: true } : { ok: false, reason: check.reason };
}

/**
 * Scanned text of the friend's safety QR, or of their invite QR read by the
 * camera in person (`source` 'camera'): marks verified on match. An invite
 * from a file or a paste is refused ('not-safety-code'). [SAFE-6]
 */
export async function verifyByScan(
  id: PeerId,
  scanned: string,
  source: ScanSource = 'paste',
): Promise<{ ok: boolean; reason?: string }> {
  const result = await checkSafetyScan(id, scanned, source);
  if (result.ok) await actAndRefresh(() => editPerson(actionDeps(), id, { verified: true }));
  return result;
}
