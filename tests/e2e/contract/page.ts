/**
 * Runs the Transport contract checks (src/peers/transportChecks.ts) against the real
 * PeerJS adapter in a browser page: two PeerJsTransports with fresh identities, signed
 * ids, the local signaling worker. Bundled by transportContract.spec.ts and injected
 * into a document of the worker's origin; nothing of it ships in the app.
 */
import { generateIdentityKeys } from '../../../src/lib/identity';
import { createReachToken, reachHash } from '../../../src/lib/reach';
import { signToken } from '../../../src/lib/signalToken';
import { signalingServerFromLocation } from '../../../src/peers/config';
import { PeerJsTransport } from '../../../src/peers/peerjs/PeerJsTransport';
import { runTransportChecks, type CheckResult } from '../../../src/peers/transportContract';

async function transport(): Promise<PeerJsTransport> {
  const keys = await generateIdentityKeys();
  return new PeerJsTransport({
    id: keys.id,
    signToken: () => signToken(keys.id, keys.privateKey, keys.publicKeyRaw),
    server: signalingServerFromLocation(location),
    // Loopback only: host candidates, no STUN or TURN to wait for.
    iceServers: [],
  });
}

/**
 * Make `a` and `b` reach each other as friends do through the worker's gate ([SIG-REACH-3]):
 * each registers the hash of a token and the other presents it, so the checks run on the path
 * friends use rather than on the few OFFERs a stranger's trickle lets through ([SIG-REACH-4]).
 */
async function befriend(a: PeerJsTransport, b: PeerJsTransport): Promise<void> {
  const [toA, toB] = [createReachToken(), createReachToken()];
  a.setReach({ present: new Map([[b.id, toB]]), hashes: [await reachHash(toA)] });
  b.setReach({ present: new Map([[a.id, toA]]), hashes: [await reachHash(toB)] });
}

async function run(timeoutMs: number): Promise<CheckResult[]> {
  return runTransportChecks(
    async () => {
      const [a, b] = await Promise.all([transport(), transport()]);
      // The checks dial each other dozens of times a minute, as friends may; strangers may not.
      a.trust([b.id]);
      b.trust([a.id]);
      await befriend(a, b);
      const absent = (await generateIdentityKeys()).id;
      return {
        a,
        b,
        absent,
        teardown: () => {
          a.destroy();
          b.destroy();
        },
      };
    },
    { timeoutMs },
  );
}

(window as unknown as { plumeContract: typeof run }).plumeContract = run;
