/**
 * [MOM-2] Checking the events a friend sends in our pair's moments log: shape, address, and
 * signature — the author's pinned key (mine or theirs), and for a forward also the writer's key
 * it carries, which must hash to the writer's id. What fails is dropped and logged.
 */
import { base64urlDecode } from '../../lib/base64url';
import { peerIdFromPublicKey, type PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { addressError } from '../../lib/moments/address';
import { parseMoment, verifyMoment, type MomentEvent } from '../../lib/moments/events';

const logger = log('peers:moments');

/** Who the pair is, with both keys. */
export interface PairKeys {
  me: PeerId;
  myPub: Uint8Array;
  peer: PeerId;
  peerPub: Uint8Array;
}

/** The events of `raw` that pass every check, in the order given. */
export async function checkIncoming(
  raw: readonly unknown[],
  keys: PairKeys,
): Promise<MomentEvent[]> {
  const out: MomentEvent[] = [];
  for (const value of raw) {
    const reason = await refusal(value, keys);
    if (typeof reason === 'string')
      logger.warn('dropping a moments event from', keys.peer, `(${reason})`);
    else out.push(reason);
  }
  return out;
}

async function refusal(value: unknown, keys: PairKeys): Promise<MomentEvent | string> {
  const event = parseMoment(value);
  if (typeof event === 'string') return event;
  const misaddressed = addressError(event, keys.me, keys.peer);
  if (misaddressed) return misaddressed;
  const pub = event.author === keys.me ? keys.myPub : keys.peerPub;
  if (!(await verifyMoment(event, pub))) return 'signature';
  if (event.type !== 'mom.fwd') return event;
  const { event: inner, pub: innerPub } = (event as MomentEvent<'mom.fwd'>).body;
  const raw = base64urlDecode(innerPub);
  if (!raw || raw.length !== 32 || (await peerIdFromPublicKey(raw)) !== inner.author)
    return 'writer key';
  return (await verifyMoment(inner, raw)) ? event : 'writer signature';
}
