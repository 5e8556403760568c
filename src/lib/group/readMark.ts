/**
 * A member's read mark in a group: "I have read this group up to this lamport", signed by the
 * member, so any member may relay it and nobody can write one for someone else. A device keeps
 * one mark per member per group, the highest; a lower or equal one changes nothing.
 * Spec: docs/protocol.md [GRP-50]..[GRP-53].
 */
import { base64urlDecode, base64urlEncode } from '../base64url';
import { canonicalJson } from '../chatEvent';
import { isConversationId } from '../convId';
import { SIGNATURE_BYTES, sign, verify } from '../identity';
import { isPeerId, type ConversationId, type PeerId } from '../ids';

/** Domain separation of the mark's signature. [GRP-50] */
export const READ_MARK_CONTEXT = 'plume-read/1\n';

/** [GRP-50] A signed read mark as it travels and is stored. */
export interface ReadMark {
  conv: ConversationId;
  member: PeerId;
  /** The highest lamport of the group the member has read. */
  upto: number;
  /** base64url Ed25519 signature of the member over {@link readMarkBytes}. */
  sig: string;
}

/** [GRP-50] The bytes a member signs: the context, then the canonical JSON of the fields. */
export function readMarkBytes(mark: Omit<ReadMark, 'sig'>): Uint8Array {
  const { conv, member, upto } = mark;
  return new TextEncoder().encode(READ_MARK_CONTEXT + canonicalJson({ conv, member, upto }));
}

/** Sign my mark of `conv` up to `upto`. */
export async function signReadMark(
  conv: ConversationId,
  member: PeerId,
  upto: number,
  privateKey: CryptoKey,
): Promise<ReadMark> {
  const sig = await sign(privateKey, readMarkBytes({ conv, member, upto }));
  return { conv, member, upto, sig: base64urlEncode(sig) };
}

/** [GRP-51] The wire shape of a mark about `conv` (fields exact, `upto` a positive safe integer). */
export function isReadMark(value: unknown, conv: ConversationId): value is ReadMark {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const mark = value as Record<string, unknown>;
  return (
    Object.keys(mark).length === 4 &&
    mark.conv === conv &&
    isConversationId(mark.conv) &&
    isPeerId(mark.member) &&
    Number.isSafeInteger(mark.upto) &&
    (mark.upto as number) > 0 &&
    typeof mark.sig === 'string' &&
    mark.sig.length <= 128
  );
}

/** [GRP-51] True when `mark` is signed by `pub`, the member's key from the roster. Never throws. */
export async function verifyReadMark(mark: ReadMark, pub: Uint8Array): Promise<boolean> {
  const sig = base64urlDecode(mark.sig);
  if (!sig || sig.length !== SIGNATURE_BYTES) return false;
  return verify(pub, sig, readMarkBytes(mark));
}

/** [GRP-52] Whether `incoming` replaces what is held: only a strictly higher mark does. */
export function raisesMark(
  held: { upto: number } | undefined,
  incoming: { upto: number },
): boolean {
  return held === undefined || incoming.upto > held.upto;
}
