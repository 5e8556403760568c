/**
 * Checking a group's events as they arrive: shape ([CHAT-7]), conversation, and signature with
 * the author's key. In a group the keys come from the events themselves: every genesis, add and
 * join names a key that must hash to the person's PeerId, so a key can be trusted from any such
 * body, whatever the fold later makes of the event.
 * Spec: docs/protocol.md [GRP-14].
 */
import { base64urlDecode } from '../base64url';
import { parseWireEvent, verifyEventWithKey, type ChatEvent } from '../chatEvent';
import { peerIdOfPub } from '../groupId';
import { importPublicKeyRaw } from '../identity';
import type { ConversationId, PeerId } from '../ids';
import { GROUP_BODY_GUARDS } from './bodies';
import { isControlEvent, isControlOf } from './control';

/** [GRP-14] Each person's raw key named by a genesis, add or join among `events`. */
export function groupKeys(events: readonly ChatEvent[]): Map<PeerId, Uint8Array> {
  const keys = new Map<PeerId, Uint8Array>();
  for (const e of events) {
    if (!isControlEvent(e)) continue;
    const pub =
      isControlOf(e, 'group.create') || isControlOf(e, 'group.add') || isControlOf(e, 'group.join')
        ? e.body.pub
        : null;
    const id = pub === null ? null : peerIdOfPub(pub);
    const raw = pub === null ? null : base64urlDecode(pub);
    if (id && raw && !keys.has(id)) keys.set(id, raw);
  }
  return keys;
}

/** Why an arriving group event is dropped (a log line's words). */
export type DropReason =
  'shape' | 'type' | 'body' | 'size' | 'conv' | 'unknown-author' | 'signature';

/** The checked events, and the index and reason of each dropped one. */
export interface GroupCheck {
  events: ChatEvent[];
  dropped: { index: number; reason: DropReason }[];
}

/**
 * [GRP-14] Check raw wire events of group `conv` against `known` keys plus those the batch
 * itself names (a join carries its own). Never throws or rejects. An author whose key is not
 * known yet is dropped as `unknown-author`; the next HAVE asks for the event again.
 */
export async function checkGroupEvents(
  conv: ConversationId,
  raw: readonly unknown[],
  known: ReadonlyMap<PeerId, Uint8Array>,
): Promise<GroupCheck> {
  const dropped: GroupCheck['dropped'] = [];
  const parsed: { index: number; event: ChatEvent }[] = [];
  raw.forEach((value, index) => {
    const event = parseWireEvent(value, GROUP_BODY_GUARDS);
    if (typeof event === 'string') dropped.push({ index, reason: event });
    else if (event.conv !== conv) dropped.push({ index, reason: 'conv' });
    else parsed.push({ index, event });
  });
  const keys = new Map([...groupKeys(parsed.map((p) => p.event)), ...known]);
  const imported = new Map<PeerId, Promise<CryptoKey | null>>();
  const results = await Promise.all(
    parsed.map(async ({ index, event }) => {
      const raw = keys.get(event.author);
      if (!raw) return { index, reason: 'unknown-author' as const, event: null };
      let key = imported.get(event.author);
      if (!key) imported.set(event.author, (key = importPublicKeyRaw(raw).catch(() => null)));
      const ok = await key.then((k) => (k ? verifyEventWithKey(event, k) : false));
      return ok
        ? { index, event, reason: null }
        : { index, reason: 'signature' as const, event: null };
    }),
  );
  const events: ChatEvent[] = [];
  for (const r of results) {
    if (r.event) events.push(r.event);
    else dropped.push({ index: r.index, reason: r.reason });
  }
  dropped.sort((a, b) => a.index - b.index);
  return { events, dropped };
}
