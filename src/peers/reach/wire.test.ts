import { describe, expect, it } from 'vitest';
import { createReachToken, reachHash, REACH_METADATA_KEY, reachTokenOf } from '../../lib/reach';
import { randomPeerId } from '../memory/MemoryHub';
import { offerMetadata, registrationFrame, sameHashes } from './wire';

describe('reach on the signaling wire [SIG-REACH-2][SIG-REACH-3]', () => {
  it('[SIG-REACH-3] an OFFER to a peer we hold a token for carries it, over any caller key', () => {
    const peer = randomPeerId();
    const token = createReachToken();
    const reach = { present: new Map([[peer, token]]), hashes: [] };
    const merged = offerMetadata({ ch: 'tag', [REACH_METADATA_KEY]: 'forged' }, peer, reach);
    expect(merged).toEqual({ ch: 'tag', [REACH_METADATA_KEY]: token });
    expect(reachTokenOf(merged)).toBe(token);
  });

  it('[SIG-REACH-3] without a token the metadata is left as the caller gave it', () => {
    const metadata = { call: 'c1' };
    const reach = { present: new Map([[randomPeerId(), createReachToken()]]), hashes: [] };
    expect(offerMetadata(metadata, randomPeerId(), reach)).toBe(metadata);
    expect(offerMetadata(metadata, randomPeerId(), null)).toBe(metadata);
  });

  it('[SIG-REACH-2] the registration frame is the whole set under payload.hashes', async () => {
    const hashes = [await reachHash(createReachToken()), await reachHash(createReachToken())];
    expect(JSON.parse(JSON.stringify(registrationFrame(hashes)))).toEqual({
      type: 'REACH',
      payload: { hashes },
    });
    expect(sameHashes(hashes, [...hashes].reverse())).toBe(true);
    expect(sameHashes(hashes, hashes.slice(1))).toBe(false);
  });
});
