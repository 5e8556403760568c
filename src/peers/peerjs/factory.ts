/**
 * The production transport: PeerJS against the worker that served this page, with ICE servers
 * (TURN when the worker has credentials) from its `GET /turn`. PeerJS itself is loaded here with
 * a dynamic import, so it never delays the first render. Nothing waits for `/turn`: the source
 * asks once the signaling socket has been open long enough for the worker to mint, and the
 * connections before that use STUN ([TURN-7], [TURN-8]).
 */
import type { IdentityKeys } from '../../lib/identity';
import { signToken } from '../../lib/signalToken';
import type { Transport } from '../transport';

/** Build the page's transport for `keys`: signed tokens, TURN when available. */
export async function peerJsTransportFactory(keys: IdentityKeys): Promise<Transport> {
  const sign = () => signToken(keys.id, keys.privateKey, keys.publicKeyRaw);
  const [{ PeerJsTransport }, config, { followSignaling, sharedIceServerSource }] =
    await Promise.all([import('./PeerJsTransport'), import('../config'), import('../iceServers')]);
  const ice = sharedIceServerSource({
    id: keys.id,
    signToken: sign,
    url: config.turnUrlFromLocation(location),
  });
  const transport = new PeerJsTransport({
    id: keys.id,
    signToken: sign,
    server: config.signalingServerFromLocation(location),
    // Read for every connection: fresh TURN credentials, not the ones of the tab's first minute.
    iceServers: () => ice.current(),
  });
  // Lives as long as the transport: a destroyed one reports 'offline' last, then goes quiet.
  followSignaling(ice, transport);
  return transport;
}
