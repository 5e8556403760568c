/**
 * The production transport: PeerJS against the worker that served this page, with ICE servers
 * (TURN when the worker has credentials) from its `GET /turn`. PeerJS itself is loaded here with
 * a dynamic import, so it never delays the first render; the /turn request runs alongside the
 * PeerJS chunk's download and is bounded by TURN_WAIT_MS, after which STUN is used.
 */
import type { IdentityKeys } from '../../lib/identity';
import { signToken } from '../../lib/signalToken';
import type { Transport } from '../transport';

/** Build the page's transport for `keys`: signed tokens, TURN when available. */
export async function peerJsTransportFactory(keys: IdentityKeys): Promise<Transport> {
  const sign = () => signToken(keys.id, keys.privateKey, keys.publicKeyRaw);
  const config = import('../config');
  const source = Promise.all([config, import('../iceServers')]).then(
    ([{ turnUrlFromLocation }, { sharedIceServerSource }]) =>
      sharedIceServerSource({
        id: keys.id,
        signToken: sign,
        url: turnUrlFromLocation(location),
      }),
  );
  // The first answer of /turn is awaited (bounded), so the first connections already have it.
  const [{ PeerJsTransport }, { signalingServerFromLocation }, ice] = await Promise.all([
    import('./PeerJsTransport'),
    config,
    source.then(async (s) => {
      await s.within();
      return s;
    }),
  ]);
  return new PeerJsTransport({
    id: keys.id,
    signToken: sign,
    server: signalingServerFromLocation(location),
    // Read for every connection: fresh TURN credentials, not the ones of the tab's first minute.
    iceServers: () => ice.current(),
  });
}
